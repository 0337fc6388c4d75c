import { DaySchedule, ZoneNote, type CalendarDay, type CalendarOptions } from './day-calendar.tsx'

/**
 * A week as a list of days: readable on a phone and by a screen reader (headings per day,
 * each session or block of time off a list item that says its time, kind, status and people).
 */
export function WeekCalendar({
  days,
  timeZone,
  options,
}: {
  days: CalendarDay[]
  timeZone: string
  options: CalendarOptions
}) {
  return (
    <div className="space-y-4">
      {days.map((day) => (
        <DaySchedule key={day.date} day={day} timeZone={timeZone} options={options} />
      ))}
      <ZoneNote days={days} timeZone={timeZone} />
    </div>
  )
}
