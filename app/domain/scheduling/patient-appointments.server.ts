import { db } from '~/utils/db.server.ts'
import { joinState, joinWindow } from '../telehealth/join-window.ts'
import { readJoinWindowSettings } from '../telehealth/settings.server.ts'
import { BookingNotFoundError } from './appointment-errors.ts'
import { isInsideNoticeWindow, isLive, patientMayCancel, patientMayReschedule } from './appointment-state.ts'

/** The patient's own appointment; anyone else's reads as not there (BookingNotFoundError). */
export async function patientsAppointment(patientId: string, appointmentId: string) {
  const appointment = await db.appointment.findFirst({
    where: { id: appointmentId, patientId },
    select: { id: true },
  })
  if (!appointment) throw new BookingNotFoundError()
  return appointment
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
  const window = await readJoinWindowSettings()
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
    // A confirmed video session can be joined until its join window closes (the page says when it opens).
    video:
      appointment.modality === 'telehealth' &&
      appointment.status === 'confirmed' &&
      joinState(joinWindow(appointment, window), now) !== 'closed',
  }))
  const ended = (row: (typeof rows)[number]) =>
    (new Date(row.start) <= now && !row.video) || !isLive(row.status)
  return {
    upcoming: rows.filter((row) => !ended(row)),
    past: rows.filter(ended).reverse(),
  }
}
