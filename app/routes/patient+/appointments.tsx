import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { PageHeader } from '~/components/area-shell.tsx'
import { ActionForm, linkClass, primaryButtonClass, ReplyAlert, replyFor } from '~/components/forms.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { STATUS_LABELS } from '~/domain/scheduling/appointment-state.ts'
import { cancelAppointmentAsPatient } from '~/domain/scheduling/cancellation.server.ts'
import { sharedSummaries } from '~/domain/records/summaries.server.ts'
import { summaryPath } from '~/domain/records/summaries.ts'
import { patientAppointments } from '~/domain/scheduling/patient-appointments.server.ts'
import { MODALITY_LABELS } from '~/domain/scheduling/directory.ts'
import { CANCELLATION_NOTICE_HOURS } from '~/domain/scheduling/policy.ts'
import { handleAction } from '~/utils/action.server.ts'
import { redirectWithNotice } from '~/utils/notice.server.ts'
import { formatSlotTime, zoneAbbreviation } from '~/utils/time.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['patient+/appointments.tsx']

export const meta: MetaFunction = () => [{ title: 'Your appointments · Haven' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  const [appointments, summaries] = await Promise.all([
    patientAppointments(user.id),
    sharedSummaries(user.id),
  ])
  return {
    ...appointments,
    /** Notes the psychologist shared, by session. */
    summaries: Object.fromEntries(summaries.map((summary) => [summary.appointmentId, summary])),
  }
}

const CancelSchema = z.object({
  intent: z.literal('cancel'),
  appointmentId: z.string().min(1).max(64),
  version: z.coerce.number().int().min(1),
})

export async function action({ request }: ActionFunctionArgs) {
  return handleAction(request, {
    policy: POLICY,
    schema: CancelSchema,
    perform: async (input, user) => {
      const { late } = await cancelAppointmentAsPatient({ ...input, patientId: user.id })
      return redirectWithNotice(
        '/patient/appointments',
        late
          ? `Your appointment is cancelled. It was within ${CANCELLATION_NOTICE_HOURS} hours, so the practice may keep the fee under its cancellation policy.`
          : 'Your appointment is cancelled. There is no charge: anything you paid is refunded in full to your card.',
      )
    },
  })
}

type Row = Awaited<ReturnType<typeof loader>>['upcoming'][number]
type SharedSummary = Awaited<ReturnType<typeof loader>>['summaries'][string]

function SessionNotesLink({ summary }: { summary: SharedSummary | undefined }) {
  if (!summary) return null
  return (
    <p className="mt-1 text-sm">
      <Link to={summaryPath(summary.appointmentId)} className={linkClass}>
        Session notes from {summary.psychologist}
      </Link>
      {summary.isNew ? (
        <span className="ml-2 rounded-full bg-brand-100 px-2 py-0.5 text-xs font-medium text-brand-800">
          {summary.updated ? 'Updated' : 'New'}
        </span>
      ) : null}
    </p>
  )
}

function When({ row }: { row: Row }) {
  return (
    <time dateTime={row.start}>
      {formatSlotTime(row.start, row.timeZone)} {zoneAbbreviation(row.start, row.timeZone)}
    </time>
  )
}

export default function AppointmentsPage() {
  const { upcoming, past, summaries } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  // A session that can no longer be cancelled (cancelled meanwhile) has no button left: its
  // refusal is said at the top.
  const cancelGone = !upcoming.some(
    (row) => row.cancellable && replyFor(actionData, 'cancel', { appointmentId: row.id }),
  )
  return (
    <div className="max-w-3xl space-y-6">
      <PageHeader title="Your appointments">
        <Link to="/psychologists" className={linkClass}>
          Book a session
        </Link>
      </PageHeader>
      {cancelGone ? <ReplyAlert reply={actionData} /> : null}
      <section aria-labelledby="upcoming">
        <h2 id="upcoming" className="text-lg font-semibold text-stone-900">
          Upcoming
        </h2>
        {upcoming.length === 0 ? (
          <p className="mt-2 text-stone-700">No upcoming sessions.</p>
        ) : (
          <ul className="mt-3 space-y-3">
            {upcoming.map((row) => (
              <li key={row.id} className="rounded-xl border border-stone-200 bg-white p-4 shadow-sm">
                <p className="font-medium text-stone-900">
                  <When row={row} />
                </p>
                <p className="text-sm text-stone-700">
                  {row.type} with {row.psychologist} · {MODALITY_LABELS[row.modality]} ·{' '}
                  {STATUS_LABELS[row.status]}
                </p>
                <a
                  href={`/patient/appointments/${row.id}.ics`}
                  className={`mt-1 inline-block text-sm ${linkClass}`}
                >
                  Add to your calendar<span className="sr-only"> (.ics file)</span>
                </a>
                <SessionNotesLink summary={summaries[row.id]} />
                {row.video ? (
                  <p className="mt-2">
                    <Link to={`/patient/appointments/${row.id}/session`} className={primaryButtonClass}>
                      Join video session
                    </Link>
                  </p>
                ) : null}
                {row.status === 'held' ? (
                  <p className="mt-1 text-sm">
                    <Link to={`/patient/appointments/${row.id}/pay`} className={linkClass}>
                      Pay to confirm this session
                    </Link>
                  </p>
                ) : null}
                {row.reschedule.allowed ? (
                  <p className="mt-1 text-sm">
                    <Link to={`/patient/appointments/${row.id}/reschedule`} className={linkClass}>
                      Move to another time
                    </Link>
                  </p>
                ) : row.status === 'confirmed' && row.cancellable ? (
                  <p className="mt-1 text-sm text-stone-600">{row.reschedule.reason}</p>
                ) : null}
                {row.cancellable ? (
                  <ActionForm
                    intent="cancel"
                    fields={{ appointmentId: row.id, version: row.version }}
                    row={{ appointmentId: row.id }}
                    reply={actionData}
                    className="mt-3"
                  >
                    {row.lateIfCancelledNow ? (
                      <p className="mb-2 text-sm text-amber-800">
                        This session is less than {CANCELLATION_NOTICE_HOURS} hours away: cancelling now may
                        be charged.
                      </p>
                    ) : null}
                    <button
                      type="submit"
                      className="rounded-md border border-stone-300 px-3 py-1.5 text-sm font-medium text-stone-800 hover:bg-stone-100"
                    >
                      Cancel this session
                    </button>
                  </ActionForm>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      {past.length > 0 ? (
        <section aria-labelledby="past">
          <h2 id="past" className="text-lg font-semibold text-stone-900">
            Past and cancelled
          </h2>
          <ul className="mt-3 space-y-2 text-sm text-stone-700">
            {past.map((row) => (
              <li key={row.id}>
                <When row={row} />: {row.type} with {row.psychologist} ({STATUS_LABELS[row.status]})
                <SessionNotesLink summary={summaries[row.id]} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  )
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusPages={{
        404: {
          title: 'We could not find that appointment',
          body: 'It may have been cancelled or moved. Your appointments are listed on this page.',
        },
      }}
    />
  )
}
