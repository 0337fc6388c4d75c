import { getFormProps, getInputProps } from '@conform-to/react'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
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
import { requestSignup } from '~/domain/identity/signup.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { handleAction } from '~/utils/action.server.ts'
import { getClientIp } from '~/utils/client-ip.server.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['_auth+/signup.tsx']

const SignupSchema = z.object({ intent: z.literal('sign-up'), email: emailSchema })

export const meta: MetaFunction = () => [{ title: 'Create your account · Haven' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccess(request, POLICY.loader)
  return null
}

export async function action({ request }: ActionFunctionArgs) {
  return handleAction(request, {
    policy: POLICY,
    schema: SignupSchema,
    perform: async ({ email }, _actor, submission) => {
      await requestSignup(email, { ip: getClientIp(request) })
      // The same answer whether or not the address already has an account.
      return { result: submission.reply({ resetForm: true }), sentTo: email }
    },
  })
}

export default function SignupPage() {
  const actionData = useActionData<typeof action>()
  const [form, fields] = useValidatedForm('signup', SignupSchema, actionData?.result)

  const sent = actionData && 'sentTo' in actionData ? actionData : null
  if (sent) {
    return (
      <EmailSentCard
        nothingArrived={
          <>
            Nothing arrived after a few minutes? Check your junk folder, or{' '}
            <Link to="/signup" reloadDocument className={linkClass}>
              try again
            </Link>
            .
          </>
        }
      >
        <p>
          We have sent a link to <strong>{sent.sentTo}</strong>. Open it to finish creating your account. The
          link works for 24 hours.
        </p>
        <p>If you already have an account with this address, the email explains how to sign in instead.</p>
      </EmailSentCard>
    )
  }

  return (
    <AuthCard
      title="Create your account"
      intro="Start with your email address. We will send you a link to confirm it's yours."
    >
      <Form method="post" {...getFormProps(form)} className="space-y-5">
        <FormAlert id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="sign-up" />
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

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
