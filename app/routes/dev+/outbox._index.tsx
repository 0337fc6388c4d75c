import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { ActionForm } from '~/components/forms.tsx'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { handleAction } from '~/utils/action.server.ts'
import { requireDevPage } from '~/utils/dev-pages.server.ts'
import { clearOutbox, listOutbox, outboxDir } from '../../../tests/mocks/outbox.server.ts'
import { invariantResponse } from '~/utils/invariant.ts'

const POLICY = ROUTE_POLICIES['dev+/outbox._index.tsx']

// Dev-only: the emails the Resend stand-in and the SMS the Twilio stand-in accepted, in one list;
// a signed-in non-manager sees only their own.
// 404 unless HAVEN_STANDINS=true and the browser is on this computer.

// Without stand-ins the loader 404s; fall back to the root's meta so the page looks like any other 404.
export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data
    ? [{ title: 'Outbox · Haven (stand-ins)' }]
    : (matches.find((match) => match.id === 'root')?.meta ?? [])

const sydneyTime = new Intl.DateTimeFormat('en-AU', {
  timeZone: 'Australia/Sydney',
  dateStyle: 'medium',
  timeStyle: 'medium',
})

export async function loader(args: LoaderFunctionArgs) {
  const { onlyTo } = await requireDevPage(args)
  const messages = await listOutbox({ to: onlyTo })
  return {
    folder: outboxDir(),
    canClear: onlyTo === undefined,
    messages: messages.map(({ id, channel, to, subject, text, createdAt }) => ({
      id,
      channel,
      to: to.join(', '),
      subject,
      // An SMS has no subject: its text is what it says.
      title: channel === 'sms' ? text : subject,
      createdAt,
      when: sydneyTime.format(new Date(createdAt)),
    })),
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  return handleAction(request, {
    policy: POLICY,
    context,
    schema: z.object({ intent: z.literal('clear') }),
    perform: async (_input, { onlyTo }) => {
      // Clearing deletes everyone's mail: only for those who see it all.
      invariantResponse(onlyTo === undefined, 'Forbidden', 403)
      await clearOutbox()
      return redirect('/dev/outbox')
    },
  })
}

export default function OutboxIndex() {
  const { folder, canClear, messages } = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  return (
    <main id="main" className="mx-auto w-full max-w-5xl flex-1 px-4 py-8 text-stone-900">
      <div className="flex flex-wrap items-baseline justify-between gap-4">
        <h1 className="text-2xl font-semibold">Outbox</h1>
        {canClear ? (
          <ActionForm intent="clear" reply={reply}>
            <button
              type="submit"
              className="rounded border border-stone-400 px-3 py-1.5 text-sm font-medium hover:bg-stone-100"
            >
              Clear
            </button>
          </ActionForm>
        ) : null}
      </div>
      <p className="mt-2 text-sm text-stone-700">
        Emails the app sent to the local Resend stand-in and text messages it sent to the local Twilio
        stand-in, newest first. Times are Sydney time. Stored in{' '}
        <code className="rounded bg-stone-100 px-1">{folder}</code>.
      </p>

      {messages.length === 0 ? (
        <p className="mt-8 text-stone-700">No messages yet.</p>
      ) : (
        // On a phone the table scrolls sideways inside its box instead of spilling under the page.
        <div className="mt-6 overflow-x-auto">
          <table className="w-full border-collapse text-left text-sm">
            <caption className="sr-only">Recorded emails and text messages, newest first</caption>
            <thead>
              <tr className="border-b border-stone-300">
                <th scope="col" className="py-2 pr-4 font-semibold">
                  When
                </th>
                <th scope="col" className="py-2 pr-4 font-semibold">
                  Channel
                </th>
                <th scope="col" className="py-2 pr-4 font-semibold">
                  To
                </th>
                <th scope="col" className="py-2 font-semibold">
                  Subject or text
                </th>
              </tr>
            </thead>
            <tbody>
              {messages.map((message) => (
                <tr key={message.id} className="border-b border-stone-200 align-top">
                  <td className="py-2 pr-4 whitespace-nowrap">
                    <time dateTime={message.createdAt}>{message.when}</time>
                  </td>
                  <td className="py-2 pr-4">
                    <ChannelBadge channel={message.channel} />
                  </td>
                  {/* A number reads best whole; an address may need breaking anywhere. */}
                  <td
                    className={`py-2 pr-4 ${message.channel === 'sms' ? 'whitespace-nowrap' : 'break-all'}`}
                  >
                    {message.to}
                  </td>
                  <td className="py-2">
                    <Link
                      to={`/dev/outbox/${message.id}`}
                      className="font-medium text-brand-700 underline underline-offset-4 hover:text-brand-800"
                    >
                      {message.title}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  )
}

const channelNames = { email: 'Email', sms: 'SMS' } as const

function ChannelBadge({ channel }: { channel: keyof typeof channelNames }) {
  const colours =
    channel === 'sms'
      ? 'border-sky-300 bg-sky-50 text-sky-900'
      : 'border-stone-300 bg-stone-50 text-stone-800'
  return (
    <span className={`inline-block rounded border px-1.5 py-0.5 text-xs font-semibold ${colours}`}>
      {channelNames[channel]}
    </span>
  )
}

export function ErrorBoundary() {
  return (
    <main id="main" className="mx-auto w-full max-w-3xl flex-1 px-4 py-12">
      <GeneralErrorBoundary />
    </main>
  )
}
