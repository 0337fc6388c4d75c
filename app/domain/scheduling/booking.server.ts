import { db } from '~/utils/db.server.ts'
import { isOverlapViolation, isUniqueViolation } from '~/utils/db-errors.server.ts'
import { type RateLimitRule, takeRateLimits } from '~/utils/rate-limit.server.ts'
import { feeCentsFor } from '../billing/fees.server.ts'
import { issueInvoiceForAppointment } from '../billing/invoices.server.ts'
import { joinCareTeam } from '../patients/directory.server.ts'
import { BookingNotFoundError, SlotUnavailableError, TimeOffConflictError } from './appointment-errors.ts'
import {
  BURST_TRANSACTION,
  lockPsychologistCalendar,
  recordAppointmentChange,
  refuseTimeOff,
} from './appointment-writes.server.ts'
import { slotRequestsFor } from './availability.server.ts'
import { refuseHoldOverCap, releaseExpiredHoldsFor } from './holds.server.ts'
import { generateSlots, isSlotAvailable } from './slots.ts'
import { DAY_MS } from './zoned-time.ts'

/** Bookings that create holds, per client address in an hour. */
export const BOOKING_LIMITS = {
  perIp: { bucket: 'booking:ip', limit: 20, windowMs: 60 * 60 * 1000, perIp: true },
} satisfies Record<string, RateLimitRule>

/** What a booking needs, all re-read from the database: never trusted from the form. */
export async function bookingContext(input: { slug: string; appointmentTypeId: string; locationId: string }) {
  const [profile, type, location] = await Promise.all([
    db.psychologistProfile.findFirst({
      where: { slug: input.slug, user: { status: 'active' } },
      select: {
        userId: true,
        bufferMinutes: true,
        minNoticeMinutes: true,
        horizonDays: true,
        user: { select: { name: true } },
      },
    }),
    db.appointmentType.findFirst({ where: { id: input.appointmentTypeId, active: true } }),
    db.location.findFirst({ where: { id: input.locationId, active: true } }),
  ])
  if (!profile || !type || !location) throw new BookingNotFoundError()
  const modality = location.kind === 'clinic' ? ('in_person' as const) : ('telehealth' as const)
  if (!type.modalities.includes(modality)) throw new BookingNotFoundError()
  return { profile, type, location, modality, feeCents: await feeCentsFor(db, profile.userId, type) }
}

/** Whether the time is offered right now, with the next free times when it is not. */
export async function checkSlot(
  context: Awaited<ReturnType<typeof bookingContext>>,
  start: Date,
  now = new Date(),
  excludeAppointmentId?: string,
) {
  const request = (
    await slotRequestsFor([context.profile], {
      durationMinutes: context.type.durationMinutes,
      now,
      excludeAppointmentId,
    })
  ).get(context.profile.userId)!
  const available = isSlotAvailable(request, { start, locationId: context.location.id })
  const alternatives = available
    ? []
    : generateSlots({
        ...request,
        from: new Date(Math.max(start.getTime(), now.getTime())),
        to: new Date(start.getTime() + 14 * DAY_MS),
      }).slice(0, 5)
  return { available, alternatives }
}

/**
 * Books a session for a patient. The time is re-checked with the same code that offered it;
 * the database's exclusion constraint settles any race. A form submitted twice (same
 * request key) books once. With `holdMinutes` the time is held awaiting payment and
 * released by a job when not confirmed in time; without it the booking is confirmed.
 */
export async function bookAppointment(input: {
  patientId: string
  slug: string
  appointmentTypeId: string
  locationId: string
  start: Date
  requestKey: string
  holdMinutes?: number
  /** The client's address (getClientIp), for the per-address limit. */
  ip?: string | null
  now?: Date
}) {
  const now = input.now ?? new Date()
  // The same form sent again (a double click, a retry) finds the booking it already made,
  // even when its first copy is what now makes the time unavailable.
  const alreadyBooked = async () => {
    const existing = await db.appointment.findUnique({ where: { requestKey: input.requestKey } })
    if (existing && existing.patientId !== input.patientId) throw new BookingNotFoundError()
    return existing
  }
  const existing = await alreadyBooked()
  if (existing) return existing
  const context = await bookingContext(input)
  const check = await checkSlot(context, input.start, now)
  if (!check.available) {
    const raced = await alreadyBooked()
    if (raced) return raced
    throw new SlotUnavailableError('unavailable', check.alternatives)
  }
  const held = input.holdMinutes !== undefined
  try {
    return await db.$transaction(async (tx) => {
      // The patient's own limits first: their lock never waits behind a busy calendar's.
      if (held) {
        await takeRateLimits(tx, [{ rule: BOOKING_LIMITS.perIp, key: input.ip ?? null }], now)
        await refuseHoldOverCap(tx, input.patientId, now)
      }
      await lockPsychologistCalendar(tx, context.profile.userId)
      await releaseExpiredHoldsFor(tx, context.profile.userId, now)
      const end = new Date(input.start.getTime() + context.type.durationMinutes * 60_000)
      await refuseTimeOff(tx, context.profile.userId, input.start, end)
      const appointment = await tx.appointment.create({
        data: {
          patientId: input.patientId,
          psychologistId: context.profile.userId,
          appointmentTypeId: context.type.id,
          locationId: context.location.id,
          modality: context.modality,
          startsAt: input.start,
          endsAt: end,
          timeZone: context.location.timeZone,
          status: held ? 'held' : 'confirmed',
          holdExpiresAt: held ? new Date(now.getTime() + input.holdMinutes! * 60_000) : null,
          feeCents: context.feeCents,
          requestKey: input.requestKey,
        },
      })
      if (appointment.feeCents > 0) await issueInvoiceForAppointment(tx, appointment.id, input.patientId)
      // The booked psychologist joins the patient's care team (docs/decisions/008).
      await joinCareTeam(tx, input.patientId, context.profile.userId)
      await recordAppointmentChange(tx, {
        appointmentId: appointment.id,
        version: appointment.version,
        actorId: input.patientId,
        kind: 'booked',
        held,
      })
      return appointment
    }, BURST_TRANSACTION)
  } catch (error) {
    if (isOverlapViolation(error) || isUniqueViolation(error)) {
      const raced = await alreadyBooked()
      if (raced) return raced
    }
    if (isOverlapViolation(error) || error instanceof TimeOffConflictError) {
      throw new SlotUnavailableError('taken', (await checkSlot(context, input.start, now)).alternatives)
    }
    throw error
  }
}
