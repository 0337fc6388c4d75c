import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { ActionForm, AuthCard, linkClass, SubmitButton } from '~/components/forms.tsx'
import { UNSUBSCRIBE_LINK_PROBLEM } from '~/domain/identity/link-problems.ts'
import { readUnsubscribeToken, unsubscribe } from '~/domain/notify/unsubscribe.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { handleAction } from '~/utils/action.server.ts'
import { invariantResponse } from '~/utils/invariant.ts'
import { practiceName } from '~/utils/practice.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['_public+/unsubscribe.tsx']

export const meta: MetaFunction = () => [{ title: 'Unsubscribe from reminders · Haven' }]

const tokenOf = (request: Request) => new URL(request.url).searchParams.get('token') ?? ''

// Opening the link only asks: mail scanners open every link in a message, so a GET changes nothing.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccess(request, POLICY.loader)
  const token = tokenOf(request)
  const target = readUnsubscribeToken(token)
  invariantResponse(target, UNSUBSCRIBE_LINK_PROBLEM, 400)
  // Which reminders it stops; whose is not shown (a link may have been forwarded).
  return { token, channel: target.channel }
}

// The page's button sends the token as a field; a mail client's one-click unsubscribe (RFC 8058)
// posts `List-Unsubscribe=One-Click` to the link itself, with the token in its query.
const UnsubscribeSchema = z.object({
  intent: z.literal('unsubscribe'),
  token: z.string().max(300).optional(),
  'List-Unsubscribe': z.literal('One-Click').optional(),
})

export async function action({ request }: ActionFunctionArgs) {
  return handleAction(request, {
    policy: POLICY,
    schema: UnsubscribeSchema,
    perform: async (input) => {
      const { channel } = await unsubscribe(input.token ?? tokenOf(request))
      return { unsubscribed: channel }
    },
  })
}

const WORDS = {
  email: { what: 'reminder emails', title: 'Stop reminder emails' },
  sms: { what: 'reminder texts', title: 'Stop reminder texts' },
} as const

export default function UnsubscribePage() {
  const { token, channel } = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  const words = WORDS[channel]
  if (reply && 'unsubscribed' in reply) {
    return (
      <AuthCard title={`${words.what[0]!.toUpperCase()}${words.what.slice(1)} are off`}>
        <p role="status" className="text-stone-700">
          You will not get {words.what} from {practiceName} any more. Emails about your bookings
          (confirmations, changes and cancellations), receipts and security emails still come.
        </p>
        <p className="mt-4 text-stone-700">
          Changed your mind?{' '}
          <Link to="/patient/profile" className={linkClass}>
            Sign in and turn reminders back on under Your details
          </Link>
          .
        </p>
      </AuthCard>
    )
  }
  return (
    <AuthCard title={`${words.title} from ${practiceName}?`}>
      <p className="text-stone-700">
        Reminders come before each session. Emails about your bookings (confirmations, changes and
        cancellations), receipts and security emails still come either way.
      </p>
      <ActionForm intent="unsubscribe" fields={{ token }} reply={reply} className="mt-6 space-y-4">
        <SubmitButton pendingText="Stopping…">{words.title}</SubmitButton>
      </ActionForm>
    </AuthCard>
  )
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusPages={{ 400: { title: 'This unsubscribe link does not work', body: UNSUBSCRIBE_LINK_PROBLEM } }}
    />
  )
}
