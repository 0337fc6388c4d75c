import { getFormProps, getInputProps } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData } from '@remix-run/react'
import { z } from 'zod'
import { AuthCard, Field, FormAlert, linkClass, SubmitButton, useValidatedForm } from '~/components/forms.tsx'
import { emailSchema } from '~/domain/identity/email.ts'
import { requestPasswordReset } from '~/domain/identity/password-reset.server.ts'
import { VERIFICATION_TTL_MS } from '~/domain/identity/verification.server.ts'
import { readFormData } from '~/utils/form-data.server.ts'
import { getClientIp } from '~/utils/client-ip.server.ts'
import { minutesText, RateLimitedError, retryAfterHeaders } from '~/utils/rate-limit.server.ts'

const ForgotSchema = z.object({ email: emailSchema })

export const meta: MetaFunction = () => [{ title: 'Reset your password · Haven' }]

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await readFormData(request), { schema: ForgotSchema })
  if (submission.status !== 'success') {
    return data({ result: submission.reply(), sentTo: null, minutes: 0 }, { status: 400 })
  }
  try {
    await requestPasswordReset(submission.value.email, { ip: getClientIp(request) })
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error
    // Counted per address typed, known or not: the same answer for every email.
    const message = `Too many reset requests just now. Please try again in ${minutesText(error.retryAfterSeconds)}.`
    return data(
      { result: submission.reply({ formErrors: [message] }), sentTo: null, minutes: 0 },
      { status: 429, headers: retryAfterHeaders(error) },
    )
  }
  // The same answer whether or not the address has an account.
  return {
    result: submission.reply({ resetForm: true }),
    sentTo: submission.value.email,
    minutes: VERIFICATION_TTL_MS.password_reset / 60_000,
  }
}

export default function ForgotPasswordPage() {
  const actionData = useActionData<typeof action>()
  const [form, fields] = useValidatedForm('forgot-password', ForgotSchema, actionData?.result)
  if (actionData?.sentTo) {
    return (
      <AuthCard title="Check your email">
        <div role="status" className="space-y-3 text-stone-700">
          <p>
            If <strong>{actionData.sentTo}</strong> belongs to a Haven account, we have sent it a link to
            choose a new password. The link works once, for {actionData.minutes} minutes.
          </p>
          <p className="text-sm text-stone-600">
            Nothing arrived? Check your junk folder, or ask again in a minute.
          </p>
        </div>
        <p className="mt-6 text-sm">
          <Link to="/login" className={linkClass}>
            Back to sign in
          </Link>
        </p>
      </AuthCard>
    )
  }
  return (
    <AuthCard
      title="Reset your password"
      intro="Enter the email you sign in with and we will send you a link."
    >
      <Form method="post" {...getFormProps(form)} className="space-y-5">
        <FormAlert id={form.errorId} errors={form.errors} />
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
      <p className="mt-6 text-sm">
        <Link to="/login" className={linkClass}>
          Back to sign in
        </Link>
      </p>
    </AuthCard>
  )
}
