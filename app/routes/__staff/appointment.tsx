import { getFormProps, getInputProps, getTextareaProps } from '@conform-to/react'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { type ReactNode } from 'react'
import { PageHeader } from '~/components/area-shell.tsx'
import { type StatusPage } from '~/components/error-boundary.tsx'
import {
  ActionForm,
  type ActionReplyData,
  Field,
  FormAlert,
  linkClass,
  replyFor,
  TextareaField,
  useValidatedForm,
} from '~/components/forms.tsx'
import { AppointmentMessages } from '~/components/message-list.tsx'
import { STATUS_LABELS } from '~/domain/scheduling/appointment-state.ts'
import { MODALITY_LABELS } from '~/domain/scheduling/directory.ts'
import {
  attendanceSuggestionWords,
  participantWords,
  videoRoomWords,
} from '~/domain/telehealth/staff-video.ts'
import { instantToZoned } from '~/domain/scheduling/zoned-time.ts'
import { type loadStaffAppointment } from '~/routes/__staff/appointment.server.ts'
import { cancelSchema, rescheduleSchema } from '~/routes/__staff/appointment-schema.ts'
import { formatClockTime, formatSlotTime, zoneAbbreviation } from '~/utils/time.ts'
import { formatAud } from '~/utils/money.ts'

type StaffAppointment = Awaited<ReturnType<typeof loadStaffAppointment>>

/** What the page says when the appointment is not there, or not on this psychologist's calendar. */
export const STAFF_APPOINTMENT_STATUS_PAGES: Partial<Record<number, StatusPage>> = {
  404: {
    title: 'We could not find that appointment',
    body: 'The link may be old, or the session may be on another psychologist’s calendar. The calendar lists the sessions you can open.',
  },
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

/** The form's own errors and those of its hidden version field (a form left open while the session changed). */
const formErrors = (form: { errors?: string[] }, version: { errors?: string[] }) => [
  ...(form.errors ?? []),
  ...(version.errors ?? []),
]

const reasonHint = "For the practice's records. It is not sent to the patient."

function MoveForm({ appointment, reply }: { appointment: StaffAppointment; reply: ActionReplyData }) {
  const tz = appointment.timeZone
  const local = instantToZoned(new Date(appointment.start), tz)
  const time = `${String(Math.floor(local.minute / 60)).padStart(2, '0')}:${String(local.minute % 60).padStart(2, '0')}`
  const [form, fields] = useValidatedForm(
    'move-session',
    rescheduleSchema(tz),
    replyFor(reply, 'reschedule'),
    {
      version: appointment.version,
      date: local.date,
      time,
    },
  )
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <FormAlert id={form.errorId} errors={formErrors(form, fields.version)} />
      <input type="hidden" name="intent" value="reschedule" />
      <input {...getInputProps(fields.version, { type: 'hidden' })} />
      <p className="text-sm text-stone-600">
        In {zoneAbbreviation(appointment.start, tz)}, the session&apos;s own zone. Any future time that is
        free in your calendar, outside working hours too.
      </p>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field
          label="New date"
          errors={fields.date.errors}
          inputProps={getInputProps(fields.date, { type: 'date' })}
        />
        <Field
          label="New start time"
          errors={fields.time.errors}
          inputProps={{ ...getInputProps(fields.time, { type: 'time' }), step: 300 }}
        />
      </div>
      <TextareaField
        label="Reason"
        hint={reasonHint}
        errors={fields.reason.errors}
        textareaProps={{ ...getTextareaProps(fields.reason), rows: 2 }}
      />
      <button type="submit" className={buttonClass}>
        Move the session
      </button>
    </Form>
  )
}

function CancelForm({ appointment, reply }: { appointment: StaffAppointment; reply: ActionReplyData }) {
  const [form, fields] = useValidatedForm('cancel-session', cancelSchema, replyFor(reply, 'cancel'), {
    version: appointment.version,
  })
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <FormAlert id={form.errorId} errors={formErrors(form, fields.version)} />
      <input type="hidden" name="intent" value="cancel" />
      <input {...getInputProps(fields.version, { type: 'hidden' })} />
      <TextareaField
        label="Reason"
        hint={reasonHint}
        errors={fields.reason.errors}
        textareaProps={{ ...getTextareaProps(fields.reason), rows: 2 }}
      />
      {appointment.lateCancellationPossible ? (
        <label className="flex items-start gap-2 text-sm text-stone-800">
          <input
            {...getInputProps(fields.late, { type: 'checkbox' })}
            className="mt-1 size-4 accent-brand-700"
          />
          The patient cancelled with less than 48 hours&apos; notice (a late cancellation: the fee may apply)
        </label>
      ) : null}
      <button type="submit" className={buttonClass}>
        Cancel the session
      </button>
    </Form>
  )
}

/** A telehealth session's video: the room's state, who joined and left when, and Start session. */
function VideoSession({
  video,
  timeZone,
}: {
  video: NonNullable<StaffAppointment['video']>
  timeZone: string
}) {
  return (
    <ActionCard id="video" title="Video session">
      <p className="text-sm text-stone-700" role="status">
        {videoRoomWords(video.room, timeZone)}
      </p>
      {video.participants.length > 0 ? (
        <ul className="mt-3 space-y-1 text-sm text-stone-700" aria-label="Who joined the video session">
          {video.participants.map((span, index) => (
            <li key={`${span.role}-${span.joinedAt ?? span.leftAt}-${index}`}>
              {participantWords(span, timeZone)}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-3 text-sm text-stone-500">Nobody has joined the video session yet.</p>
      )}
      {video.startSessionPath ? (
        <Link
          to={video.startSessionPath}
          className="mt-4 inline-block rounded-md bg-brand-700 px-4 py-2 text-sm font-medium text-white hover:bg-brand-800"
        >
          Start session
        </Link>
      ) : null}
    </ActionCard>
  )
}

const NOTE_STATE_WORDS = {
  none: 'No note written yet.',
  draft: 'A draft note, not signed yet.',
  signed: 'Signed and locked. Changes are added as addenda.',
} as const

const NOTE_LINK_WORDS = { none: 'Write note', draft: 'Continue note', signed: 'Open note' } as const

/** One appointment for staff: the details, what can be done now, and everything that happened to it. */
export function StaffAppointmentPage({ patientPath, backTo }: { patientPath: string; backTo: string }) {
  const appointment = useLoaderData<StaffAppointment>()
  const reply = useActionData<ActionReplyData>()
  const tz = appointment.timeZone
  return (
    <div className="max-w-3xl space-y-6">
      <PageHeader title={`${appointment.type} with ${appointment.patient.name}`}>
        <Link to={backTo} className={linkClass}>
          Back to the calendar
        </Link>
      </PageHeader>
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

      {appointment.video ? <VideoSession video={appointment.video} timeZone={tz} /> : null}

      {appointment.note ? (
        <ActionCard id="note" title="Clinical note">
          <p className="text-sm text-stone-700">{NOTE_STATE_WORDS[appointment.note.state]}</p>
          <Link
            to={appointment.note.path}
            className="mt-3 inline-block rounded-md bg-brand-700 px-4 py-2 text-sm font-medium text-white hover:bg-brand-800"
          >
            {NOTE_LINK_WORDS[appointment.note.state]}
          </Link>
        </ActionCard>
      ) : null}

      {appointment.attendance.length > 0 ? (
        <ActionCard id="attendance" title="Attendance">
          {appointment.video && attendanceSuggestionWords(appointment.video, tz) ? (
            <p className="text-sm text-stone-700">{attendanceSuggestionWords(appointment.video, tz)}</p>
          ) : null}
          <ActionForm
            intent="attendance"
            fields={{ version: appointment.version }}
            reply={reply}
            className="mt-2 flex flex-wrap gap-3"
          >
            {appointment.attendance.map((outcome) => (
              <button key={outcome} type="submit" name="outcome" value={outcome} className={buttonClass}>
                {outcome === 'completed' ? 'Mark as attended' : 'Mark as did not attend'}
              </button>
            ))}
          </ActionForm>
        </ActionCard>
      ) : null}

      {appointment.canChange ? (
        // Fresh forms for each version of the appointment: a change made here leaves them empty.
        <div key={appointment.version} className="space-y-6">
          <ActionCard id="move" title="Move to another time">
            <MoveForm appointment={appointment} reply={reply} />
          </ActionCard>
          <ActionCard id="cancel" title="Cancel the session">
            <CancelForm appointment={appointment} reply={reply} />
          </ActionCard>
        </div>
      ) : null}

      <AppointmentMessages messages={appointment.messages} timeZone={tz} />

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
