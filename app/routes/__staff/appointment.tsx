import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { type ReactNode } from 'react'
import { PageHeader } from '~/components/area-shell.tsx'
import { Field, FormAlert, linkClass, Notice, TextareaField } from '~/components/forms.tsx'
import { STATUS_LABELS } from '~/domain/scheduling/appointment-state.ts'
import { MODALITY_LABELS } from '~/domain/scheduling/directory.ts'
import { instantToZoned } from '~/domain/scheduling/zoned-time.ts'
import {
  type loadStaffAppointment,
  type StaffAppointmentIntent,
} from '~/routes/__staff/appointment.server.ts'
import { formatClockTime, formatSlotTime, zoneAbbreviation } from '~/utils/time.ts'
import { formatAud } from '~/utils/money.ts'

type StaffAppointment = Awaited<ReturnType<typeof loadStaffAppointment>>
type ActionResult = {
  intent: StaffAppointmentIntent | null
  formError: string
  fieldErrors: Partial<Record<'date' | 'time' | 'reason', string[]>>
}

const EVENT_LABELS: Record<StaffAppointment['history'][number]['kind'], string> = {
  booked: 'Booked',
  confirmed: 'Confirmed',
  rescheduled: 'Moved',
  cancelled: 'Cancelled',
  late_cancelled: 'Late cancellation',
  hold_expired: 'Hold released',
  completed: 'Attended',
  no_show: 'Did not attend',
}

const DONE_NOTICES: Record<string, string> = {
  moved: 'The session has moved. The patient will be told of the new time.',
  cancelled: 'The session is cancelled. The patient will be told.',
  attendance: 'Attendance is recorded.',
}

const buttonClass =
  'rounded-md border border-stone-300 bg-white px-4 py-2 text-sm font-medium text-stone-800 hover:bg-stone-100'

function ActionCard({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-xl border border-stone-200 bg-white p-5 shadow-sm">
      <h2 id={id} className="text-base font-semibold text-stone-900">
        {title}
      </h2>
      <div className="mt-3">{children}</div>
    </section>
  )
}

/** One appointment for staff: the details, what can be done now, and everything that happened to it. */
export function StaffAppointmentPage({ patientPath, backTo }: { patientPath: string; backTo: string }) {
  const appointment = useLoaderData<StaffAppointment>()
  const result = useActionData<ActionResult>()
  const [searchParams] = useSearchParams()
  const done = searchParams.get('done')
  const tz = appointment.timeZone
  const local = instantToZoned(new Date(appointment.start), tz)
  const localTime = `${String(Math.floor(local.minute / 60)).padStart(2, '0')}:${String(local.minute % 60).padStart(2, '0')}`
  const errorsFor = (intent: StaffAppointmentIntent) => (result?.intent === intent ? result : undefined)
  const version = <input type="hidden" name="version" value={appointment.version} />
  return (
    <div className="max-w-3xl space-y-6">
      <PageHeader title={`${appointment.type} with ${appointment.patient.name}`}>
        <Link to={backTo} className={linkClass}>
          Back to the calendar
        </Link>
      </PageHeader>
      {done && DONE_NOTICES[done] && !result ? <Notice>{DONE_NOTICES[done]}</Notice> : null}
      {result && !result.intent ? <FormAlert errors={[result.formError]} /> : null}
      <dl className="grid grid-cols-[9rem_1fr] gap-y-2 rounded-xl border border-stone-200 bg-white p-5 text-sm shadow-sm">
        <dt className="text-stone-500">When</dt>
        <dd>
          <time dateTime={appointment.start}>{formatSlotTime(appointment.start, tz)}</time>–
          <time dateTime={appointment.end}>{formatClockTime(appointment.end, tz)}</time>{' '}
          {zoneAbbreviation(appointment.start, tz)}
        </dd>
        <dt className="text-stone-500">Patient</dt>
        <dd>
          <Link to={`${patientPath}/${appointment.patient.id}`} className={linkClass}>
            {appointment.patient.name}
          </Link>
        </dd>
        <dt className="text-stone-500">Psychologist</dt>
        <dd>{appointment.psychologist.name}</dd>
        <dt className="text-stone-500">Where</dt>
        <dd>
          {MODALITY_LABELS[appointment.modality]}
          {appointment.location.address ? `, ${appointment.location.address}` : ''}
        </dd>
        <dt className="text-stone-500">Status</dt>
        <dd>
          {STATUS_LABELS[appointment.status]}
          {appointment.holdExpiresAt
            ? ` (until ${formatClockTime(appointment.holdExpiresAt, tz)})`
            : appointment.cancelReason
              ? `: ${appointment.cancelReason}`
              : ''}
        </dd>
        <dt className="text-stone-500">Fee</dt>
        <dd>{formatAud(appointment.fee)}</dd>
      </dl>

      {appointment.attendance.length > 0 ? (
        <ActionCard id="attendance" title="Attendance">
          <FormAlert errors={[errorsFor('attendance')?.formError]} />
          <Form method="post" className="mt-2 flex flex-wrap gap-3">
            <input type="hidden" name="intent" value="attendance" />
            {version}
            {appointment.attendance.map((outcome) => (
              <button key={outcome} type="submit" name="outcome" value={outcome} className={buttonClass}>
                {outcome === 'completed' ? 'Mark as attended' : 'Mark as did not attend'}
              </button>
            ))}
          </Form>
        </ActionCard>
      ) : null}

      {appointment.canChange ? (
        <>
          <ActionCard id="move" title="Move to another time">
            <Form method="post" className="space-y-3">
              <FormAlert errors={[errorsFor('reschedule')?.formError]} />
              <input type="hidden" name="intent" value="reschedule" />
              {version}
              <p className="text-sm text-stone-600">
                In {zoneAbbreviation(appointment.start, tz)}, the session&apos;s own zone. Any future time
                that is free in your calendar, outside working hours too.
              </p>
              <div className="grid gap-3 sm:grid-cols-2">
                <Field
                  label="New date"
                  errors={errorsFor('reschedule')?.fieldErrors.date}
                  inputProps={{
                    id: 'move-date',
                    name: 'date',
                    type: 'date',
                    required: true,
                    defaultValue: local.date,
                  }}
                />
                <Field
                  label="New start time"
                  errors={errorsFor('reschedule')?.fieldErrors.time}
                  inputProps={{
                    id: 'move-time',
                    name: 'time',
                    type: 'time',
                    step: 300,
                    required: true,
                    defaultValue: localTime,
                  }}
                />
              </div>
              <TextareaField
                label="Reason"
                hint="For the practice's records. It is not sent to the patient."
                errors={errorsFor('reschedule')?.fieldErrors.reason}
                textareaProps={{ id: 'move-reason', name: 'reason', rows: 2, required: true, maxLength: 500 }}
              />
              <button type="submit" className={buttonClass}>
                Move the session
              </button>
            </Form>
          </ActionCard>
          <ActionCard id="cancel" title="Cancel the session">
            <Form method="post" className="space-y-3">
              <FormAlert errors={[errorsFor('cancel')?.formError]} />
              <input type="hidden" name="intent" value="cancel" />
              {version}
              <TextareaField
                label="Reason"
                hint="For the practice's records. It is not sent to the patient."
                errors={errorsFor('cancel')?.fieldErrors.reason}
                textareaProps={{
                  id: 'cancel-reason',
                  name: 'reason',
                  rows: 2,
                  required: true,
                  maxLength: 500,
                }}
              />
              {appointment.lateCancellationPossible ? (
                <label className="flex items-start gap-2 text-sm text-stone-800">
                  <input type="checkbox" name="late" className="mt-1 size-4 accent-brand-700" />
                  The patient cancelled with less than 48 hours&apos; notice (a late cancellation: the fee may
                  apply)
                </label>
              ) : null}
              <button type="submit" className={buttonClass}>
                Cancel the session
              </button>
            </Form>
          </ActionCard>
        </>
      ) : null}

      <section aria-labelledby="history">
        <h2 id="history" className="text-base font-semibold text-stone-900">
          History
        </h2>
        <ol className="mt-2 space-y-2 text-sm text-stone-700">
          {appointment.history.map((event) => (
            <li key={`${event.at}-${event.kind}`}>
              <time dateTime={event.at}>{formatSlotTime(event.at, tz)}</time>: {EVENT_LABELS[event.kind]} by{' '}
              {event.actor}
              {event.from && event.to
                ? `, from ${formatSlotTime(event.from, tz)} to ${formatSlotTime(event.to, tz)}`
                : ''}
              {event.reason ? ` (${event.reason})` : ''}
            </li>
          ))}
        </ol>
      </section>
    </div>
  )
}
