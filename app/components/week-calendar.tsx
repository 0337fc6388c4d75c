import { Link } from '@remix-run/react'
import { linkClass } from '~/components/forms.tsx'
import { dayKey, formatClockTime, formatDayHeading, zoneAbbreviation } from '~/utils/time.ts'

export type CalendarEntry = {
  id: string
  start: string
  end: string
  status: string
  modality: 'in_person' | 'telehealth'
  patient: { id: string; name: string }
  psychologist: { id: string; name: string }
  type: string
}

const STATUS: Record<string, string> = {
  confirmed: 'Confirmed',
  completed: 'Completed',
  no_show: 'Did not attend',
  cancelled: 'Cancelled',
  late_cancelled: 'Late cancellation',
}

/**
 * A week as a list of days: readable on a phone and by a screen reader (headings per day,
 * each session a list item that says its time, kind, status and people).
 */
export function WeekCalendar({
  days,
  entries,
  timeZone,
  patientPath,
  showPsychologist = false,
}: {
  days: string[]
  entries: CalendarEntry[]
  timeZone: string
  patientPath: string
  showPsychologist?: boolean
}) {
  return (
    <div className="space-y-4">
      {days.map((day) => {
        const dayEntries = entries.filter((entry) => dayKey(entry.start, timeZone) === day)
        const noon = `${day}T02:00:00Z`
        return (
          <section
            key={day}
            aria-labelledby={`day-${day}`}
            className="rounded-xl border border-stone-200 bg-white p-4 shadow-sm"
          >
            <h2 id={`day-${day}`} className="font-semibold text-stone-900">
              {formatDayHeading(noon, timeZone)}
            </h2>
            {dayEntries.length === 0 ? (
              <p className="mt-1 text-sm text-stone-500">No sessions.</p>
            ) : (
              <ul className="mt-2 divide-y divide-stone-100">
                {dayEntries.map((entry) => {
                  const cancelled = entry.status.includes('cancelled')
                  return (
                    <li
                      key={entry.id}
                      className={`flex flex-wrap items-baseline gap-x-3 py-2 text-sm ${cancelled ? 'text-stone-500 line-through' : ''}`}
                    >
                      <span className="w-32 font-medium">
                        <time dateTime={entry.start}>{formatClockTime(entry.start, timeZone)}</time>–
                        <time dateTime={entry.end}>{formatClockTime(entry.end, timeZone)}</time>
                      </span>
                      <span
                        className={`rounded px-1.5 py-0.5 text-xs font-medium ${entry.modality === 'telehealth' ? 'bg-sky-100 text-sky-900' : 'bg-emerald-100 text-emerald-900'}`}
                      >
                        {entry.modality === 'telehealth' ? 'Telehealth' : 'In person'}
                      </span>
                      <Link to={`${patientPath}/${entry.patient.id}`} className={linkClass}>
                        {entry.patient.name}
                      </Link>
                      <span>{entry.type}</span>
                      {showPsychologist ? <span>with {entry.psychologist.name}</span> : null}
                      <span className="text-stone-600">{STATUS[entry.status] ?? entry.status}</span>
                    </li>
                  )
                })}
              </ul>
            )}
          </section>
        )
      })}
      <p className="text-sm text-stone-600">Times in {zoneAbbreviation(`${days[0]}T02:00:00Z`, timeZone)}.</p>
    </div>
  )
}
