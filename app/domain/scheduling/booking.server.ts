import { DomainError, minutesText, NotFoundError, RateLimitedError } from '~/domain/errors.ts'
import { type AppointmentEventKind } from '~/generated/prisma/client.ts'
import { db, type Tx } from '~/utils/db.server.ts'
import { isOverlapViolation, isUniqueViolation } from '~/utils/db-errors.server.ts'
import { enqueue } from '~/utils/jobs.server.ts'
import { lockLimitKey, type RateLimitRule, takeRateLimits } from '~/utils/rate-limit.server.ts'
import { appointmentChangedQueue } from '../../../jobs/queues.ts'
import { audit } from '../audit/audit.server.ts'
import { feeCentsFor } from '../billing/fees.server.ts'
import { issueInvoiceForAppointment } from '../billing/invoices.server.ts'
import { settleInvoiceOnCancellation } from '../billing/refunds.server.ts'
import { markForHalaxy } from '../halaxy/outbox.server.ts'
import { joinCareTeam } from '../patients/directory.server.ts'
import { availableSlots, slotRequestsFor } from './availability.server.ts'
import { isInsideNoticeWindow, isLive, patientMayCancel, patientMayReschedule } from './appointment-state.ts'
import { MAX_LIVE_HOLDS_PER_PATIENT } from './policy.ts'
import { generateSlots, isSlotAvailable, type Slot } from './slots.ts'

const DAY_MS = 24 * 60 * 60 * 1000

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

/** No such appointment, or not this person's: the same answer. */
export class BookingNotFoundError extends NotFoundError {
  constructor() {
    super('We could not find that appointment.')
  }
}

/** Bookings that create holds, per client address in an hour. */
export const BOOKING_LIMITS = {
  perIp: { bucket: 'booking:ip', limit: 20, windowMs: 60 * 60 * 1000, perIp: true },
} satisfies Record<string, RateLimitRule>

/**
 * Refuses a hold past the patient's cap of live (unpaid, unexpired) holds, under a lock per
 * patient so holds asked for at once are counted one after another.
 */
async function refuseHoldOverCap(tx: Tx, patientId: string, now: Date) {
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

export class StaleAppointmentError extends DomainError {
  constructor() {
    super('conflict', 'This appointment has changed since the page was opened. Here it is as it is now.')
  }
}

/** The appointment's state does not allow the action; the message says why, for the person. */
export class AppointmentActionError extends DomainError {
  constructor(message: string) {
    super('conflict', message)
  }
}

/** The psychologist blocked that time off (perhaps a moment ago). */
export class TimeOffConflictError extends Error {
  constructor(message = 'That time is blocked as time off.') {
    super(message)
  }
}

/** The psychologist has a session booked in Halaxy itself at that time (learnt from Halaxy). */
export class HalaxyBusyConflictError extends TimeOffConflictError {
  constructor() {
    super('That time is booked in Halaxy.')
  }
}

/**
 * Changes to one psychologist's appointments take turns. Concurrent writes that collide on
 * the exclusion constraint can deadlock each other (PostgreSQL checks it after writing);
 * taking turns means each attempt sees the last one's outcome and fails cleanly.
 */
export async function lockPsychologistCalendar(tx: Tx, psychologistId: string) {
  await tx.$queryRaw`select 1 from pg_advisory_xact_lock(hashtextextended(${psychologistId}, 0))`
}

/**
 * Everything that follows a change, in the change's own transaction: the history staff
 * see, the audit trail, and the job that later capabilities (messages, the video room,
 * the Halaxy mirror) act on.
 */
export async function recordAppointmentChange(
  tx: Tx,
  change: {
    appointmentId: string
    version: number
    actorId: string | null
    kind: AppointmentEventKind
    reason?: string
    fromStartsAt?: Date
    toStartsAt?: Date
    /** A booking held for payment: not mirrored until confirmed. */
    held?: boolean
  },
) {
  await tx.appointmentEvent.create({
    data: {
      appointmentId: change.appointmentId,
      actorId: change.actorId,
      kind: change.kind,
      reason: change.reason ?? '',
      fromStartsAt: change.fromStartsAt,
      toStartsAt: change.toStartsAt,
    },
  })
  await audit(tx, {
    actorId: change.actorId,
    action: `appointment.${change.kind}`,
    entity: 'appointment',
    entityId: change.appointmentId,
  })
  await enqueue(tx, appointmentChangedQueue, { appointmentId: change.appointmentId, version: change.version })
  // Halaxy mirrors sessions booked for real: a hold waiting for payment, or released, stays in Haven.
  if (change.kind !== 'hold_expired' && !(change.kind === 'booked' && change.held))
    await markForHalaxy(tx, 'appointment', change.appointmentId)
}

/**
 * Time off and sessions booked in Halaxy itself are not in the exclusion constraint, so they
 * are checked again under the calendar's lock (time off is blocked under the same lock): a
 * block made a moment ago always wins.
 */
async function refuseTimeOff(tx: Tx, psychologistId: string, start: Date, end: Date) {
  const overlapping = { psychologistId, startsAt: { lt: end }, endsAt: { gt: start } }
  const [timeOff, inHalaxy] = await Promise.all([
    tx.timeOff.count({ where: overlapping }),
    tx.halaxyBusyBlock.count({ where: overlapping }),
  ])
  if (timeOff > 0) throw new TimeOffConflictError()
  if (inHalaxy > 0) throw new HalaxyBusyConflictError()
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

/**
 * Cancels an appointment in the caller's transaction, if it is still at the version the
 * person saw: a stale form changes nothing.
 */
export async function applyCancellation(
  tx: Tx,
  appointment: { id: string; version: number },
  change: { kind: 'cancelled' | 'late_cancelled'; actorId: string; reason: string; now: Date },
) {
  const { count } = await tx.appointment.updateMany({
    where: { id: appointment.id, version: appointment.version },
    data: {
      status: change.kind,
      cancelledAt: change.now,
      cancelReason: change.reason,
      version: { increment: 1 },
    },
  })
  if (count !== 1) throw new StaleAppointmentError()
  await settleInvoiceOnCancellation(tx, {
    appointmentId: appointment.id,
    late: change.kind === 'late_cancelled',
    actorId: change.actorId,
    now: change.now,
  })
  await recordAppointmentChange(tx, {
    appointmentId: appointment.id,
    version: appointment.version + 1,
    actorId: change.actorId,
    kind: change.kind,
    reason: change.reason,
  })
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
    if (appointment.version !== input.version) throw new StaleAppointmentError()
    const decision = patientMayCancel(appointment, now)
    if (!decision.allowed) throw new AppointmentActionError(decision.reason)
    const late = appointment.status === 'confirmed' && isInsideNoticeWindow(appointment.startsAt, now)
    await applyCancellation(tx, appointment, {
      kind: late ? 'late_cancelled' : 'cancelled',
      actorId: input.patientId,
      reason: 'Cancelled by the patient',
      now,
    })
    return { late }
  })
}

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
export async function appointmentContext(appointment: {
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
