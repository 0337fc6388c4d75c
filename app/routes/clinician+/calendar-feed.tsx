import {
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useState, useSyncExternalStore, type ReactNode } from 'react'
import { z } from 'zod'
import { Card, PageHeader } from '~/components/area-shell.tsx'
import { ActionForm, Field, ReplyAlert, replyFor } from '~/components/forms.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import {
  calendarFeedStatus,
  issueCalendarFeed,
  revokeCalendarFeed,
} from '~/domain/scheduling/calendar-feed.server.ts'
import { DEFAULT_TIME_ZONE } from '~/domain/scheduling/directory.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { handleAction } from '~/utils/action.server.ts'
import { invariantResponse } from '~/utils/invariant.ts'
import { redirectWithNotice } from '~/utils/notice.server.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['clinician+/calendar-feed.tsx']

export const meta: MetaFunction = () => [{ title: 'Calendar feed · Haven clinician' }]

// A new secret address appears in the action's response: no cache may keep it.
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'private, no-store' })

async function loadStatus(psychologistId: string) {
  const status = await calendarFeedStatus(psychologistId)
  invariantResponse(status, 'Only a psychologist has a calendar feed.', 404)
  return status
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  const { on, since } = await loadStatus(user.id)
  return { on, since: since?.toISOString() ?? null }
}

const FeedActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('turn-on') }),
  z.object({ intent: z.literal('replace') }),
  z.object({ intent: z.literal('turn-off') }),
])

export async function action({ request }: ActionFunctionArgs) {
  return handleAction(request, {
    policy: POLICY,
    schema: FeedActionSchema,
    perform: async ({ intent }, user) => {
      await loadStatus(user.id)
      if (intent === 'turn-off') {
        await revokeCalendarFeed(user.id)
        return redirectWithNotice(
          new URL(request.url).pathname,
          'Your calendar feed is off. Its address no longer works.',
        )
      }
      // Shown in this answer and never again: the address is a secret, so it is not carried in a cookie.
      return { created: await issueCalendarFeed(user.id, { replace: intent === 'replace' }) }
    },
  })
}

const sinceFormat = new Intl.DateTimeFormat('en-AU', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: DEFAULT_TIME_ZONE,
})

const buttonClass =
  'rounded-md border border-stone-300 bg-white px-3 py-1.5 text-sm font-medium text-stone-800 hover:bg-stone-100'
const primaryButtonClass =
  'rounded-md bg-brand-700 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-800'

const noSubscription = () => () => {}

/** Copies an address; only offered where the browser can (the field itself always works). */
function CopyButton({ text, what }: { text: string; what: string }) {
  const canCopy = useSyncExternalStore(
    noSubscription,
    () => window.isSecureContext && 'clipboard' in navigator,
    () => false,
  )
  const [copied, setCopied] = useState(false)
  if (!canCopy) return null
  return (
    <div className="mt-2 flex items-center gap-3">
      <button
        type="button"
        className={buttonClass}
        onClick={() => {
          void navigator.clipboard.writeText(text).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }}
      >
        Copy {what}
      </button>
      <span aria-live="polite" className="text-sm text-stone-600">
        {copied ? 'Copied.' : ''}
      </span>
    </div>
  )
}

function AddressField({ label, hint, value }: { label: string; hint: ReactNode; value: string }) {
  return (
    <div>
      <Field
        label={label}
        hint={hint}
        inputProps={{
          value,
          readOnly: true,
          spellCheck: false,
          autoComplete: 'off',
          onFocus: (event) => event.currentTarget.select(),
        }}
      />
      <CopyButton text={value} what={label.toLowerCase()} />
    </div>
  )
}

export default function CalendarFeedPage() {
  const { on, since } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const reply = actionData && 'result' in actionData ? actionData : undefined
  const created = actionData && 'created' in actionData ? actionData.created : null
  // Turned on or off in another tab meanwhile: the button refused is gone, so it is said at the top.
  const buttonGone = !(on ? ['replace', 'turn-off'] : ['turn-on']).some((intent) => replyFor(reply, intent))
  return (
    <div className="max-w-3xl space-y-6">
      <PageHeader title="Calendar feed">
        Your Haven sessions in Google Calendar or Outlook, kept up to date: a private address your calendar
        subscribes to.
      </PageHeader>
      {buttonGone ? <ReplyAlert reply={reply} /> : null}

      {created ? (
        <section
          aria-labelledby="new-address"
          className="space-y-4 rounded-xl border border-brand-100 bg-brand-50 p-5"
        >
          <h2 id="new-address" className="text-base font-semibold text-stone-900">
            Your new feed address
          </h2>
          <p className="text-sm font-medium text-stone-800">
            Copy it now: Haven keeps only a fingerprint of it and cannot show it to you again. Anyone with
            this address can see your sessions, so paste it only into your own calendar.
          </p>
          <AddressField label="Feed address" hint="For Google Calendar and Outlook." value={created.url} />
          <AddressField
            label="webcal:// address"
            hint="The same feed, for apps that open webcal links (Apple Calendar, Outlook on a computer)."
            value={created.webcalUrl}
          />
        </section>
      ) : null}

      <Card title={on ? 'Your feed is on' : 'Your feed is off'}>
        {on ? (
          <>
            <p>
              {since ? `On since ${sinceFormat.format(new Date(since))}. ` : null}Calendars subscribed to it
              show your sessions from 30 days ago to 6 months ahead, and your time off. Cancelled sessions
              disappear when the calendar next refreshes.
            </p>
            <ActionForm intent="replace" reply={reply} className="mt-4">
              <p className="mb-2">
                Replace the address if it may have been seen by someone else. The current address stops
                working at once: subscribe again with the new one.
              </p>
              <button type="submit" className={buttonClass}>
                Replace the address
              </button>
            </ActionForm>
            <ActionForm intent="turn-off" reply={reply} className="mt-4">
              <p className="mb-2">
                Turning it off stops the address working; subscribed calendars stop updating.
              </p>
              <button type="submit" className={buttonClass}>
                Turn off the feed
              </button>
            </ActionForm>
          </>
        ) : (
          <>
            <p>No address works. Turn it on to get one; it is shown once, right after.</p>
            <ActionForm intent="turn-on" reply={reply} className="mt-4">
              <button type="submit" className={primaryButtonClass}>
                Turn on the feed
              </button>
            </ActionForm>
          </>
        )}
      </Card>

      <Card title="Subscribing">
        <ul className="list-disc space-y-2 pl-5">
          <li>
            <strong>Google Calendar</strong> (on a computer): beside <em>Other calendars</em>, choose{' '}
            <em>+</em> then <em>From URL</em>, paste the feed address and choose <em>Add calendar</em>. Google
            refreshes subscribed calendars on its own schedule, which can take several hours.
          </li>
          <li>
            <strong>Outlook</strong> (on the web or the new Outlook): choose <em>Add calendar</em>, then{' '}
            <em>Subscribe from web</em>, paste the feed address, name it and choose <em>Import</em>.
          </li>
          <li>
            <strong>Apple Calendar and other apps</strong>: open or paste the webcal:// address.
          </li>
        </ul>
      </Card>

      <Card title="What your calendar provider sees">
        <p>
          Google and Microsoft keep subscribed calendars on their own servers, often outside Australia, so the
          feed carries as little as possible: the session type, your patient&rsquo;s initials (for example
          &ldquo;Standard session · L. N. (telehealth)&rdquo;), the time and the place. Initials are enough to
          recognise a session at a glance without disclosing who your patient is. There are no full names,
          contact details or clinical notes; each event links to the appointment in Haven, where you sign in
          to see the rest. Time off shows only as &ldquo;Time off&rdquo;, without its reason.
        </p>
      </Card>
    </div>
  )
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusPages={{
        404: {
          title: 'There is no calendar feed here',
          body: 'A calendar feed shows a psychologist’s own sessions. Ask your practice manager to record your registration details first.',
        },
      }}
    />
  )
}
