import { getFormProps } from '@conform-to/react'
import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useMemo } from 'react'
import { z } from 'zod'
import { ConsentFields } from '~/components/consent-fields.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { FormAlert, linkClass, SubmitButton, useValidatedForm } from '~/components/forms.tsx'
import { type AskedPolicy, consentSchema } from '~/domain/patients/consents.ts'
import {
  consentSummary,
  decisionsFor,
  currentPolicies,
  type CurrentPolicy,
  recordConsentDecisions,
} from '~/domain/patients/consents.server.ts'
import { ensurePatientProfile, markIntakeStepSaved } from '~/domain/patients/intake.server.ts'
import { INTAKE_STEPS, stepIndex } from '~/domain/patients/intake.ts'
import { handleAction } from '~/utils/action.server.ts'
import { db } from '~/utils/db.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['patient+/intake.consents.tsx']

export const meta: MetaFunction = () => [{ title: 'Agreements · Your intake · Haven' }]

const STEP = 'consents'

const formSchema = (policies: readonly AskedPolicy[]) =>
  z.object({ intent: z.literal('consent') }).and(consentSchema(policies))

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  const [policies, decisions] = await Promise.all([currentPolicies(), consentSummary(user.id)])
  // Decisions already made on these versions are shown as made.
  const defaults = Object.fromEntries(
    decisions
      .filter((decision) => decision.accepted !== null)
      .map((decision) => [
        decision.kind,
        decision.required ? (decision.accepted ? 'on' : undefined) : decision.accepted ? 'yes' : 'no',
      ]),
  )
  return {
    index: stepIndex(STEP),
    policies: policies.map(({ kind, version, title, summary, body, required }) => ({
      kind,
      version,
      title,
      summary,
      body,
      required,
    })),
    defaults,
  }
}

export async function action({ request }: ActionFunctionArgs) {
  // What is current now decides what must be answered, never ids from the form.
  let policies: CurrentPolicy[] = []
  return handleAction(request, {
    policy: POLICY,
    schema: async () => {
      policies = await currentPolicies()
      return formSchema(policies)
    },
    perform: async (answers, user) => {
      await db.$transaction(async (tx) => {
        await ensurePatientProfile(tx, user.id)
        await recordConsentDecisions(tx, {
          userId: user.id,
          decisions: decisionsFor(policies, answers),
          source: 'intake',
        })
        await markIntakeStepSaved(tx, user.id, STEP)
      })
      return redirect('/patient/intake/review')
    },
  })
}

export default function IntakeConsents() {
  const { index, policies, defaults } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const schema = useMemo(() => formSchema(policies), [policies])
  const [form, fields] = useValidatedForm('intake-consents', schema, actionData?.result, defaults)
  return (
    <>
      <div>
        <p className="text-sm font-medium text-brand-700">
          Step {index + 1} of {INTAKE_STEPS.length}
        </p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight text-stone-900">Agreements</h1>
        <p className="mt-1 text-sm text-stone-600">
          Please read how we look after your information and how sessions work, and tell us your choices.
        </p>
      </div>
      <Form method="post" {...getFormProps(form)} className="space-y-6">
        <FormAlert id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="consent" />
        <ConsentFields policies={policies} fields={fields} />
        <div className="flex flex-col-reverse items-stretch gap-3 sm:flex-row sm:items-center sm:justify-between">
          <Link to={`/patient/intake/${INTAKE_STEPS[index - 1]!.key}`} className={`${linkClass} text-center`}>
            Back
          </Link>
          <div className="sm:w-56">
            <SubmitButton pendingText="Saving…">Save and continue</SubmitButton>
          </div>
        </div>
      </Form>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
