import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { PageHeader } from '~/components/area-shell.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import {
  ActionForm,
  linkClass,
  primaryButtonClass,
  ReplyAlert,
  replyFor,
  secondaryButtonClass,
} from '~/components/forms.tsx'
import { SYNC_ENTITY_LABELS, SYNC_STATE_LABELS, syncTime } from '~/components/sync-badge.tsx'
import { leaveHalaxyVersion, sendHavenVersion } from '~/domain/halaxy/drift.server.ts'
import { confirmNoteInHalaxy, sendNoteAgain } from '~/domain/halaxy/notes.server.ts'
import { DRIFT_FIELD_LABELS, type DriftField } from '~/domain/halaxy/sync-states.ts'
import { retryLink, syncRecord } from '~/domain/halaxy/monitor.server.ts'
import { handleAction } from '~/utils/action.server.ts'
import { invariantResponse } from '~/utils/invariant.ts'
import { redirectWithNotice } from '~/utils/notice.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['manager+/sync.$linkId.tsx']

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.record ?? 'Sync record'} · Halaxy sync · Haven` },
]

async function loadRecord(linkId: string | undefined) {
  const record = linkId && linkId.length <= 200 ? await syncRecord(linkId) : null
  invariantResponse(record, 'No such sync record', 404)
  return record
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAccess(request, POLICY.loader)
  return loadRecord(params.linkId)
}

const ActionSchema = z.object({
  intent: z.enum(['retry', 'send-haven', 'leave-halaxy', 'note-in-halaxy', 'note-send-again']),
})

// What each button does and says once done; who may press it is its intent's row in the policy table.
const DECISIONS = {
  retry: {
    run: retryLink,
    notice: 'It will be sent to Halaxy again shortly. Its attempts below update as the worker runs.',
  },
  'send-haven': {
    run: sendHavenVersion,
    notice: 'Haven’s version will be sent to Halaxy shortly, over the change made there.',
  },
  'leave-halaxy': {
    run: leaveHalaxyVersion,
    notice: 'Halaxy’s version is left as it is. A later change in Halaxy will show here again.',
  },
  'note-in-halaxy': {
    run: confirmNoteInHalaxy,
    notice: 'Marked as in Halaxy. Haven will not send this note again.',
  },
  'note-send-again': {
    run: sendNoteAgain,
    notice: 'It will be sent to Halaxy again shortly, once. Its attempts below update as the worker runs.',
  },
} as const

export async function action({ request, params }: ActionFunctionArgs) {
  return handleAction(request, {
    policy: POLICY,
    schema: ActionSchema,
    perform: async ({ intent }, actor) => {
      const record = await loadRecord(params.linkId)
      const decision = DECISIONS[intent]
      await decision.run(record.id, actor.id)
      return redirectWithNotice(`/manager/sync/${encodeURIComponent(record.id)}`, decision.notice)
    },
  })
}

/** Where the Haven record lives, to change it there instead (then Haven's version is sent). */
function havenRecordPath(entity: string, havenId: string) {
  if (entity === 'patient') return `/manager/patients/${encodeURIComponent(havenId)}`
  return `/manager/appointments/${encodeURIComponent(havenId)}`
}

const OUTCOME_LABELS: Record<string, string> = {
  ok: 'Done',
  retryable: 'Failed, will try again',
  permanent: 'Refused',
  drift: 'Changed in Halaxy',
}

export default function SyncRecordPage() {
  const record = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  const drifted = record.driftFields.length > 0
  const buttons: Record<keyof typeof DECISIONS, boolean> = {
    'send-haven': drifted && record.retryable,
    'leave-halaxy': drifted,
    retry: !drifted && !record.awaitsPerson && record.retryable,
    'note-in-halaxy': record.awaitsPerson,
    'note-send-again': record.awaitsPerson,
  }
  // A refusal whose button is gone (nothing differs in Halaxy any more) is said at the top.
  const buttonGone = !Object.entries(buttons).some(([intent, shown]) => shown && replyFor(reply, intent))
  return (
    <div className="max-w-4xl space-y-6">
      <PageHeader title={record.record}>
        <Link to="/manager/sync" className={linkClass}>
          All sync records
        </Link>
      </PageHeader>
      {buttonGone ? <ReplyAlert reply={reply} /> : null}

      <dl className="grid grid-cols-[10rem_1fr] gap-y-2 rounded-xl border border-stone-200 bg-white p-5 text-sm shadow-sm">
        <dt className="text-stone-500">Kind</dt>
        <dd>{SYNC_ENTITY_LABELS[record.entity]}</dd>
        <dt className="text-stone-500">State</dt>
        <dd>{SYNC_STATE_LABELS[record.state]}</dd>
        <dt className="text-stone-500">Halaxy id</dt>
        <dd className="font-mono text-xs">{record.halaxyId ?? 'Not in Halaxy yet'}</dd>
        <dt className="text-stone-500">Failed attempts</dt>
        <dd>{record.attempts}</dd>
        <dt className="text-stone-500">Halaxy last said</dt>
        <dd>{record.lastError || '—'}</dd>
        <dt className="text-stone-500">Waiting since</dt>
        <dd>{syncTime(record.pendingSince)}</dd>
        <dt className="text-stone-500">Last in Halaxy</dt>
        <dd>{syncTime(record.syncedAt)}</dd>
      </dl>

      {drifted ? (
        <section
          aria-labelledby="drift-title"
          className="space-y-3 rounded-xl border border-amber-300 bg-amber-50 p-5 text-sm text-amber-950"
        >
          <h2 id="drift-title" className="text-base font-semibold">
            Changed in Halaxy
          </h2>
          <p>
            Someone changed this record in Halaxy
            {record.driftFoundAt ? <> (seen {syncTime(record.driftFoundAt)})</> : null}:{' '}
            <strong>
              {record.driftFields.map((field) => DRIFT_FIELD_LABELS[field as DriftField] ?? field).join(', ')}
            </strong>
            .{' '}
            {record.retryable ? (
              <>
                Haven holds the record, so Halaxy’s change stays there only if you leave it. To keep the
                change in both, make it{' '}
                <Link to={havenRecordPath(record.entity, record.havenId)} className={linkClass}>
                  in Haven
                </Link>{' '}
                instead; Haven then sends it to Halaxy.
              </>
            ) : (
              <>
                Halaxy’s invoices cannot be written through its API: correct this one in Halaxy (and check the
                fee mapping in{' '}
                <Link to="/manager/halaxy" className={linkClass}>
                  Halaxy settings
                </Link>
                ), or leave it as it is.
              </>
            )}
          </p>
          <div className="flex flex-wrap gap-3">
            {buttons['send-haven'] ? (
              <ActionForm intent="send-haven" reply={reply}>
                <button type="submit" className={primaryButtonClass}>
                  Send Haven’s version to Halaxy
                </button>
              </ActionForm>
            ) : null}
            <ActionForm intent="leave-halaxy" reply={reply}>
              <button type="submit" className={secondaryButtonClass}>
                Leave Halaxy’s version
              </button>
            </ActionForm>
          </div>
        </section>
      ) : record.awaitsPerson ? (
        <section
          aria-labelledby="lost-answer-title"
          className="space-y-3 rounded-xl border border-amber-300 bg-amber-50 p-5 text-sm text-amber-950"
        >
          <h2 id="lost-answer-title" className="text-base font-semibold">
            Halaxy may already have this note
          </h2>
          <p>{record.lastError}</p>
          <p>
            Halaxy does not let Haven read notes back or remove them, and sending this one again could put it
            there twice, so Haven waits for your answer.
          </p>
          <div className="flex flex-wrap gap-3">
            <ActionForm intent="note-in-halaxy" reply={reply}>
              <button type="submit" className={primaryButtonClass}>
                It is in Halaxy
              </button>
            </ActionForm>
            <ActionForm intent="note-send-again" reply={reply}>
              <button type="submit" className={secondaryButtonClass}>
                It is not there: send it again
              </button>
            </ActionForm>
          </div>
        </section>
      ) : buttons.retry ? (
        <ActionForm intent="retry" reply={reply}>
          <button type="submit" className={primaryButtonClass}>
            Retry
          </button>
        </ActionForm>
      ) : (
        <p className="text-sm text-stone-700">
          Invoices are raised by Halaxy and read back with their appointment: retry the appointment instead.
        </p>
      )}

      <section aria-labelledby="attempts-title">
        <h2 id="attempts-title" className="text-base font-semibold text-stone-900">
          Attempts, newest first
        </h2>
        {record.history.length === 0 ? (
          <p className="mt-2 text-sm text-stone-700">Nothing has been sent to Halaxy for this record yet.</p>
        ) : (
          <div className="mt-2 overflow-x-auto rounded-xl border border-stone-200 bg-white shadow-sm">
            <table className="min-w-full divide-y divide-stone-200 text-sm">
              <caption className="sr-only">Requests sent to Halaxy for this record</caption>
              <thead className="bg-stone-50 text-left text-stone-600">
                <tr>
                  {['Time', 'Operation', 'Outcome', 'HTTP status', 'Halaxy said', 'Took'].map((heading) => (
                    <th key={heading} scope="col" className="px-3 py-3 font-medium">
                      {heading}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-100">
                {record.history.map((attempt) => (
                  <tr key={attempt.id}>
                    <td className="px-3 py-2 whitespace-nowrap text-stone-700">
                      <time dateTime={new Date(attempt.at).toISOString()}>{syncTime(attempt.at)}</time>
                    </td>
                    <td className="px-3 py-2 text-stone-700">{attempt.operation}</td>
                    <td className="px-3 py-2 text-stone-700">
                      {OUTCOME_LABELS[attempt.outcome] ?? attempt.outcome}
                    </td>
                    <td className="px-3 py-2 text-stone-700">{attempt.httpStatus ?? 'No answer'}</td>
                    <td className="max-w-md px-3 py-2 break-words text-stone-700">
                      {attempt.message || '—'}
                    </td>
                    <td className="px-3 py-2 whitespace-nowrap text-stone-700">{attempt.durationMs} ms</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  )
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusPages={{
        403: {
          title: 'The Halaxy sync is for the practice manager',
          body: 'Sending records to Halaxy again, and deciding about changes made there, is kept by the practice manager.',
        },
        404: {
          title: 'We could not find that sync record',
          body: 'It may no longer be in the sync list. All the records Haven sends to Halaxy are listed under Halaxy sync.',
        },
      }}
    />
  )
}
