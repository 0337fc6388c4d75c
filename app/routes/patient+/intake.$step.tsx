import { getFormProps } from '@conform-to/react'
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import {
  AboutFields,
  ContactsFields,
  K10Fields,
  MedicareFields,
  NeedsFields,
  ReferralFields,
} from '~/components/intake-fields.tsx'
import { FormAlert, SubmitButton, linkClass, useValidatedForm } from '~/components/forms.tsx'
import { MAX_UPLOAD_BYTES, uploadProblemMessage, validateUpload } from '~/domain/patients/files.server.ts'
import { stepDefaults } from '~/domain/patients/intake-defaults.server.ts'
import {
  type DataStep,
  getIntake,
  saveIntakeStep,
  type UploadedLetter,
} from '~/domain/patients/intake.server.ts'
import { INTAKE_STEPS, REFERRAL_LETTER_FIELD, STEP_SCHEMAS, stepIndex } from '~/domain/patients/intake.ts'
import { type ActionReply, handleAction } from '~/utils/action.server.ts'
import { MAX_FORM_BYTES } from '~/utils/form-data.server.ts'
import { invariantResponse } from '~/utils/invariant.ts'
import { redirectWithNotice } from '~/utils/notice.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['patient+/intake.$step.tsx']

function dataStep(param: string | undefined): DataStep {
  invariantResponse(param && param in STEP_SCHEMAS, 'There is no such step in the intake.', 404)
  return param as DataStep
}

/** Each step's own schema, sent as the "save" intent; "from" says the profile page sent it. */
const withSaveIntent = <S extends z.ZodType>(schema: S) =>
  z.object({ intent: z.literal('save'), from: z.literal('profile').optional() }).and(schema)

const SAVE_SCHEMAS = {
  about: withSaveIntent(STEP_SCHEMAS.about),
  contacts: withSaveIntent(STEP_SCHEMAS.contacts),
  medicare: withSaveIntent(STEP_SCHEMAS.medicare),
  referral: withSaveIntent(STEP_SCHEMAS.referral),
  needs: withSaveIntent(STEP_SCHEMAS.needs),
  k10: withSaveIntent(STEP_SCHEMAS.k10),
} satisfies Record<DataStep, z.ZodType>

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.title} · Your intake · Haven` : 'Your intake · Haven' },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  const step = dataStep(params.step)
  const intake = await getIntake(user.id)
  const index = stepIndex(step)
  return {
    editing: new URL(request.url).searchParams.get('from') === 'profile',
    step,
    title: INTAKE_STEPS[index]!.title,
    index,
    previous: INTAKE_STEPS[index - 1]?.key ?? null,
    email: user.email,
    defaults: stepDefaults(step, intake),
    letter: intake.referral?.letter ?? null,
  }
}

async function letterIn(payload: Record<string, unknown>): Promise<UploadedLetter | undefined> {
  const file = payload[REFERRAL_LETTER_FIELD]
  if (!(file instanceof File) || file.size === 0) return undefined
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const uploads = params.step === 'referral'
  try {
    return await handleAction(request, {
      policy: POLICY,
      schema: () => SAVE_SCHEMAS[dataStep(params.step)],
      maxBytes: uploads ? MAX_UPLOAD_BYTES + MAX_FORM_BYTES : undefined,
      perform: async ({ intent: _intent, from, ...values }, user, submission) => {
        const step = dataStep(params.step)
        const letter = uploads ? await letterIn(submission.payload) : undefined
        if (letter) validateUpload(letter, 'referral_letter')
        const saved = await saveIntakeStep({
          userId: user.id,
          actorId: user.id,
          step,
          values: values as never,
          letter,
          source: from ?? 'intake',
        })
        const support = saved.crisis ? '?support=1' : ''
        if (from) return redirectWithNotice(`/patient/profile${support}`, 'Your changes are saved.')
        const next =
          stepIndex(step) + 1 < INTAKE_STEPS.length ? INTAKE_STEPS[stepIndex(step) + 1]!.key : saved.nextStep
        return redirect(`/patient/intake/${next}${support}`)
      },
    })
  } catch (error) {
    // Too large to read at all: the letter is what made it so.
    if (uploads && error instanceof Response && error.status === 413) {
      return data<ActionReply>(
        {
          result: {
            status: 'error',
            error: { [REFERRAL_LETTER_FIELD]: [uploadProblemMessage('referral_letter', 'too_large')] },
          },
        },
        { status: 413 },
      )
    }
    throw error
  }
}

const STEP_FIELDS = {
  about: AboutFields,
  contacts: ContactsFields,
  medicare: MedicareFields,
  referral: ReferralFields,
  needs: NeedsFields,
  k10: K10Fields,
} as const

export default function IntakeStep() {
  const { editing, step, title, index, previous, email, defaults, letter } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useValidatedForm(`intake-${step}`, SAVE_SCHEMAS[step], actionData?.result, defaults)
  const StepFields = STEP_FIELDS[step]
  return (
    <>
      <div>
        {editing ? null : (
          <p className="text-sm font-medium text-brand-700">
            Step {index + 1} of {INTAKE_STEPS.length}
          </p>
        )}
        <h1 className="mt-1 text-2xl font-semibold tracking-tight text-stone-900">{title}</h1>
        <p className="mt-1 text-sm text-stone-600">
          {editing
            ? 'Correct anything that has changed. The practice sees your update straight away.'
            : 'Your answers are saved at each step, so you can stop and come back.'}
        </p>
      </div>
      <Form
        key={step}
        method="post"
        encType={step === 'referral' ? 'multipart/form-data' : undefined}
        {...getFormProps(form)}
        className="space-y-6"
      >
        <FormAlert id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="save" />
        {editing ? <input type="hidden" name="from" value="profile" /> : null}
        <StepFields
          fields={fields as never}
          email={email}
          letter={letter}
          letterErrors={actionData?.result.error?.[REFERRAL_LETTER_FIELD] ?? undefined}
        />
        <div className="flex flex-col-reverse items-stretch gap-3 sm:flex-row sm:items-center sm:justify-between">
          {editing ? (
            <Link to="/patient/profile" className={`${linkClass} text-center`}>
              Cancel
            </Link>
          ) : previous ? (
            <Link to={`/patient/intake/${previous}`} className={`${linkClass} text-center`}>
              Back
            </Link>
          ) : (
            <span />
          )}
          <div className="sm:w-56">
            <SubmitButton pendingText="Saving…">
              {editing ? 'Save changes' : 'Save and continue'}
            </SubmitButton>
          </div>
        </div>
      </Form>
    </>
  )
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusPages={{
        404: {
          title: 'We could not find that step of your intake',
          body: 'The link may be old. Your intake carries on from the first step you have not finished.',
        },
        413: {
          title: 'That was too much to send',
          body: 'Go back and shorten what you wrote, then save again.',
        },
      }}
    />
  )
}
