import { db } from '~/utils/db.server.ts'

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * The seven days starting on the Monday of the week `weekOffset` weeks from now, as
 * instants bounding the local days in `timeZone` (a week view shows whole local days).
 */
export function weekBounds(now: Date, timeZone: string, weekOffset: number) {
  const local = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    weekday: 'short',
  }).formatToParts(now)
  const part = (type: string) => local.find((candidate) => candidate.type === type)?.value ?? ''
  const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']
  const todayUtc = Date.UTC(Number(part('year')), Number(part('month')) - 1, Number(part('day')))
  const mondayUtc = todayUtc - weekdays.indexOf(part('weekday')) * DAY_MS + weekOffset * 7 * DAY_MS
  const days = Array.from({ length: 7 }, (_, index) =>
    new Date(mondayUtc + index * DAY_MS).toISOString().slice(0, 10),
  )
  // A generous margin either side: rows are grouped by their local day afterwards.
  return { days, from: new Date(mondayUtc - DAY_MS), to: new Date(mondayUtc + 8 * DAY_MS) }
}

/** Appointments for a calendar: one psychologist's, or everyone's for the manager. */
export async function calendarAppointments(filter: { psychologistId?: string; from: Date; to: Date }) {
  const appointments = await db.appointment.findMany({
    where: {
      ...(filter.psychologistId ? { psychologistId: filter.psychologistId } : {}),
      startsAt: { lt: filter.to },
      endsAt: { gt: filter.from },
      status: { notIn: ['held'] },
    },
    orderBy: { startsAt: 'asc' },
    include: {
      patient: { select: { id: true, name: true } },
      psychologist: { select: { id: true, name: true } },
      appointmentType: { select: { name: true } },
    },
  })
  return appointments.map((appointment) => ({
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

export async function activePsychologists() {
  return db.user.findMany({
    where: { status: 'active', roles: { some: { role: { name: 'psychologist' } } } },
    select: { id: true, name: true },
    orderBy: { name: 'asc' },
  })
}
