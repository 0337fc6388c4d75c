import { getFormProps, getInputProps } from '@conform-to/react'
import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { AuthCard, Field, FormAlert, linkClass, SubmitButton, useValidatedForm } from '~/components/forms.tsx'
import { authenticator } from '~/domain/identity/login.server.ts'
import { landingPathFor } from '~/domain/identity/permissions.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { handleAction } from '~/utils/action.server.ts'
import { createSession } from '~/utils/auth.server.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['_auth+/login.tsx']

const LoginSchema = z.object({
  intent: z.literal('sign-in'),
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
  await requireAccess(request, POLICY.loader)
  return null
}

export async function action({ request }: ActionFunctionArgs) {
  return handleAction(request, {
    policy: POLICY,
    schema: LoginSchema,
    hideFields: ['password'],
    // remix-auth's form strategy reads the form again.
    readsBodyAgain: true,
    perform: async (input) => {
      const login = await authenticator.authenticate('password', request)
      const cookie = await createSession(login.userId, request)
      return redirect(landingPathFor(login, input.redirectTo), { headers: { 'Set-Cookie': cookie } })
    },
  })
}

export default function LoginPage() {
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const redirectTo = searchParams.get('redirectTo') ?? ''
  const [form, fields] = useValidatedForm('login', LoginSchema, actionData?.result)
  return (
    <AuthCard title="Sign in" intro="Welcome back. Sign in to see your appointments and messages.">
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
        <input type="hidden" name="intent" value="sign-in" />
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

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
