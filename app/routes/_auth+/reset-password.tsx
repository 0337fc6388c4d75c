import { getFormProps } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { NewPasswordFields } from '~/components/new-password-fields.tsx'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { AuthCard, FormAlert, LinkProblemCard, SubmitButton, useValidatedForm } from '~/components/forms.tsx'
import { findPasswordVerification, resetPassword } from '~/domain/identity/password-reset.server.ts'
import { withConfirmation } from '~/domain/identity/password-policy.ts'
import { destroySession } from '~/domain/identity/session.server.ts'
import { InvalidTokenError } from '~/domain/identity/verification.server.ts'
import { readFormData } from '~/utils/form-data.server.ts'

const ResetSchema = withConfirmation({ token: z.string().min(1) })

export const meta: MetaFunction = () => [{ title: 'Choose a new password · Haven' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get('token') ?? ''
  const verification = await findPasswordVerification(token)
  return { token: verification ? token : null, invitation: verification?.purpose === 'staff_invite' }
}

const LINK_PROBLEM = 'This link has expired or has already been used. Ask for a new one below.'

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await readFormData(request), { schema: ResetSchema })
  if (submission.status !== 'success') {
    return data(
      { result: submission.reply({ hideFields: ['password', 'confirmPassword'] }) },
      { status: 400 },
    )
  }
  try {
    await resetPassword(submission.value)
  } catch (error) {
    if (error instanceof InvalidTokenError) {
      return data(
        {
          result: submission.reply({
            formErrors: [LINK_PROBLEM],
            hideFields: ['password', 'confirmPassword'],
          }),
        },
        { status: 400 },
      )
    }
    throw error
  }
  // Every session of the account has ended; clear this browser's cookie too.
  return redirect('/login?notice=password-changed', {
    headers: { 'Set-Cookie': await destroySession(request) },
  })
}

export default function ResetPasswordPage() {
  const { token, invitation } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useValidatedForm('reset-password', ResetSchema, actionData?.result)
  if (!token) return <LinkProblemCard message={LINK_PROBLEM} to="/forgot-password" action="Get a new link" />
  return (
    <AuthCard
      title={invitation ? 'Welcome to Haven: choose your password' : 'Choose a new password'}
      intro={invitation ? 'Set a password to finish setting up your staff account.' : undefined}
    >
      <Form method="post" {...getFormProps(form)} className="space-y-5">
        <FormAlert id={form.errorId} errors={form.errors} />
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
