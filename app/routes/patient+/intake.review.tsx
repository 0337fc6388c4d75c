import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { ActionForm, FormAlert, ReplyAlert, SubmitButton, linkClass } from '~/components/forms.tsx'
import { AgreementsSummary, SummarySections } from '~/components/patient-summary.tsx'
import { consentRows } from '~/domain/patients/consents.server.ts'
import { submitIntake } from '~/domain/patients/intake.server.ts'
import { INTAKE_STEPS } from '~/domain/patients/intake.ts'
import { patientSummary } from '~/domain/patients/summary.server.ts'
import { handleAction } from '~/utils/action.server.ts'
import { redirectWithNotice } from '~/utils/notice.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['patient+/intake.review.tsx']

export const meta: MetaFunction = () => [{ title: 'Check your answers · Your intake · Haven' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  const summary = await patientSummary(user.id, { audience: 'patient' })
  if (!summary) throw redirect('/patient/intake')
  const missing = INTAKE_STEPS.filter((step) => !summary.intakeSteps.includes(step.key))
  return { summary, missing, consents: await consentRows(user.id) }
}

export async function action({ request }: ActionFunctionArgs) {
  return handleAction(request, {
    policy: POLICY,
    schema: z.object({ intent: z.literal('submit') }),
    perform: async (_input, user) => {
      await submitIntake(user.id)
      return redirectWithNotice('/patient', 'Thank you. Your intake has been sent to the practice.')
    },
  })
}

export default function IntakeReview() {
  const { summary, missing, consents } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const sendable = missing.length === 0 && !summary.intakeSubmittedAt
  return (
    <>
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-stone-900">Check your answers</h1>
        <p className="mt-1 text-stone-600">
          {summary.intakeSubmittedAt
            ? 'Your intake has been sent to the practice. You can still correct anything in your details.'
            : 'Make sure everything is right, then send it to the practice.'}
        </p>
      </div>
      {/* Refused because a step is unfinished after all: the send button is gone, so it is said here. */}
      {sendable ? null : <ReplyAlert reply={actionData} />}
      {missing.length > 0 ? (
        <FormAlert
          errors={[
            `Some steps are not finished yet: ${missing.map((step) => step.title.toLowerCase()).join(', ')}.`,
          ]}
        />
      ) : null}
      <SummarySections
        sections={summary.sections}
        editPath={(step) => `/patient/intake/${step}`}
        letterId={summary.letter?.id}
      />
      <AgreementsSummary consents={consents} changeTo="/patient/intake/consents" />
      {missing.length > 0 ? (
        <p>
          <Link to={`/patient/intake/${missing[0]!.key}`} className={linkClass}>
            Continue with {missing[0]!.title.toLowerCase()}
          </Link>
        </p>
      ) : summary.intakeSubmittedAt ? (
        <p>
          <Link to="/patient" className={linkClass}>
            Back to your overview
          </Link>
        </p>
      ) : (
        <ActionForm intent="submit" reply={actionData} className="sm:w-64">
          <SubmitButton pendingText="Sending…">Send to the practice</SubmitButton>
        </ActionForm>
      )}
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
