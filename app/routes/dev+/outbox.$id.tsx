import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Fragment } from 'react'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { requireDevPage } from '~/utils/dev-pages.server.ts'
import { extractLinks, getOutboxMessage } from '../../../tests/mocks/outbox.server.ts'
import { invariantResponse } from '~/utils/invariant.ts'

// Dev-only: one recorded email, with its links ready to click. 404 unless HAVEN_STANDINS=true,
// the browser is on this computer and the viewer may see it (app/utils/dev-pages.server.ts).

// Without stand-ins (or for an unknown id) the loader 404s; the root's meta keeps it an ordinary 404.
export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data
    ? [{ title: `${data.subject} · Outbox · Haven (stand-ins)` }]
    : (matches.find((match) => match.id === 'root')?.meta ?? [])

const sydneyTime = new Intl.DateTimeFormat('en-AU', {
  timeZone: 'Australia/Sydney',
  dateStyle: 'medium',
  timeStyle: 'medium',
})

export async function loader(args: LoaderFunctionArgs) {
  const { onlyTo } = await requireDevPage(args)
  const message = await getOutboxMessage(args.params.id ?? '', { to: onlyTo })
  invariantResponse(message, 'Not Found', 404)
  return {
    id: message.id,
    from: message.from,
    to: message.to.join(', '),
    subject: message.subject,
    createdAt: message.createdAt,
    when: sydneyTime.format(new Date(message.createdAt)),
    text: message.text,
    links: extractLinks(message.html),
    headers: Object.entries(message.headers ?? {}),
    attachments: (message.attachments ?? []).map(({ filename, contentType, content }, index) => ({
      filename,
      contentType,
      bytes: Buffer.from(content, 'base64').byteLength,
      href: `/dev/outbox/${message.id}/attachments/${index}`,
    })),
  }
}

export default function OutboxMessage() {
  const message = useLoaderData<typeof loader>()
  return (
    <main id="main" className="mx-auto w-full max-w-3xl flex-1 px-4 py-8 text-stone-900">
      <p className="text-sm">
        <Link
          to="/dev/outbox"
          className="font-medium text-brand-700 underline underline-offset-4 hover:text-brand-800"
        >
          All emails
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-semibold">{message.subject}</h1>

      <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-semibold">To</dt>
        <dd className="break-all">{message.to}</dd>
        <dt className="font-semibold">From</dt>
        <dd className="break-all">{message.from}</dd>
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
                <a
                  href={attachment.href}
                  download={attachment.filename}
                  className="font-medium text-brand-700 underline underline-offset-4 hover:text-brand-800"
                >
                  {attachment.filename}
                </a>{' '}
                ({attachment.contentType}, {attachment.bytes} bytes)
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="links-heading" className="mt-8">
        <h2 id="links-heading" className="text-lg font-semibold">
          Links in this email
        </h2>
        {message.links.length === 0 ? (
          <p className="mt-2 text-sm text-stone-700">This email has no links.</p>
        ) : (
          <ul className="mt-2 list-disc space-y-1 pl-6 text-sm">
            {message.links.map((link) => (
              <li key={link} className="break-all">
                <a
                  href={link}
                  className="font-medium text-brand-700 underline underline-offset-4 hover:text-brand-800"
                >
                  {link}
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="text-heading" className="mt-8">
        <div className="flex flex-wrap items-baseline justify-between gap-4">
          <h2 id="text-heading" className="text-lg font-semibold">
            Plain-text version
          </h2>
          <a
            href={`/dev/outbox/${message.id}.html`}
            className="text-sm font-medium text-brand-700 underline underline-offset-4 hover:text-brand-800"
          >
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
