import { getFormProps, getInputProps } from '@conform-to/react'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { PageHeader } from '~/components/area-shell.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import {
  ActionForm,
  ErrorList,
  FormAlert,
  linkClass,
  replyFor,
  useValidatedForm,
} from '~/components/forms.tsx'
import { Pager } from '~/components/pager.tsx'
import { SYNC_ENTITY_LABELS, SYNC_STATE_LABELS, syncTime } from '~/components/sync-badge.tsx'
import {
  fullResyncInProgress,
  inboundOverview,
  parseSyncFilter,
  requestFullResync,
  retryAllFailed,
  syncOverview,
  syncRecords,
} from '~/domain/halaxy/monitor.server.ts'
import { SYNC_ENTITIES, SYNC_STATES } from '~/domain/halaxy/sync-states.ts'
import { DEFAULT_TIME_ZONE } from '~/domain/scheduling/directory.ts'
import { handleAction } from '~/utils/action.server.ts'
import { redirectWithNotice } from '~/utils/notice.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['manager+/sync._index.tsx']

export const meta: MetaFunction = () => [{ title: 'Halaxy sync · Haven' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccess(request, POLICY.loader)
  const filter = parseSyncFilter(new URL(request.url).searchParams)
  const now = new Date()
  const [overview, inbound, records, resyncRunning] = await Promise.all([
    syncOverview(now),
    inboundOverview(now),
    syncRecords(filter),
    fullResyncInProgress(),
  ])
  return { filter, overview, inbound, resyncRunning, ...records }
}

const FullResyncSchema = z.object({
  intent: z.literal('full-resync'),
  confirm: z.literal('yes', { error: 'Tick the box to confirm the full re-sync.' }),
})

const ActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('retry-all-failed') }),
  FullResyncSchema,
])

export async function action({ request }: ActionFunctionArgs) {
  return handleAction(request, {
    policy: POLICY,
    schema: ActionSchema,
    perform: async (input, actor) => {
      if (input.intent === 'retry-all-failed') {
        const { count } = await retryAllFailed(actor.id)
        return redirectWithNotice(
          '/manager/sync',
          count === 0
            ? 'Nothing had failed, so nothing was sent again.'
            : `${count} record${count === 1 ? '' : 's'} will be sent to Halaxy again.`,
        )
      }
      await requestFullResync(actor.id)
      return redirectWithNotice(
        '/manager/sync',
        'Full re-sync started: every seen patient and every booked, attended or cancelled appointment is being queued for Halaxy. The counts above grow as it runs.',
      )
    },
  })
}

const selectClass = 'mt-1 block rounded-md border border-stone-300 bg-white px-3 py-2'
const buttonClass =
  'rounded-md bg-brand-700 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-800'

export default function SyncMonitorPage() {
  const { filter, overview, inbound, resyncRunning, rows, count, page, pageCount } =
    useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  const [resyncForm, resyncFields] = useValidatedForm(
    'full-resync',
    FullResyncSchema,
    replyFor(reply, 'full-resync'),
  )
  const problems = overview.counts.failed + overview.counts.needs_attention
  return (
    <div className="space-y-6">
      <PageHeader title="Halaxy sync">
        Which patients and appointments are in Halaxy, which are waiting, and what Halaxy said when a change
        could not be sent. Times are shown in {DEFAULT_TIME_ZONE.replace('_', ' ')} time.
      </PageHeader>

      {overview.configured ? null : (
        <div
          role="alert"
          className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
        >
          <p className="font-medium">Halaxy is not connected.</p>
          <p>
            Changes are kept and will be sent once the Halaxy client id, secret and address are set
            (HALAXY_CLIENT_ID, HALAXY_CLIENT_SECRET, HALAXY_BASE_URL).
          </p>
        </div>
      )}

      <section aria-labelledby="overview-title">
        <h2 id="overview-title" className="sr-only">
          Overview
        </h2>
        <dl className="grid gap-3 sm:grid-cols-4">
          {SYNC_STATES.map((state) => (
            <div key={state} className="rounded-xl border border-stone-200 bg-white p-4 shadow-sm">
              <dt className="text-sm text-stone-500">{SYNC_STATE_LABELS[state]}</dt>
              <dd className="text-lg font-semibold text-stone-900">
                <Link to={`/manager/sync?state=${state}`} className="hover:underline">
                  {overview.counts[state]}
                </Link>
              </dd>
            </div>
          ))}
        </dl>
        <p className="mt-3 text-sm text-stone-700">
          {overview.oldestPendingAge ? (
            <>
              Oldest waiting change:{' '}
              <time dateTime={overview.oldestPendingSince?.toISOString()}>
                {overview.oldestPendingAge} ago
              </time>
            </>
          ) : (
            'No changes are waiting to be sent.'
          )}
        </p>
      </section>

      <section
        aria-labelledby="inbound-title"
        className="rounded-xl border border-stone-200 bg-white p-5 shadow-sm"
      >
        <h2 id="inbound-title" className="text-base font-semibold text-stone-900">
          From Halaxy
        </h2>
        <p className="mt-1 text-sm text-stone-700">
          Sessions booked in Halaxy itself block that time in Haven; changes made in Halaxy to Haven’s records
          are shown below as needing attention, for you to decide.
        </p>
        <dl className="mt-3 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[12rem_1fr]">
          <dt className="text-stone-500">Last webhook</dt>
          <dd className="text-stone-800">
            {inbound.lastWebhookAt ? (
              <>
                {syncTime(inbound.lastWebhookAt)} ({inbound.webhooksReceived} received)
              </>
            ) : inbound.webhookSecretSet ? (
              'None received yet.'
            ) : (
              'Webhooks are refused: HALAXY_WEBHOOK_SECRET is not set. The poll alone brings changes in.'
            )}
          </dd>
          <dt className="text-stone-500">Last check for changes</dt>
          <dd className="text-stone-800">
            {inbound.lastPollAt ? syncTime(inbound.lastPollAt) : 'Not yet (every five minutes).'}
            {inbound.lastPollError ? (
              <span role="alert" className="mt-1 block text-amber-900">
                It could not finish; it resumes where it stopped. Halaxy said: {inbound.lastPollError}
              </span>
            ) : null}
          </dd>
          <dt className="text-stone-500">Upcoming busy in Halaxy</dt>
          <dd className="text-stone-800">
            {inbound.upcomingBusyBlocks} session{inbound.upcomingBusyBlocks === 1 ? '' : 's'} made in Halaxy
            {inbound.clashes > 0 ? (
              <span role="alert" className="mt-1 block text-amber-900">
                {inbound.clashes} of them {inbound.clashes === 1 ? 'is' : 'are'} at the same time as a session
                booked in Haven: move one of the two (the calendars show both).
              </span>
            ) : null}
          </dd>
          <dt className="text-stone-500">Changed in Halaxy</dt>
          <dd className="text-stone-800">
            {inbound.drifted > 0 ? (
              <Link to="/manager/sync?state=needs_attention" className={linkClass}>
                {inbound.drifted} record{inbound.drifted === 1 ? '' : 's'} to decide
              </Link>
            ) : (
              'Nothing to decide.'
            )}
          </dd>
        </dl>
      </section>

      <section
        aria-labelledby="actions-title"
        className="grid gap-4 rounded-xl border border-stone-200 bg-white p-5 shadow-sm md:grid-cols-2"
      >
        <h2 id="actions-title" className="sr-only">
          Send again
        </h2>
        <ActionForm intent="retry-all-failed" reply={reply} className="space-y-2">
          <p className="text-sm text-stone-700">
            Send every failed or needs-attention record again ({problems} now). Fix what Halaxy complained
            about first, or it will fail the same way.
          </p>
          <button type="submit" className={buttonClass}>
            Retry all failed
          </button>
        </ActionForm>
        <Form method="post" {...getFormProps(resyncForm)} className="space-y-2">
          <FormAlert id={resyncForm.errorId} errors={resyncForm.errors} />
          <input type="hidden" name="intent" value="full-resync" />
          <p className="text-sm text-stone-700">
            A full re-sync sends every seen patient and every booked, attended or cancelled appointment to
            Halaxy again. Records already in Halaxy are updated, never duplicated; it can take a while for a
            large practice.
          </p>
          {resyncRunning ? (
            <p role="status" className="text-sm font-medium text-stone-800">
              A full re-sync is under way; the counts above grow as it runs.
            </p>
          ) : null}
          <div>
            <label className="flex items-center gap-2 text-sm text-stone-800">
              <input
                {...getInputProps(resyncFields.confirm, { type: 'checkbox', value: 'yes' })}
                className="size-4 accent-brand-700"
              />
              Yes, send everything to Halaxy again
            </label>
            <ErrorList id={resyncFields.confirm.errorId} errors={resyncFields.confirm.errors} />
          </div>
          <button type="submit" className={buttonClass}>
            Full re-sync
          </button>
        </Form>
      </section>

      <Form method="get" className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="state" className="block text-sm font-medium text-stone-800">
            State
          </label>
          <select id="state" name="state" defaultValue={filter.state ?? ''} className={selectClass}>
            <option value="">Any</option>
            {SYNC_STATES.map((state) => (
              <option key={state} value={state}>
                {SYNC_STATE_LABELS[state]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="entity" className="block text-sm font-medium text-stone-800">
            Record
          </label>
          <select id="entity" name="entity" defaultValue={filter.entity ?? ''} className={selectClass}>
            <option value="">Any</option>
            {SYNC_ENTITIES.map((entity) => (
              <option key={entity} value={entity}>
                {SYNC_ENTITY_LABELS[entity]}
              </option>
            ))}
          </select>
        </div>
        <button
          type="submit"
          className="rounded-md bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800"
        >
          Show
        </button>
      </Form>

      {rows.length === 0 ? (
        <p className="text-stone-700">No records match.</p>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-stone-200 bg-white shadow-sm">
          <table className="min-w-full divide-y divide-stone-200 text-sm">
            <caption className="sr-only">Synced records, newest problem first</caption>
            <thead className="bg-stone-50 text-left text-stone-600">
              <tr>
                {[
                  'Record',
                  'Kind',
                  'State',
                  'Attempts',
                  'Halaxy said',
                  'Waiting since',
                  'Last in Halaxy',
                  'Halaxy id',
                ].map((heading) => (
                  <th key={heading} scope="col" className="px-3 py-3 font-medium">
                    {heading}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-100">
              {rows.map((row) => (
                <tr key={row.id}>
                  <th scope="row" className="px-3 py-2 text-left font-medium">
                    <Link to={`/manager/sync/${row.id}`} className={linkClass}>
                      {row.record}
                    </Link>
                  </th>
                  <td className="px-3 py-2 text-stone-700">{SYNC_ENTITY_LABELS[row.entity]}</td>
                  <td className="px-3 py-2 whitespace-nowrap text-stone-700">
                    {SYNC_STATE_LABELS[row.state]}
                  </td>
                  <td className="px-3 py-2 text-right text-stone-700">{row.attempts}</td>
                  <td className="max-w-xs px-3 py-2 break-words text-stone-700">{row.lastError || '—'}</td>
                  <td className="px-3 py-2 whitespace-nowrap text-stone-700">{syncTime(row.pendingSince)}</td>
                  <td className="px-3 py-2 whitespace-nowrap text-stone-700">{syncTime(row.syncedAt)}</td>
                  <td className="px-3 py-2 font-mono text-xs text-stone-600">{row.halaxyId ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        path="/manager/sync"
        filter={filter}
        page={page}
        pageCount={pageCount}
        count={count}
        noun="records"
      />
    </div>
  )
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusPages={{
        403: {
          title: 'The Halaxy sync is for the practice manager',
          body: 'It shows what Haven sends to Halaxy and lets the manager send it again. Ask them if something looks out of step.',
        },
      }}
    />
  )
}
