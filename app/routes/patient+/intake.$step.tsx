import { getFormProps } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import {
  AboutFields,
  ContactsFields,
  K10Fields,
  MedicareFields,
  NeedsFields,
  ReferralFields,
} from '~/components/intake-fields.tsx'
import { FormAlert, SubmitButton, linkClass, useValidatedForm } from '~/components/forms.tsx'
import { MAX_UPLOAD_BYTES, UploadError, validateUpload } from '~/domain/patients/files.server.ts'
import { stepDefaults } from '~/domain/patients/intake-defaults.server.ts'
import {
  type DataStep,
  getIntake,
  saveIntakeStep,
  type UploadedLetter,
} from '~/domain/patients/intake.server.ts'
import { INTAKE_STEPS, STEP_SCHEMAS, stepIndex } from '~/domain/patients/intake.ts'
import { MAX_FORM_BYTES, readFormData } from '~/utils/form-data.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['patient+/intake.$step.tsx']

function dataStep(param: string | undefined): DataStep {
  if (param && param in STEP_SCHEMAS) return param as DataStep
  throw new Response('Not found', { status: 404 })
}

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

const LETTER_TOO_LARGE = `That file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB. Try a smaller photo or a PDF.`

async function readForm(request: Request, step: DataStep) {
  if (step !== 'referral') return { formData: await readFormData(request), letter: undefined }
  const formData = await readFormData(request, { maxBytes: MAX_UPLOAD_BYTES + MAX_FORM_BYTES })
  const file = formData.get('referralLetter')
  const letter: UploadedLetter | undefined =
    file instanceof File && file.size > 0
      ? { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }
      : undefined
  return { formData, letter }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireAccess(request, POLICY.intents.save)
  const step = dataStep(params.step)
  let form: Awaited<ReturnType<typeof readForm>>
  try {
    form = await readForm(request, step)
  } catch (error) {
    if (step === 'referral' && error instanceof Response && error.status === 413) {
      return data({ result: null, letterErrors: [LETTER_TOO_LARGE] }, { status: 413 })
    }
    throw error
  }
  const submission = parseWithZod(form.formData, { schema: STEP_SCHEMAS[step] })
  if (submission.status !== 'success') {
    return data({ result: submission.reply(), letterErrors: [] as string[] }, { status: 400 })
  }
  if (form.letter) {
    try {
      validateUpload(form.letter)
    } catch (error) {
      if (error instanceof UploadError) {
        return data({ result: submission.reply(), letterErrors: [error.message] }, { status: 400 })
      }
      throw error
    }
  }
  const editing = form.formData.get('from') === 'profile'
  const saved = await saveIntakeStep({
    userId: user.id,
    actorId: user.id,
    step,
    values: submission.value as never,
    letter: form.letter,
    source: editing ? 'profile' : 'intake',
  })
  if (editing) return redirect(`/patient/profile?saved=${step}${saved.crisis ? '&support=1' : ''}`)
  const next =
    stepIndex(step) + 1 < INTAKE_STEPS.length ? INTAKE_STEPS[stepIndex(step) + 1]!.key : saved.nextStep
  return redirect(`/patient/intake/${next}${saved.crisis ? '?support=1' : ''}`)
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
  const [form, fields] = useValidatedForm(`intake-${step}`, STEP_SCHEMAS[step], actionData?.result, defaults)
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
        {editing ? <input type="hidden" name="from" value="profile" /> : null}
        <StepFields
          fields={fields as never}
          email={email}
          letter={letter}
          letterErrors={actionData?.letterErrors}
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
