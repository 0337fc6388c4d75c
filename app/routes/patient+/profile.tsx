import { type FieldMetadata, getFormProps, getInputProps } from '@conform-to/react'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useMemo } from 'react'
import { PageHeader } from '~/components/area-shell.tsx'
import { ConsentFields } from '~/components/consent-fields.tsx'
import { CrisisSupport } from '~/components/crisis-support.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import {
  type ActionReplyData,
  ErrorList,
  FormAlert,
  linkClass,
  SubmitButton,
  useValidatedForm,
} from '~/components/forms.tsx'
import {
  AgreementsSummary,
  formatDateTime,
  K10History,
  SummarySections,
} from '~/components/patient-summary.tsx'
import { messagePreferencesSchema } from '~/domain/notify/message-settings.ts'
import { messagePreferences, updateMessagePreferences } from '~/domain/notify/message-views.server.ts'
import { hasOpenRiskFlag } from '~/domain/patients/risk.server.ts'
import { consentRows, currentPolicies } from '~/domain/patients/consents.server.ts'
import { patientSummary } from '~/domain/patients/summary.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { handleAction } from '~/utils/action.server.ts'
import { redirectWithNotice } from '~/utils/notice.server.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['patient+/profile.tsx']

export const meta: MetaFunction = () => [{ title: 'Your details · Haven' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  const [summary, consents, riskFlagged, messages] = await Promise.all([
    patientSummary(user.id, { audience: 'patient' }),
    consentRows(user.id),
    hasOpenRiskFlag(user.id),
    messagePreferences(user.id),
  ])
  return {
    summary,
    riskFlagged,
    consents,
    messages,
  }
}

export async function action({ request }: ActionFunctionArgs) {
  return handleAction(request, {
    policy: POLICY,
    // The SMS policy in force now decides what the text-message answer agrees to.
    schema: async () =>
      messagePreferencesSchema((await currentPolicies()).find((policy) => policy.kind === 'sms') ?? null),
    perform: async (input, user) => {
      await updateMessagePreferences(user.id, {
        emailReminders: input.emailReminders,
        smsReminders: input.smsReminders,
        textMessages: input.sms,
      })
      return redirectWithNotice('/patient/profile#messages', 'Your message choices are saved.')
    },
  })
}

type Preferences = NonNullable<Awaited<ReturnType<typeof loader>>['messages']>

function Checkbox({ field, label }: { field: FieldMetadata<boolean | undefined>; label: string }) {
  return (
    <div>
      <label className="flex min-h-11 items-center gap-3 text-sm text-stone-800">
        <input {...getInputProps(field, { type: 'checkbox' })} className="size-4 accent-brand-700" />
        {label}
      </label>
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  )
}

/** Which messages the patient gets besides the ones that always come, and whether we may text them. */
function MessagePreferences({ preferences, reply }: { preferences: Preferences; reply: ActionReplyData }) {
  const { smsPolicy, textMessages, smsOptedOutAt, hasMobile } = preferences
  const schema = useMemo(() => messagePreferencesSchema(smsPolicy), [smsPolicy])
  const [form, fields] = useValidatedForm('message-preferences', schema, reply?.result, {
    emailReminders: preferences.emailReminders,
    smsReminders: preferences.smsReminders,
    ...(textMessages === null ? {} : { sms: textMessages ? 'yes' : 'no' }),
  })
  return (
    <section
      id="messages"
      aria-labelledby="messages-title"
      className="scroll-mt-6 rounded-xl border border-stone-200 bg-white p-5 shadow-sm"
    >
      <h2 id="messages-title" className="text-base font-semibold text-stone-900">
        Messages
      </h2>
      <p className="mt-1 text-sm text-stone-700">
        Receipts, booking confirmations, changes and cancellations, and security emails (like password resets)
        always come by email. Reminders and texts are up to you.
      </p>
      {smsOptedOutAt ? (
        <p className="mt-3 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          You replied STOP to our texts on {formatDateTime(smsOptedOutAt)}, so we send you no texts. To turn
          texts back on, reply START to our last text message.
        </p>
      ) : null}
      {hasMobile ? null : (
        <p className="mt-3 text-sm text-stone-700">
          Texts need a mobile number.{' '}
          <Link to="/patient/intake/about?from=profile" className={linkClass}>
            Add your mobile
          </Link>
          .
        </p>
      )}
      <Form method="post" {...getFormProps(form)} className="mt-4 space-y-4">
        <FormAlert id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="messages" />
        {smsPolicy ? <ConsentFields policies={[smsPolicy]} fields={fields} headingLevel="h3" /> : null}
        <fieldset>
          <legend className="text-sm font-medium text-stone-800">Reminders before each session</legend>
          <Checkbox field={fields.emailReminders} label="Email me a reminder" />
          <Checkbox field={fields.smsReminders} label="Text me a reminder (when we may text you)" />
        </fieldset>
        <SubmitButton pendingText="Saving…">Save message choices</SubmitButton>
      </Form>
    </section>
  )
}

export default function ProfilePage() {
  const { summary, consents, riskFlagged, messages } = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  if (!summary) {
    return (
      <PageHeader title="Your details">
        You have not started your intake yet.{' '}
        <Link to="/patient/intake" className={linkClass}>
          Start it now
        </Link>
        .
      </PageHeader>
    )
  }
  return (
    <div className="max-w-3xl space-y-4">
      <PageHeader title="Your details">
        What you have told the practice. Keep it up to date; every change is recorded.
      </PageHeader>
      {riskFlagged ? <CrisisSupport announce={searchParams.has('support')} /> : null}
      <SummarySections
        sections={summary.sections}
        editPath={(step) => `/patient/intake/${step}?from=profile`}
        letterId={summary.letter?.id}
      />
      {messages ? (
        <MessagePreferences key={JSON.stringify(messages)} preferences={messages} reply={reply} />
      ) : null}
      <AgreementsSummary consents={consents} changeTo="/patient/intake/consents" />
      {summary.k10 ? <K10History k10={summary.k10} /> : null}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
