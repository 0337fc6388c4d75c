// A time held while the patient pays: capped per patient, confirmed by the payment, and
// released when its time runs out or its checkout ends.
import { minutesText, RateLimitedError } from '~/domain/errors.ts'
import { db, type Tx } from '~/utils/db.server.ts'
import { isOverlapViolation } from '~/utils/db-errors.server.ts'
import { lockLimitKey } from '~/utils/rate-limit.server.ts'
import {
  AppointmentActionError,
  BookingNotFoundError,
  SlotUnavailableError,
  TimeOffConflictError,
} from './appointment-errors.ts'
import {
  lockPsychologistCalendar,
  recordAppointmentChange,
  refuseTimeOff,
} from './appointment-writes.server.ts'
import { MAX_LIVE_HOLDS_PER_PATIENT } from './policy.ts'

/**
 * Refuses a hold past the patient's cap of live (unpaid, unexpired) holds, under a lock per
 * patient so holds asked for at once are counted one after another.
 */
export async function refuseHoldOverCap(tx: Tx, patientId: string, now: Date) {
  await lockLimitKey(tx, `holds:${patientId}`)
  const live = await tx.appointment.findMany({
    where: { patientId, status: 'held', holdExpiresAt: { gt: now } },
    orderBy: { holdExpiresAt: 'asc' },
    select: { holdExpiresAt: true },
  })
  if (live.length < MAX_LIVE_HOLDS_PER_PATIENT) return
  const freedAt = live[live.length - MAX_LIVE_HOLDS_PER_PATIENT]!.holdExpiresAt!
  const seconds = Math.max(1, Math.ceil((freedAt.getTime() - now.getTime()) / 1000))
  throw new RateLimitedError(
    seconds,
    `You already have ${MAX_LIVE_HOLDS_PER_PATIENT} times held while you pay. Pay for one of them (Your appointments) or wait ${minutesText(seconds)} for an unpaid one to be released, then choose this time again.`,
  )
}

/**
 * Holds whose time ran out stop blocking the calendar. Called by the release job, and by a
 * booking before it writes, so a hold that expired a moment ago never refuses a patient.
 */
export async function releaseExpiredHoldsFor(tx: Tx, psychologistId: string, now: Date) {
  const expired = await tx.appointment.findMany({
    where: { psychologistId, status: 'held', holdExpiresAt: { lte: now } },
    select: { id: true, version: true },
  })
  for (const hold of expired) {
    const { count } = await tx.appointment.updateMany({
      where: { id: hold.id, status: 'held', version: hold.version },
      data: { status: 'expired', version: { increment: 1 } },
    })
    if (count === 1) await recordHoldReleased(tx, hold, now)
  }
  return expired.length
}

/** A released hold's unpaid invoice is void; a payment that still arrives revives it. */
async function recordHoldReleased(tx: Tx, hold: { id: string; version: number }, now: Date) {
  await tx.invoice.updateMany({
    where: { appointmentId: hold.id, paidCents: 0, status: 'issued' },
    data: { status: 'void', voidedAt: now, version: { increment: 1 } },
  })
  await recordAppointmentChange(tx, {
    appointmentId: hold.id,
    version: hold.version + 1,
    actorId: null,
    kind: 'hold_expired',
  })
}

/** Lets one held time go now (its checkout expired or failed), whatever its expiry said. */
export async function releaseHold(input: { appointmentId: string; now?: Date }) {
  const now = input.now ?? new Date()
  await db.$transaction(async (tx) => {
    const hold = await tx.appointment.findUnique({ where: { id: input.appointmentId } })
    if (hold?.status !== 'held') return
    const { count } = await tx.appointment.updateMany({
      where: { id: hold.id, status: 'held', version: hold.version },
      data: { status: 'expired', version: { increment: 1 } },
    })
    if (count === 1) await recordHoldReleased(tx, hold, now)
  })
}

/**
 * A held appointment becomes confirmed (payment succeeded). Idempotent: confirming twice
 * changes nothing. A hold that already expired is still confirmed when its time is free;
 * when someone else has the time now, SlotUnavailableError says so (the caller refunds).
 */
export async function confirmHold(input: { appointmentId: string; actorId?: string | null }) {
  const appointment = await db.appointment.findUnique({ where: { id: input.appointmentId } })
  if (!appointment) throw new BookingNotFoundError()
  if (appointment.status === 'confirmed') return { appointment, changed: false }
  if (appointment.status !== 'held' && appointment.status !== 'expired')
    throw new AppointmentActionError('This appointment was cancelled before it could be confirmed.')
  try {
    return await db.$transaction(async (tx) => {
      await lockPsychologistCalendar(tx, appointment.psychologistId)
      const current = await tx.appointment.findUniqueOrThrow({ where: { id: appointment.id } })
      if (current.status === 'confirmed') return { appointment: current, changed: false }
      if (current.status !== 'held' && current.status !== 'expired')
        throw new AppointmentActionError('This appointment was cancelled before it could be confirmed.')
      // A released hold's time may have been blocked off since.
      if (current.status === 'expired')
        await refuseTimeOff(tx, current.psychologistId, current.startsAt, current.endsAt)
      const confirmed = await tx.appointment.update({
        where: { id: current.id },
        data: { status: 'confirmed', holdExpiresAt: null, version: { increment: 1 } },
      })
      await recordAppointmentChange(tx, {
        appointmentId: confirmed.id,
        version: confirmed.version,
        actorId: input.actorId ?? null,
        kind: 'confirmed',
      })
      return { appointment: confirmed, changed: true }
    })
  } catch (error) {
    if (isOverlapViolation(error) || error instanceof TimeOffConflictError)
      throw new SlotUnavailableError('taken', [])
    throw error
  }
}

/** The release job: every expired hold, one psychologist's calendar at a time. */
export async function releaseExpiredHolds(now = new Date()) {
  const psychologists = await db.appointment.findMany({
    where: { status: 'held', holdExpiresAt: { lte: now } },
    distinct: ['psychologistId'],
    select: { psychologistId: true },
  })
  let released = 0
  for (const { psychologistId } of psychologists) {
    released += await db.$transaction(async (tx) => {
      await lockPsychologistCalendar(tx, psychologistId)
      return releaseExpiredHoldsFor(tx, psychologistId, now)
    })
  }
  return released
}
