import { db, type Tx } from '~/utils/db.server.ts'
import { calendarFile } from './ics.ts'

/** A patient's own appointment as a calendar file; null when it is not theirs. */
export async function patientCalendarFile(patientId: string, appointmentId: string, client: Tx = db) {
  const appointment = await client.appointment.findFirst({
    where: { id: appointmentId, patientId },
    include: {
      psychologist: { select: { name: true } },
      location: { select: { name: true, address: true, kind: true } },
    },
  })
  if (!appointment) return null
  return calendarFile({
    uid: `${appointment.id}@haven`,
    start: appointment.startsAt,
    end: appointment.endsAt,
    timeZone: appointment.timeZone,
    summary: `Session with ${appointment.psychologist.name}, Haven Psychology`,
    location:
      appointment.location.kind === 'telehealth'
        ? 'Video session: join from your Haven appointments page'
        : [appointment.location.name, appointment.location.address].filter(Boolean).join(', '),
    cancelled: appointment.status === 'cancelled' || appointment.status === 'late_cancelled',
    sequence: appointment.version,
  })
}
