import { Link } from '@remix-run/react'
import { type ReactNode } from 'react'
import { linkClass } from '~/components/forms.tsx'
import { STATUS_LABELS, type AppointmentStatus } from '~/domain/scheduling/appointment-state.ts'
import { AUSTRALIAN_TIME_ZONES } from '~/domain/scheduling/directory.ts'
import { formatClockTime, formatDayHeading, formatSlotTime, zoneAbbreviation } from '~/utils/time.ts'
import { type SyncState } from '~/generated/prisma/enums.ts'
import { SyncBadge } from '~/components/sync-badge.tsx'

type CalendarAppointment = {
  kind: 'appointment'
  id: string
  start: string
  end: string
  status: AppointmentStatus
  modality: 'in_person' | 'telehealth'
  patient: { id: string; name: string }
  psychologist: { id: string; name: string }
  type: string
  /** Whether Halaxy has it yet; left out where the mirror is not shown (or not connected). */
  sync?: SyncState | null
}

export type CalendarTimeOff = {
  kind: 'time_off'
  id: string
  start: string
  end: string
  psychologist: { id: string; name: string }
  /** Only on the psychologist's own calendar: the reason is their private note. */
  reason?: string
  /** 'halaxy': a session booked in Halaxy itself, shown as busy (changed there, not here). */
  source?: 'halaxy'
}

/** A local day: the instants bounding it and its entries in time order. */
export type CalendarDay = {
  date: string
  from: string
  to: string
  items: (CalendarAppointment | CalendarTimeOff)[]
}

export type CalendarOptions = {
  /** Where a patient's name links to: `${patientPath}/${patientId}`. */
  patientPath: string
  /** Where a session's time links to: `${appointmentPath}/${appointmentId}`. */
  appointmentPath: string
  showPsychologist?: boolean
  /** On the psychologist's own calendar: a confirmed video session links to its session page. */
  videoSessions?: boolean
  /** On the psychologist's own calendar: a session started by `now` links to its clinical note. */
  notes?: { now: string }
  /** What can be done with a block of time off here (on the psychologist's own calendar, remove it). */
  timeOffControls?: (timeOff: CalendarTimeOff) => ReactNode
}

const STATUS_STYLES: Record<AppointmentStatus, string> = {
  held: 'bg-amber-100 text-amber-900',
  confirmed: 'bg-brand-50 text-brand-800',
  completed: 'bg-stone-100 text-stone-800',
  no_show: 'bg-orange-100 text-orange-900',
  cancelled: 'border border-dashed border-stone-400 text-stone-600',
  late_cancelled: 'border border-dashed border-stone-400 text-stone-600',
  expired: 'border border-dashed border-stone-400 text-stone-600',
}

/** Sessions that went ahead (or were missed): the ones a note is written for. */
const NOTE_STATUSES = new Set<AppointmentStatus>(['confirmed', 'completed', 'no_show'])

const isCancelled = (status: AppointmentStatus) => status === 'cancelled' || status === 'late_cancelled'

const badge = 'rounded px-1.5 py-0.5 text-xs font-medium'

function AppointmentItem({
  entry,
  timeZone,
  options,
}: {
  entry: CalendarAppointment
  timeZone: string
  options: CalendarOptions
}) {
  const cancelled = isCancelled(entry.status)
  return (
    <li
      className={`flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2 text-sm ${cancelled ? 'text-stone-500' : ''}`}
    >
      <Link
        to={`${options.appointmentPath}/${entry.id}`}
        className={`w-36 ${linkClass} ${cancelled ? 'line-through' : ''}`}
      >
        <time dateTime={entry.start}>{formatClockTime(entry.start, timeZone)}</time>–
        <time dateTime={entry.end}>{formatClockTime(entry.end, timeZone)}</time>
        <span className="sr-only">, session details</span>
      </Link>
      {/* Said in words, not only struck through, so a screen reader announces a cancellation. */}
      <span className={`${badge} ${STATUS_STYLES[entry.status]}`}>{STATUS_LABELS[entry.status]}</span>
      <span
        className={`${badge} ${entry.modality === 'telehealth' ? 'bg-sky-100 text-sky-900' : 'bg-emerald-100 text-emerald-900'}`}
      >
        {entry.modality === 'telehealth' ? 'Telehealth' : 'In person'}
      </span>
      <Link to={`${options.patientPath}/${entry.patient.id}`} className={linkClass}>
        {entry.patient.name}
      </Link>
      <span className={cancelled ? 'line-through' : ''}>{entry.type}</span>
      {options.showPsychologist ? <span>with {entry.psychologist.name}</span> : null}
      {entry.sync !== undefined ? <SyncBadge state={entry.sync} /> : null}
      {options.videoSessions && entry.modality === 'telehealth' && entry.status === 'confirmed' ? (
        <Link to={`${options.appointmentPath}/${entry.id}/session`} className={linkClass}>
          Start session<span className="sr-only"> with {entry.patient.name}</span>
        </Link>
      ) : null}
      {options.notes && NOTE_STATUSES.has(entry.status) && entry.start <= options.notes.now ? (
        <Link to={`${options.appointmentPath}/${entry.id}/note`} className={linkClass}>
          Note<span className="sr-only"> for {entry.patient.name}</span>
        </Link>
      ) : null}
    </li>
  )
}

/** Time off as it falls on one day: all of it, its start, its end, or both. */
function TimeOffSpan({
  timeOff,
  day,
  timeZone,
}: {
  timeOff: CalendarTimeOff
  day: CalendarDay
  timeZone: string
}) {
  const startsEarlier = timeOff.start <= day.from
  const endsLater = timeOff.end >= day.to
  const start = <time dateTime={timeOff.start}>{formatClockTime(timeOff.start, timeZone)}</time>
  const end = <time dateTime={timeOff.end}>{formatClockTime(timeOff.end, timeZone)}</time>
  if (startsEarlier && endsLater) return <>All day</>
  if (startsEarlier) return <>Until {end}</>
  if (endsLater) return <>From {start}</>
  return (
    <>
      {start}–{end}
    </>
  )
}

function TimeOffItem({
  timeOff,
  day,
  timeZone,
  options,
}: {
  timeOff: CalendarTimeOff
  day: CalendarDay
  timeZone: string
  options: CalendarOptions
}) {
  return (
    <li className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2 text-sm">
      <span className="w-36 font-medium">
        <TimeOffSpan timeOff={timeOff} day={day} timeZone={timeZone} />
      </span>
      <span className={`${badge} bg-stone-200 text-stone-800`}>
        {timeOff.source === 'halaxy' ? 'Busy in Halaxy' : 'Time off'}
      </span>
      {options.showPsychologist ? <span>{timeOff.psychologist.name}</span> : null}
      {timeOff.reason ? <span className="text-stone-600">{timeOff.reason}</span> : null}
      {timeOff.source === 'halaxy' ? (
        <span className="text-stone-600">Booked in Halaxy; change it there.</span>
      ) : (
        options.timeOffControls?.(timeOff)
      )}
    </li>
  )
}

/** One day under its heading: each session or block of time off a list item, in time order. */
export function DaySchedule({
  day,
  timeZone,
  options,
}: {
  day: CalendarDay
  timeZone: string
  options: CalendarOptions
}) {
  return (
    <section
      aria-labelledby={`day-${day.date}`}
      className="rounded-xl border border-stone-200 bg-white p-4 shadow-sm"
    >
      <h2 id={`day-${day.date}`} className="font-semibold text-stone-900">
        {formatDayHeading(day.from, timeZone)}
      </h2>
      {day.items.length === 0 ? (
        <p className="mt-1 text-sm text-stone-500">Nothing booked.</p>
      ) : (
        <ul className="mt-2 divide-y divide-stone-100">
          {day.items.map((item) =>
            item.kind === 'appointment' ? (
              <AppointmentItem
                key={`appointment-${item.id}`}
                entry={item}
                timeZone={timeZone}
                options={options}
              />
            ) : (
              <TimeOffItem
                key={`time-off-${item.id}`}
                timeOff={item}
                day={day}
                timeZone={timeZone}
                options={options}
              />
            ),
          )}
        </ul>
      )}
    </section>
  )
}

/** Names the zone every time is shown in, both of its names when daylight saving starts or ends. */
export function ZoneNote({ days, timeZone }: { days: CalendarDay[]; timeZone: string }) {
  const names = new Set(
    days.flatMap((day) => [zoneAbbreviation(day.from, timeZone), zoneAbbreviation(day.to, timeZone)]),
  )
  const place = AUSTRALIAN_TIME_ZONES.find((zone) => zone.value === timeZone)?.label ?? timeZone
  return (
    <p className="text-sm text-stone-600">
      Times in {[...names].join(' and ')} ({place} time).
    </p>
  )
}

/** A full description of a block of time off, for a control that acts on all of it. */
export function describeTimeOff(timeOff: CalendarTimeOff, timeZone: string) {
  return `${formatSlotTime(timeOff.start, timeZone)} to ${formatSlotTime(timeOff.end, timeZone)}`
}

export function DayCalendar({
  day,
  timeZone,
  options,
}: {
  day: CalendarDay
  timeZone: string
  options: CalendarOptions
}) {
  return (
    <div className="space-y-4">
      <DaySchedule day={day} timeZone={timeZone} options={options} />
      <ZoneNote days={[day]} timeZone={timeZone} />
    </div>
  )
}
