import { getFormProps, getInputProps } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import {
  AuthCard,
  Field,
  FormAlert,
  linkClass,
  Notice,
  SubmitButton,
  useValidatedForm,
} from '~/components/forms.tsx'
import { authenticator, LoginError } from '~/domain/identity/login.server.ts'
import { homePathFor, landingPathFor } from '~/domain/identity/permissions.ts'
import { createSession, requireAnonymous } from '~/domain/identity/session.server.ts'
import { readFormData } from '~/utils/form-data.server.ts'

const LoginSchema = z.object({
  email: z
    .string({ error: 'Enter your email address' })
    .trim()
    .min(1, 'Enter your email address')
    .max(254, 'That email address is too long'),
  password: z.string({ error: 'Enter your password' }).min(1, 'Enter your password'),
  redirectTo: z.string().optional(),
})

export const meta: MetaFunction = () => [{ title: 'Sign in · Haven' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request, homePathFor)
  return null
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAnonymous(request, homePathFor)
  const formData = await readFormData(request.clone())
  const submission = parseWithZod(formData, { schema: LoginSchema })
  if (submission.status !== 'success') {
    return data({ result: submission.reply({ hideFields: ['password'] }) }, { status: 400 })
  }
  let login: Awaited<ReturnType<typeof authenticator.authenticate>>
  try {
    login = await authenticator.authenticate('password', request)
  } catch (error) {
    if (error instanceof LoginError) {
      return data(
        { result: submission.reply({ formErrors: [error.message], hideFields: ['password'] }) },
        error.reason === 'throttled'
          ? { status: 429, headers: { 'Retry-After': String(error.retryAfterMinutes * 60) } }
          : { status: 400 },
      )
    }
    throw error
  }
  const cookie = await createSession(login.userId, request)
  return redirect(landingPathFor(login, submission.value.redirectTo), {
    headers: { 'Set-Cookie': cookie },
  })
}

export default function LoginPage() {
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const redirectTo = searchParams.get('redirectTo') ?? ''
  const [form, fields] = useValidatedForm('login', LoginSchema, actionData?.result)
  const notice = searchParams.get('notice')
  return (
    <AuthCard title="Sign in" intro="Welcome back. Sign in to see your appointments and messages.">
      {notice === 'password-changed' ? (
        <div className="mb-4">
          <Notice>Your password has been changed. Sign in with your new password.</Notice>
        </div>
      ) : null}
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
        <Field
          label="Password"
          errors={fields.password.errors}
          inputProps={{
            ...getInputProps(fields.password, { type: 'password' }),
            autoComplete: 'current-password',
          }}
        />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <SubmitButton pendingText="Signing in…">Sign in</SubmitButton>
      </Form>
      <div className="mt-6 flex flex-col gap-2 text-sm sm:flex-row sm:justify-between">
        <Link to="/forgot-password" className={linkClass}>
          Forgot your password?
        </Link>
        <Link to="/signup" className={linkClass}>
          New to Haven? Create an account
        </Link>
      </div>
    </AuthCard>
  )
}
