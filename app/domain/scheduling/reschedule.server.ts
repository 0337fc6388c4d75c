import { db, type Tx } from '~/utils/db.server.ts'
import { isOverlapViolation } from '~/utils/db-errors.server.ts'
import {
  AppointmentActionError,
  BookingNotFoundError,
  SlotUnavailableError,
  StaleAppointmentError,
  TimeOffConflictError,
} from './appointment-errors.ts'
import { patientMayReschedule } from './appointment-state.ts'
import {
  BURST_TRANSACTION,
  lockPsychologistCalendar,
  recordAppointmentChange,
  refuseTimeOff,
} from './appointment-writes.server.ts'
import { availableSlots } from './availability.server.ts'
import { bookingContext, checkSlot } from './booking.server.ts'
import { releaseExpiredHoldsFor } from './holds.server.ts'
import { type Slot } from './slots.ts'
import { DAY_MS } from './zoned-time.ts'

/**
 * Moves an appointment to a new time, keeping everything else (and its payment). The caller
 * has decided the person may; this checks the version, takes the calendar's turn, refuses
 * time off, and lets the exclusion constraint refuse a collision.
 */
export async function moveAppointment(
  tx: Tx,
  appointment: { id: string; psychologistId: string; startsAt: Date; endsAt: Date; version: number },
  change: { start: Date; actorId: string; reason?: string; now: Date },
) {
  await lockPsychologistCalendar(tx, appointment.psychologistId)
  await releaseExpiredHoldsFor(tx, appointment.psychologistId, change.now)
  const end = new Date(change.start.getTime() + appointment.endsAt.getTime() - appointment.startsAt.getTime())
  await refuseTimeOff(tx, appointment.psychologistId, change.start, end)
  const { count } = await tx.appointment.updateMany({
    where: { id: appointment.id, version: appointment.version },
    data: {
      startsAt: change.start,
      endsAt: end,
      version: { increment: 1 },
    },
  })
  if (count !== 1) throw new StaleAppointmentError()
  await recordAppointmentChange(tx, {
    appointmentId: appointment.id,
    version: appointment.version + 1,
    actorId: change.actorId,
    kind: 'rescheduled',
    reason: change.reason,
    fromStartsAt: appointment.startsAt,
    toStartsAt: change.start,
  })
}

/** The booking context of an existing appointment: its psychologist, type and place. */
async function appointmentContext(appointment: {
  psychologistId: string
  appointmentTypeId: string
  locationId: string
  startsAt: Date
  endsAt: Date
}) {
  const profile = await db.psychologistProfile.findUnique({
    where: { userId: appointment.psychologistId },
    select: { slug: true },
  })
  if (!profile?.slug) throw new BookingNotFoundError()
  const context = await bookingContext({
    slug: profile.slug,
    appointmentTypeId: appointment.appointmentTypeId,
    locationId: appointment.locationId,
  })
  // The session keeps the length it was booked with, even if the type has changed since.
  const minutes = (appointment.endsAt.getTime() - appointment.startsAt.getTime()) / 60_000
  return { ...context, type: { ...context.type, durationMinutes: minutes } }
}

/**
 * A patient moves their own appointment to another offered time, outside the notice window.
 * The new time is checked with the same code that offers times (the appointment's own time
 * is not counted as busy).
 */
export async function rescheduleAppointmentAsPatient(input: {
  appointmentId: string
  patientId: string
  version: number
  start: Date
  now?: Date
}) {
  const now = input.now ?? new Date()
  const appointment = await db.appointment.findFirst({
    where: { id: input.appointmentId, patientId: input.patientId },
  })
  if (!appointment) throw new BookingNotFoundError()
  if (appointment.version !== input.version) throw new StaleAppointmentError()
  const decision = patientMayReschedule(appointment, now)
  if (!decision.allowed) throw new AppointmentActionError(decision.reason)
  if (appointment.startsAt.getTime() === input.start.getTime())
    throw new AppointmentActionError('That is the time the session is already booked for.')
  const context = await appointmentContext(appointment)
  const check = await checkSlot(context, input.start, now, appointment.id)
  if (!check.available) throw new SlotUnavailableError('unavailable', check.alternatives)
  try {
    await db.$transaction(
      (tx) => moveAppointment(tx, appointment, { start: input.start, actorId: input.patientId, now }),
      BURST_TRANSACTION,
    )
  } catch (error) {
    if (isOverlapViolation(error) || error instanceof TimeOffConflictError)
      throw new SlotUnavailableError(
        'taken',
        (await checkSlot(context, input.start, now, appointment.id)).alternatives,
      )
    throw error
  }
  return { from: appointment.startsAt, to: input.start }
}

/**
 * Where a patient may move their appointment: free times a week at a time, at the same place
 * and for the same length (its own time does not count as busy, and is not offered).
 */
export async function rescheduleOptions(input: {
  appointmentId: string
  patientId: string
  week: number
  now?: Date
}) {
  const now = input.now ?? new Date()
  const appointment = await db.appointment.findFirst({
    where: { id: input.appointmentId, patientId: input.patientId },
    include: {
      psychologist: { select: { name: true } },
      appointmentType: { select: { name: true } },
      location: { select: { name: true, address: true } },
    },
  })
  if (!appointment) return null
  const decision = patientMayReschedule(appointment, now)
  let slots: Slot[] = []
  let lastWeek = 0
  if (decision.allowed) {
    const context = await appointmentContext(appointment)
    const from = new Date(now.getTime() + input.week * 7 * DAY_MS)
    slots = (
      await availableSlots(context.profile, {
        durationMinutes: context.type.durationMinutes,
        now,
        from,
        to: new Date(from.getTime() + 7 * DAY_MS),
        locationId: appointment.locationId,
        excludeAppointmentId: appointment.id,
      })
    ).filter((slot) => slot.start.getTime() !== appointment.startsAt.getTime())
    lastWeek = Math.floor(context.profile.horizonDays / 7)
  }
  return { appointment, decision, slots, lastWeek }
}
