import { db } from '~/utils/db.server.ts'
import { isInsideNoticeWindow, isLive, patientMayCancel, patientMayReschedule } from './appointment-state.ts'

/** Whether the appointment is this patient's own (anyone else's reads as not there). */
export async function isPatientsAppointment(patientId: string, appointmentId: string) {
  return (await db.appointment.count({ where: { id: appointmentId, patientId } })) > 0
}

/** A patient's appointments, upcoming and past, with what they may still do with each. */
export async function patientAppointments(patientId: string, now = new Date()) {
  const appointments = await db.appointment.findMany({
    where: { patientId },
    orderBy: { startsAt: 'asc' },
    include: {
      psychologist: { select: { name: true } },
      appointmentType: { select: { name: true } },
      location: { select: { name: true, address: true } },
    },
  })
  const rows = appointments.map((appointment) => ({
    id: appointment.id,
    version: appointment.version,
    start: appointment.startsAt.toISOString(),
    timeZone: appointment.timeZone,
    status: appointment.status,
    modality: appointment.modality,
    psychologist: appointment.psychologist.name,
    type: appointment.appointmentType.name,
    location: appointment.location.name,
    address: appointment.location.address,
    fee: appointment.feeCents,
    cancellable: patientMayCancel(appointment, now).allowed,
    reschedule: patientMayReschedule(appointment, now),
    lateIfCancelledNow: appointment.status === 'confirmed' && isInsideNoticeWindow(appointment.startsAt, now),
  }))
  const ended = (row: (typeof rows)[number]) => new Date(row.start) <= now || !isLive(row.status)
  return {
    upcoming: rows.filter((row) => !ended(row)),
    past: rows.filter(ended).reverse(),
  }
}
