import { db } from '~/utils/db.server.ts'
import { isOverlapViolation, isUniqueViolation } from '~/utils/db-errors.server.ts'
import { enqueue } from '~/utils/jobs.server.ts'
import { appointmentChangedQueue } from '../../../jobs/queues.ts'
import { audit } from '../audit/audit.server.ts'
import { slotRequestsFor } from './availability.server.ts'
import { CANCELLATION_NOTICE_HOURS } from './policy.ts'
import { generateSlots, isSlotAvailable, type Slot } from './slots.ts'

const HOUR_MS = 60 * 60 * 1000
const DAY_MS = 24 * HOUR_MS

// Many patients may go for the same popular time at once: wait for a connection rather than
// fail (the losers then get a clean "just taken" from the constraint).
const BURST_TRANSACTION = { maxWait: 10_000, timeout: 15_000 }

export class SlotUnavailableError extends Error {
  constructor(
    /** taken: someone booked it first; unavailable: it is not (or no longer) an offered time. */
    readonly reason: 'taken' | 'unavailable',
    readonly alternatives: Slot[],
  ) {
    super(reason === 'taken' ? 'That time was just taken.' : 'That time is not available.')
  }
}

export class BookingNotFoundError extends Error {}

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
  return { profile, type, location, modality }
}

/** Whether the time is offered right now, with the next free times when it is not. */
export async function checkSlot(
  context: Awaited<ReturnType<typeof bookingContext>>,
  start: Date,
  now = new Date(),
) {
  const request = (
    await slotRequestsFor([context.profile], { durationMinutes: context.type.durationMinutes, now })
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
 * request key) books once. The follow-up work is enqueued in the same transaction.
 */
export async function bookAppointment(input: {
  patientId: string
  slug: string
  appointmentTypeId: string
  locationId: string
  start: Date
  requestKey: string
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
  try {
    return await db.$transaction(async (tx) => {
      // Bookings for one psychologist take turns. Concurrent inserts that collide on an
      // exclusion constraint can deadlock each other (PostgreSQL checks them after inserting);
      // taking turns means each attempt sees the last one's outcome and fails cleanly.
      await tx.$queryRaw`select 1 from pg_advisory_xact_lock(hashtextextended(${context.profile.userId}, 0))`
      const appointment = await tx.appointment.create({
        data: {
          patientId: input.patientId,
          psychologistId: context.profile.userId,
          appointmentTypeId: context.type.id,
          locationId: context.location.id,
          modality: context.modality,
          startsAt: input.start,
          endsAt: new Date(input.start.getTime() + context.type.durationMinutes * 60_000),
          timeZone: context.location.timeZone,
          // Payments (Stripe) will hold the time until paid; until then a booking is confirmed.
          status: 'confirmed',
          feeCents: context.type.feeCents,
          requestKey: input.requestKey,
        },
      })
      // The booked psychologist joins the patient's care team (docs/decisions/008).
      await tx.patientProfile.upsert({
        where: { userId: input.patientId },
        create: { userId: input.patientId },
        update: {},
      })
      await tx.careAssignment.upsert({
        where: {
          patientId_psychologistId: { patientId: input.patientId, psychologistId: context.profile.userId },
        },
        create: { patientId: input.patientId, psychologistId: context.profile.userId },
        update: {},
      })
      await audit(tx, {
        actorId: input.patientId,
        action: 'appointment.booked',
        entity: 'appointment',
        entityId: appointment.id,
      })
      await enqueue(tx, appointmentChangedQueue, {
        appointmentId: appointment.id,
        version: appointment.version,
      })
      return appointment
    }, BURST_TRANSACTION)
  } catch (error) {
    if (isOverlapViolation(error) || isUniqueViolation(error)) {
      const raced = await alreadyBooked()
      if (raced) return raced
    }
    if (isOverlapViolation(error)) {
      throw new SlotUnavailableError('taken', (await checkSlot(context, input.start, now)).alternatives)
    }
    throw error
  }
}

export class StaleAppointmentError extends Error {
  constructor() {
    super('This appointment has changed since the page was opened. Here it is as it is now.')
  }
}

/**
 * A patient cancels. Free with enough notice; inside the notice window it is a late
 * cancellation, which may carry the fee. A stale form (older version) changes nothing.
 */
export async function cancelAppointmentAsPatient(input: {
  appointmentId: string
  patientId: string
  version: number
  now?: Date
}) {
  const now = input.now ?? new Date()
  return db.$transaction(async (tx) => {
    const appointment = await tx.appointment.findFirst({
      where: { id: input.appointmentId, patientId: input.patientId },
    })
    if (!appointment) throw new BookingNotFoundError()
    if (appointment.status !== 'confirmed' && appointment.status !== 'held') throw new StaleAppointmentError()
    if (appointment.startsAt.getTime() <= now.getTime()) throw new StaleAppointmentError()
    const late = appointment.startsAt.getTime() - now.getTime() < CANCELLATION_NOTICE_HOURS * HOUR_MS
    const { count } = await tx.appointment.updateMany({
      where: { id: appointment.id, version: input.version },
      data: {
        status: late ? 'late_cancelled' : 'cancelled',
        cancelledAt: now,
        cancelReason: 'Cancelled by the patient',
        version: { increment: 1 },
      },
    })
    if (count !== 1) throw new StaleAppointmentError()
    await audit(tx, {
      actorId: input.patientId,
      action: late ? 'appointment.late_cancelled' : 'appointment.cancelled',
      entity: 'appointment',
      entityId: appointment.id,
    })
    await enqueue(tx, appointmentChangedQueue, {
      appointmentId: appointment.id,
      version: appointment.version + 1,
    })
    return { late }
  })
}

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
    cancellable:
      (appointment.status === 'confirmed' || appointment.status === 'held') && appointment.startsAt > now,
    lateIfCancelledNow: appointment.startsAt.getTime() - now.getTime() < CANCELLATION_NOTICE_HOURS * HOUR_MS,
  }))
  return {
    upcoming: rows.filter((row) => new Date(row.start) > now && !row.status.includes('cancelled')),
    past: rows.filter((row) => new Date(row.start) <= now || row.status.includes('cancelled')).reverse(),
  }
}
