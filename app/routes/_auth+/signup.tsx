import { getFormProps, getInputProps } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData } from '@remix-run/react'
import { z } from 'zod'
import { AuthCard, Field, FormAlert, linkClass, SubmitButton, useValidatedForm } from '~/components/forms.tsx'
import { emailSchema } from '~/domain/identity/email.ts'
import { homePathFor } from '~/domain/identity/permissions.ts'
import { requireAnonymous } from '~/domain/identity/session.server.ts'
import { requestSignup } from '~/domain/identity/signup.server.ts'
import { readFormData } from '~/utils/form-data.server.ts'
import { getClientIp } from '~/utils/client-ip.server.ts'
import { minutesText, RateLimitedError, retryAfterHeaders } from '~/utils/rate-limit.server.ts'

const SignupSchema = z.object({ email: emailSchema })

export const meta: MetaFunction = () => [{ title: 'Create your account · Haven' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request, homePathFor)
  return null
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAnonymous(request, homePathFor)
  const submission = parseWithZod(await readFormData(request), { schema: SignupSchema })
  if (submission.status !== 'success') {
    return data({ result: submission.reply(), sentTo: null }, { status: 400 })
  }
  try {
    await requestSignup(submission.value.email, { ip: getClientIp(request) })
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error
    const message = `Too many sign-up requests just now. Please try again in ${minutesText(error.retryAfterSeconds)}.`
    return data(
      { result: submission.reply({ formErrors: [message] }), sentTo: null },
      { status: 429, headers: retryAfterHeaders(error) },
    )
  }
  // The same answer whether or not the address already has an account.
  return { result: submission.reply({ resetForm: true }), sentTo: submission.value.email }
}

export default function SignupPage() {
  const actionData = useActionData<typeof action>()
  const [form, fields] = useValidatedForm('signup', SignupSchema, actionData?.result)

  if (actionData?.sentTo) {
    return (
      <AuthCard title="Check your email">
        <div role="status" className="space-y-3 text-stone-700">
          <p>
            We have sent a link to <strong>{actionData.sentTo}</strong>. Open it to finish creating your
            account. The link works for 24 hours.
          </p>
          <p>If you already have an account with this address, the email explains how to sign in instead.</p>
          <p className="text-sm text-stone-600">
            Nothing arrived after a few minutes? Check your junk folder, or{' '}
            <Link to="/signup" reloadDocument className={linkClass}>
              try again
            </Link>
            .
          </p>
        </div>
      </AuthCard>
    )
  }

  return (
    <AuthCard
      title="Create your account"
      intro="Start with your email address. We will send you a link to confirm it's yours."
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
        <SubmitButton pendingText="Sending…">Email me a link</SubmitButton>
      </Form>
      <p className="mt-6 text-sm text-stone-600">
        Already have an account?{' '}
        <Link to="/login" className={linkClass}>
          Sign in
        </Link>
      </p>
    </AuthCard>
  )
}
