import { db } from '~/utils/db.server.ts'
import { dayKey } from '~/utils/time.ts'
import {
  addDays,
  dayNumber,
  instantToZoned,
  isoWeekday,
  zonedDateTimeToInstant,
  type LocalDate,
} from './zoned-time.ts'

/** The first instant of a local day (where clocks jump at midnight, the first minute that exists). */
function startOfLocalDay(date: LocalDate, timeZone: string) {
  for (let minute = 0; minute < 24 * 60; minute++) {
    const instant = zonedDateTimeToInstant({ date, minute }, timeZone)
    if (instant) return instant
  }
  throw new RangeError(`${date} has no wall-clock time in ${timeZone}`)
}

export function todayIn(timeZone: string, now: Date): LocalDate {
  return instantToZoned(now, timeZone).date
}

/** The Monday to Sunday `weekOffset` weeks from this one, in the viewer's zone, and the instants bounding it. */
export function weekBounds(now: Date, timeZone: string, weekOffset: number) {
  const today = todayIn(timeZone, now)
  const monday = addDays(today, 1 - isoWeekday(today) + weekOffset * 7)
  return {
    days: Array.from({ length: 7 }, (_, index) => addDays(monday, index)),
    from: startOfLocalDay(monday, timeZone),
    to: startOfLocalDay(addDays(monday, 7), timeZone),
  }
}

/** One local day, as the instants that bound it. */
export function dayBounds(date: LocalDate, timeZone: string) {
  return {
    days: [date],
    from: startOfLocalDay(date, timeZone),
    to: startOfLocalDay(addDays(date, 1), timeZone),
  }
}

/** How many weeks the week holding `date` is from this week (0 = this week), Monday to Sunday. */
export function weekOffsetOf(date: LocalDate, timeZone: string, now: Date) {
  const monday = (day: LocalDate) => dayNumber(day) - (isoWeekday(day) - 1)
  return (monday(date) - monday(todayIn(timeZone, now))) / 7
}

/** Appointments for a calendar: one psychologist's, or everyone's for the manager. */
export async function calendarAppointments(filter: { psychologistId?: string; from: Date; to: Date }) {
  const appointments = await db.appointment.findMany({
    where: {
      ...(filter.psychologistId ? { psychologistId: filter.psychologistId } : {}),
      startsAt: { lt: filter.to },
      endsAt: { gt: filter.from },
      // A released hold never happened; a hold awaiting payment still occupies the time.
      status: { not: 'expired' },
    },
    orderBy: { startsAt: 'asc' },
    include: {
      patient: { select: { id: true, name: true } },
      psychologist: { select: { id: true, name: true } },
      appointmentType: { select: { name: true } },
    },
  })
  return appointments.map((appointment) => ({
    kind: 'appointment' as const,
    id: appointment.id,
    start: appointment.startsAt.toISOString(),
    end: appointment.endsAt.toISOString(),
    status: appointment.status,
    modality: appointment.modality,
    patient: appointment.patient,
    psychologist: appointment.psychologist,
    type: appointment.appointmentType.name,
  }))
}

type Timed = { start: string; end: string }

/**
 * Entries grouped into local days, each day in time order. A session belongs to the day it
 * starts; time off shows on every day it touches (a week away fills the whole week).
 */
export function calendarDays<Appointment extends Timed, TimeOff extends Timed>(
  days: LocalDate[],
  timeZone: string,
  entries: { appointments: Appointment[]; timeOff: TimeOff[] },
) {
  return days.map((date) => {
    const { from, to } = dayBounds(date, timeZone)
    const startInDay = (entry: Timed) => Math.max(new Date(entry.start).getTime(), from.getTime())
    const items = [
      ...entries.appointments.filter((appointment) => dayKey(appointment.start, timeZone) === date),
      ...entries.timeOff.filter((timeOff) => new Date(timeOff.start) < to && new Date(timeOff.end) > from),
    ].sort((a, b) => startInDay(a) - startInDay(b))
    return { date, from: from.toISOString(), to: to.toISOString(), items }
  })
}

export async function activePsychologists() {
  return db.user.findMany({
    where: { status: 'active', roles: { some: { role: { name: 'psychologist' } } } },
    select: { id: true, name: true },
    orderBy: { name: 'asc' },
  })
}
