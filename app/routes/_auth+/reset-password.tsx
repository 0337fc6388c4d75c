import { getFormProps } from '@conform-to/react'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { NewPasswordFields } from '~/components/new-password-fields.tsx'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { AuthCard, FormAlert, LinkProblemCard, SubmitButton, useValidatedForm } from '~/components/forms.tsx'
import { RESET_LINK_PROBLEM } from '~/domain/identity/link-problems.ts'
import { findPasswordVerification, resetPassword } from '~/domain/identity/password-reset.server.ts'
import { withConfirmation } from '~/domain/identity/password-policy.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { handleAction } from '~/utils/action.server.ts'
import { destroySession } from '~/utils/auth.server.ts'
import { redirectWithNotice } from '~/utils/notice.server.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['_auth+/reset-password.tsx']

const ResetSchema = withConfirmation({ intent: z.literal('reset'), token: z.string().min(1) })

export const meta: MetaFunction = () => [{ title: 'Choose a new password · Haven' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccess(request, POLICY.loader)
  const token = new URL(request.url).searchParams.get('token') ?? ''
  const verification = await findPasswordVerification(token)
  return { token: verification ? token : null, invitation: verification?.purpose === 'staff_invite' }
}

export async function action({ request }: ActionFunctionArgs) {
  return handleAction(request, {
    policy: POLICY,
    schema: ResetSchema,
    hideFields: ['password', 'confirmPassword'],
    perform: async (input) => {
      await resetPassword(input)
      // Every session of the account has ended; clear this browser's cookie too.
      return redirectWithNotice('/login', 'Your password has been changed. Sign in with your new password.', {
        headers: { 'Set-Cookie': await destroySession(request) },
      })
    },
  })
}

export default function ResetPasswordPage() {
  const { token, invitation } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useValidatedForm('reset-password', ResetSchema, actionData?.result)
  if (!token)
    return <LinkProblemCard message={RESET_LINK_PROBLEM} to="/forgot-password" action="Get a new link" />
  return (
    <AuthCard
      title={invitation ? 'Welcome to Haven: choose your password' : 'Choose a new password'}
      intro={invitation ? 'Set a password to finish setting up your staff account.' : undefined}
    >
      <Form method="post" {...getFormProps(form)} className="space-y-5">
        <FormAlert id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="reset" />
        <input type="hidden" name="token" value={token} />
        <NewPasswordFields
          password={fields.password}
          confirmPassword={fields.confirmPassword}
          labels={{ password: 'New password', confirm: 'Type the new password again' }}
          focusFirst
        />
        <SubmitButton pendingText="Saving…">Save password</SubmitButton>
      </Form>
    </AuthCard>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
