import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { Fragment } from 'react'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { ActionForm } from '~/components/forms.tsx'
import { UnavailableError } from '~/domain/errors.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { handleAction } from '~/utils/action.server.ts'
import { requireDevPage } from '~/utils/dev-pages.server.ts'
import { extractLinks, getOutboxMessage } from '../../../tests/mocks/outbox.server.ts'
import { simulateInboundSms } from '../../../tests/mocks/twilio/webhooks.server.ts'
import { invariantResponse } from '~/utils/invariant.ts'
import { action as receiveInbound } from '../webhooks+/twilio.inbound.ts'

const POLICY = ROUTE_POLICIES['dev+/outbox.$id.tsx']

// Dev-only: one recorded email, with its links ready to click, or one text message, with buttons
// to reply STOP or START from the recipient's phone. 404 unless HAVEN_STANDINS=true, the browser
// is on this computer and the viewer may see it (app/utils/dev-pages.server.ts).

// Without stand-ins (or for an unknown id) the loader 404s; the root's meta keeps it an ordinary 404.
export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data
    ? [
        {
          title: `${data.channel === 'sms' ? `Text to ${data.to}` : data.subject} · Outbox · Haven (stand-ins)`,
        },
      ]
    : (matches.find((match) => match.id === 'root')?.meta ?? [])

const sydneyTime = new Intl.DateTimeFormat('en-AU', {
  timeZone: 'Australia/Sydney',
  dateStyle: 'medium',
  timeStyle: 'medium',
})

// Addresses in an SMS's text, up to the first space (a trailing full stop is punctuation).
const urlsIn = (text: string) => [
  ...new Set((text.match(/https?:\/\/\S+/g) ?? []).map((url) => url.replace(/[.,;:!?)]+$/, ''))),
]

export async function loader(args: LoaderFunctionArgs) {
  const { onlyTo } = await requireDevPage(args)
  const message = await getOutboxMessage(args.params.id ?? '', { to: onlyTo })
  invariantResponse(message, 'Not Found', 404)
  const replied = new URL(args.request.url).searchParams.get('replied')
  return {
    id: message.id,
    channel: message.channel,
    from: message.from,
    to: message.to.join(', '),
    subject: message.subject,
    createdAt: message.createdAt,
    when: sydneyTime.format(new Date(message.createdAt)),
    text: message.text,
    links: message.channel === 'sms' ? urlsIn(message.text) : extractLinks(message.html),
    headers: Object.entries(message.headers ?? {}),
    attachments: (message.attachments ?? []).map(({ filename, contentType, content }, index) => ({
      filename,
      contentType,
      bytes: Buffer.from(content, 'base64').byteLength,
      href: `/dev/outbox/${message.id}/attachments/${index}`,
    })),
    replied: replied === 'STOP' || replied === 'START' ? replied : null,
  }
}

const Reply = z.object({ intent: z.enum(['reply-stop', 'reply-start']) })

/** A reply from the SMS's recipient, to the app's inbound webhook, signed as Twilio signs it. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  return handleAction(request, {
    policy: POLICY,
    context,
    // Only a text message the viewer may see can be replied to.
    load: async ({ onlyTo }) => {
      const message = await getOutboxMessage(params.id ?? '', { to: onlyTo })
      const from = message?.channel === 'sms' ? message.to[0] : undefined
      invariantResponse(message && from, 'Not Found', 404)
      return { id: message.id, from }
    },
    schema: Reply,
    perform: async ({ intent }, _viewer, _submission, message) => {
      const body = intent === 'reply-stop' ? 'STOP' : 'START'
      // In this process, through the webhook's own route: whatever APP_URL names, the reply arrives.
      const answer = await simulateInboundSms({ from: message.from, body }, (signed) =>
        receiveInbound({ request: signed, params: {}, context }),
      )
      if (!answer.ok) throw new UnavailableError(`The inbound webhook answered ${answer.status}.`)
      return redirect(`/dev/outbox/${message.id}?replied=${body}`)
    },
  })
}

const linkClass = 'font-medium text-brand-700 underline underline-offset-4 hover:text-brand-800'
const button = 'rounded border border-stone-400 px-3 py-1.5 text-sm font-medium hover:bg-stone-100'

export default function OutboxMessage() {
  const message = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  const isSms = message.channel === 'sms'
  const noun = isSms ? 'text message' : 'email'
  return (
    <main id="main" className="mx-auto w-full max-w-3xl flex-1 px-4 py-8 text-stone-900">
      <p className="text-sm">
        <Link to="/dev/outbox" className={linkClass}>
          All messages
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-semibold">
        {isSms ? `Text message to ${message.to}` : message.subject}
      </h1>

      <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-semibold">Channel</dt>
        <dd>{isSms ? 'SMS (Twilio stand-in)' : 'Email (Resend stand-in)'}</dd>
        <dt className="font-semibold">To</dt>
        <dd className="break-all">{message.to}</dd>
        <dt className="font-semibold">From</dt>
        <dd className="break-all">{isSms ? `Messaging Service ${message.from}` : message.from}</dd>
        <dt className="font-semibold">Sent</dt>
        <dd>
          <time dateTime={message.createdAt}>{message.when}</time> (Sydney time)
        </dd>
        {message.headers.map(([name, value]) => (
          <Fragment key={name}>
            <dt className="font-semibold">{name}</dt>
            <dd className="break-all">{value}</dd>
          </Fragment>
        ))}
      </dl>

      {message.attachments.length > 0 ? (
        <section aria-labelledby="attachments-heading" className="mt-8">
          <h2 id="attachments-heading" className="text-lg font-semibold">
            Attachments
          </h2>
          <ul className="mt-2 list-disc space-y-1 pl-6 text-sm">
            {message.attachments.map((attachment) => (
              <li key={attachment.href} className="break-all">
                <a href={attachment.href} download={attachment.filename} className={linkClass}>
                  {attachment.filename}
                </a>{' '}
                ({attachment.contentType}, {attachment.bytes} bytes)
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {isSms ? (
        <section aria-labelledby="text-heading" className="mt-8">
          <h2 id="text-heading" className="text-lg font-semibold">
            Text
          </h2>
          <pre className="mt-2 overflow-x-auto rounded border border-stone-300 bg-stone-50 p-4 text-sm whitespace-pre-wrap break-words">
            {message.text}
          </pre>
        </section>
      ) : null}

      <section aria-labelledby="links-heading" className="mt-8">
        <h2 id="links-heading" className="text-lg font-semibold">
          Links in this {noun}
        </h2>
        {message.links.length === 0 ? (
          <p className="mt-2 text-sm text-stone-700">This {noun} has no links.</p>
        ) : (
          <ul className="mt-2 list-disc space-y-1 pl-6 text-sm">
            {message.links.map((link) => (
              <li key={link} className="break-all">
                <a href={link} className={linkClass}>
                  {link}
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>

      {isSms ? (
        <section aria-labelledby="reply-heading" className="mt-8">
          <h2 id="reply-heading" className="text-lg font-semibold">
            Reply from this phone
          </h2>
          <p className="mt-2 text-sm text-stone-700">
            Sends the reply to Haven&apos;s inbound webhook, signed as Twilio signs it. STOP turns text
            messages off for every patient with this mobile; START turns them back on.
          </p>
          {message.replied ? (
            <p role="status" className="mt-2 text-sm font-medium">
              Replied {message.replied}.
            </p>
          ) : null}
          <div className="mt-3 flex gap-3">
            <ActionForm intent="reply-stop" reply={reply}>
              <button type="submit" className={button}>
                Reply STOP
              </button>
            </ActionForm>
            <ActionForm intent="reply-start" reply={reply}>
              <button type="submit" className={button}>
                Reply START
              </button>
            </ActionForm>
          </div>
        </section>
      ) : (
        <section aria-labelledby="text-heading" className="mt-8">
          <div className="flex flex-wrap items-baseline justify-between gap-4">
            <h2 id="text-heading" className="text-lg font-semibold">
              Plain-text version
            </h2>
            <a href={`/dev/outbox/${message.id}.html`} className={`text-sm ${linkClass}`}>
              View the HTML version
            </a>
          </div>
          {message.text === '' ? (
            <p className="mt-2 text-sm text-stone-700">This email was sent without a plain-text version.</p>
          ) : (
            <pre className="mt-2 overflow-x-auto rounded border border-stone-300 bg-stone-50 p-4 text-sm whitespace-pre-wrap break-words">
              {message.text}
            </pre>
          )}
        </section>
      )}
    </main>
  )
}

export function ErrorBoundary() {
  return (
    <main id="main" className="mx-auto w-full max-w-3xl flex-1 px-4 py-12">
      <GeneralErrorBoundary />
    </main>
  )
}
