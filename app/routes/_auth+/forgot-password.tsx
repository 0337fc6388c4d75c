import { getFormProps, getInputProps } from '@conform-to/react'
import { type ActionFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData } from '@remix-run/react'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import {
  AuthCard,
  EmailSentCard,
  Field,
  FormAlert,
  linkClass,
  SubmitButton,
  useValidatedForm,
} from '~/components/forms.tsx'
import { emailSchema } from '~/domain/identity/email.ts'
import { requestPasswordReset } from '~/domain/identity/password-reset.server.ts'
import { VERIFICATION_TTL_MS } from '~/domain/identity/verification.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { handleAction } from '~/utils/action.server.ts'
import { getClientIp } from '~/utils/client-ip.server.ts'

const POLICY = ROUTE_POLICIES['_auth+/forgot-password.tsx']

const ForgotSchema = z.object({ intent: z.literal('request-reset'), email: emailSchema })

export const meta: MetaFunction = () => [{ title: 'Reset your password · Haven' }]

export async function action({ request }: ActionFunctionArgs) {
  return handleAction(request, {
    policy: POLICY,
    schema: ForgotSchema,
    perform: async ({ email }, _actor, submission) => {
      // Counted per address typed, known or not, and the same answer for every email.
      await requestPasswordReset(email, { ip: getClientIp(request) })
      return {
        result: submission.reply({ resetForm: true }),
        sentTo: email,
        minutes: VERIFICATION_TTL_MS.password_reset / 60_000,
      }
    },
  })
}

export default function ForgotPasswordPage() {
  const actionData = useActionData<typeof action>()
  const [form, fields] = useValidatedForm('forgot-password', ForgotSchema, actionData?.result)
  const sent = actionData && 'sentTo' in actionData ? actionData : null
  const backToSignIn = (
    <p className="mt-6 text-sm">
      <Link to="/login" className={linkClass}>
        Back to sign in
      </Link>
    </p>
  )
  if (sent) {
    return (
      <EmailSentCard
        nothingArrived="Nothing arrived? Check your junk folder, or ask again in a minute."
        footer={backToSignIn}
      >
        <p>
          If <strong>{sent.sentTo}</strong> belongs to a Haven account, we have sent it a link to choose a new
          password. The link works once, for {sent.minutes} minutes.
        </p>
      </EmailSentCard>
    )
  }
  return (
    <AuthCard
      title="Reset your password"
      intro="Enter the email you sign in with and we will send you a link."
    >
      <Form method="post" {...getFormProps(form)} className="space-y-5">
        <FormAlert id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="request-reset" />
        <Field
          label="Email"
          errors={fields.email.errors}
          inputProps={{
            ...getInputProps(fields.email, { type: 'email' }),
            autoComplete: 'email',
            autoFocus: true,
          }}
        />
        <SubmitButton pendingText="Sending…">Send reset link</SubmitButton>
      </Form>
      {backToSignIn}
    </AuthCard>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
