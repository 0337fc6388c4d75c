import { getFormProps, getInputProps } from '@conform-to/react'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { NewPasswordFields } from '~/components/new-password-fields.tsx'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import {
  AuthCard,
  Field,
  FormAlert,
  LinkProblemCard,
  SubmitButton,
  useValidatedForm,
} from '~/components/forms.tsx'
import { withConfirmation } from '~/domain/identity/password-policy.ts'
import { SIGNUP_LINK_PROBLEM } from '~/domain/identity/link-problems.ts'
import { completeSignup, findSignupVerification } from '~/domain/identity/signup.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { handleAction } from '~/utils/action.server.ts'
import { createSession } from '~/utils/auth.server.ts'
import { redirectWithNotice } from '~/utils/notice.server.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['_auth+/signup_.complete.tsx']

const CompleteSignupSchema = withConfirmation({
  intent: z.literal('complete'),
  token: z.string().min(1),
  name: z
    .string({ error: 'Enter your name' })
    .trim()
    .min(2, 'Enter your full name')
    .max(120, 'Use at most 120 characters'),
})

export const meta: MetaFunction = () => [{ title: 'Finish creating your account · Haven' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccess(request, POLICY.loader)
  const token = new URL(request.url).searchParams.get('token') ?? ''
  const verification = await findSignupVerification(token)
  return { token: verification ? token : null, email: verification?.email ?? null }
}

export async function action({ request }: ActionFunctionArgs) {
  return handleAction(request, {
    policy: POLICY,
    schema: CompleteSignupSchema,
    hideFields: ['password', 'confirmPassword'],
    perform: async (input) => {
      const user = await completeSignup(input)
      const cookie = await createSession(user.id, request)
      return redirectWithNotice('/patient', 'Your account is ready. Welcome to Haven.', {
        headers: { 'Set-Cookie': cookie },
      })
    },
  })
}

export default function CompleteSignupPage() {
  const { token, email } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useValidatedForm('complete-signup', CompleteSignupSchema, actionData?.result)

  if (!token) return <LinkProblemCard message={SIGNUP_LINK_PROBLEM} to="/signup" action="Start again" />

  return (
    <AuthCard title="Finish creating your account" intro={<p>Your email {email} is confirmed.</p>}>
      <Form method="post" {...getFormProps(form)} className="space-y-5">
        <FormAlert id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="complete" />
        <input type="hidden" name="token" value={token} />
        <Field
          label="Your full name"
          hint="As it appears on your Medicare card, so your receipts and claims match."
          errors={fields.name.errors}
          inputProps={{
            ...getInputProps(fields.name, { type: 'text' }),
            autoComplete: 'name',
            autoFocus: true,
          }}
        />
        <NewPasswordFields
          password={fields.password}
          confirmPassword={fields.confirmPassword}
          labels={{ password: 'Choose a password', confirm: 'Type the password again' }}
        />
        <SubmitButton pendingText="Creating your account…">Create account</SubmitButton>
      </Form>
    </AuthCard>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
