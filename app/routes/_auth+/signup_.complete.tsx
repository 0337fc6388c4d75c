import { getFormProps, getInputProps } from '@conform-to/react'
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
import {
  AuthCard,
  Field,
  FormAlert,
  LinkProblemCard,
  SubmitButton,
  useValidatedForm,
} from '~/components/forms.tsx'
import { withConfirmation } from '~/domain/identity/password-policy.ts'
import { homePathFor } from '~/domain/identity/permissions.ts'
import { createSession, requireAnonymous } from '~/domain/identity/session.server.ts'
import { completeSignup, EmailTakenError, findSignupVerification } from '~/domain/identity/signup.server.ts'
import { InvalidTokenError } from '~/domain/identity/verification.server.ts'
import { readFormData } from '~/utils/form-data.server.ts'

const CompleteSignupSchema = withConfirmation({
  token: z.string().min(1),
  name: z
    .string({ error: 'Enter your name' })
    .trim()
    .min(2, 'Enter your full name')
    .max(120, 'Use at most 120 characters'),
})

export const meta: MetaFunction = () => [{ title: 'Finish creating your account · Haven' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request, homePathFor)
  const token = new URL(request.url).searchParams.get('token') ?? ''
  const verification = await findSignupVerification(token)
  return { token: verification ? token : null, email: verification?.email ?? null }
}

const LINK_PROBLEM = 'This sign-up link has expired or has already been used. Start again to get a new one.'

export async function action({ request }: ActionFunctionArgs) {
  await requireAnonymous(request, homePathFor)
  const submission = parseWithZod(await readFormData(request), { schema: CompleteSignupSchema })
  if (submission.status !== 'success') {
    return data(
      { result: submission.reply({ hideFields: ['password', 'confirmPassword'] }) },
      { status: 400 },
    )
  }
  try {
    const user = await completeSignup(submission.value)
    const cookie = await createSession(user.id, request)
    return redirect('/patient?welcome=1', { headers: { 'Set-Cookie': cookie } })
  } catch (error) {
    if (error instanceof InvalidTokenError || error instanceof EmailTakenError) {
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
}

export default function CompleteSignupPage() {
  const { token, email } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useValidatedForm('complete-signup', CompleteSignupSchema, actionData?.result)

  if (!token) return <LinkProblemCard message={LINK_PROBLEM} to="/signup" action="Start again" />

  return (
    <AuthCard title="Finish creating your account" intro={<p>Your email {email} is confirmed.</p>}>
      <Form method="post" {...getFormProps(form)} className="space-y-5">
        <FormAlert id={form.errorId} errors={form.errors} />
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
