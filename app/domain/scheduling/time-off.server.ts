import { DomainError, NotFoundError } from '~/domain/errors.ts'
import { db } from '~/utils/db.server.ts'
import { formatClockTime, formatSlotTime, zoneAbbreviation } from '~/utils/time.ts'
import { audit } from '../audit/audit.server.ts'
import { lockPsychologistCalendar } from './appointment-writes.server.ts'
import { dayNumber, zonedDateTimeToInstant, type ZonedDateTime } from './zoned-time.ts'

/** The longest single block: a long absence is entered in parts, so one typo cannot close a year. */
const MAX_TIME_OFF_DAYS = 90

export type TimeOffRefusal =
  'start_skipped' | 'end_skipped' | 'end_not_after_start' | 'in_past' | 'too_long' | 'overlaps_sessions'

/** The field of the block time off form each refusal is about; the rest are about the whole block. */
const REFUSAL_FIELDS: Record<TimeOffRefusal, 'date' | 'startTime' | 'endTime' | 'endDate' | undefined> = {
  start_skipped: 'startTime',
  end_skipped: 'endTime',
  end_not_after_start: 'endTime',
  in_past: 'date',
  too_long: 'endDate',
  overlaps_sessions: undefined,
}

/**
 * The block breaks a rule; the message says which, for the psychologist. Sessions in the way
 * are a conflict with the calendar as it is; the other rules refuse the block itself.
 */
export class TimeOffRefusedError extends DomainError {
  constructor(
    readonly reason: TimeOffRefusal,
    message: string,
  ) {
    super(reason === 'overlaps_sessions' ? 'conflict' : 'refused', message, REFUSAL_FIELDS[reason])
  }
}

export class TimeOffNotFoundError extends NotFoundError {
  constructor() {
    super('That time off is not on your calendar (it may already have been removed). Nothing was changed.')
  }
}

const SKIPPED = 'does not exist that day: the clocks go forward an hour then. Choose a time an hour later.'

/** Sessions in the way, by time and patient, so the psychologist knows exactly what to move. */
function sessionsInTheWay(
  sessions: { startsAt: Date; endsAt: Date; patient: { name: string } }[],
  timeZone: string,
) {
  const described = sessions.map(
    (session) =>
      `${formatSlotTime(session.startsAt, timeZone)}–${formatClockTime(session.endsAt, timeZone)} ${zoneAbbreviation(session.startsAt, timeZone)} with ${session.patient.name}`,
  )
  const shown = described.slice(0, 5)
  const more = described.length - shown.length
  const list = more > 0 ? `${shown.join('; ')}; and ${more} more` : shown.join('; ')
  return sessions.length === 1
    ? `That time overlaps a booked session: ${list}. Move or cancel it first, then block the time.`
    : `That time overlaps ${sessions.length} booked sessions: ${list}. Move or cancel them first, then block the time.`
}

/**
 * Blocks time on a psychologist's own calendar, given as wall-clock times in `timeZone`.
 * Overlapping other time off is fine; overlapping a live session is not: patients keep what
 * they booked until someone moves it.
 */
export async function blockTimeOff(input: {
  psychologistId: string
  from: ZonedDateTime
  until: ZonedDateTime
  timeZone: string
  reason?: string
  now?: Date
}) {
  const now = input.now ?? new Date()
  const startsAt = zonedDateTimeToInstant(input.from, input.timeZone)
  if (!startsAt) throw new TimeOffRefusedError('start_skipped', `That start time ${SKIPPED}`)
  const endsAt = zonedDateTimeToInstant(input.until, input.timeZone)
  if (!endsAt) throw new TimeOffRefusedError('end_skipped', `That end time ${SKIPPED}`)
  if (endsAt <= startsAt)
    throw new TimeOffRefusedError('end_not_after_start', 'The end must be after the start.')
  if (endsAt <= now) throw new TimeOffRefusedError('in_past', 'That time has already passed.')
  // Counted in local days, so a block over a daylight-saving change is not an hour too long.
  const localMinutes = (at: ZonedDateTime) => dayNumber(at.date) * 24 * 60 + at.minute
  if (localMinutes(input.until) - localMinutes(input.from) > MAX_TIME_OFF_DAYS * 24 * 60)
    throw new TimeOffRefusedError(
      'too_long',
      `One block can cover at most ${MAX_TIME_OFF_DAYS} days. Block a longer absence in parts.`,
    )
  return db.$transaction(async (tx) => {
    // Bookings take the same turn, so none can land between this check and the insert.
    await lockPsychologistCalendar(tx, input.psychologistId)
    const inTheWay = await tx.appointment.findMany({
      where: {
        psychologistId: input.psychologistId,
        startsAt: { lt: endsAt },
        endsAt: { gt: startsAt },
        // A hold counts until it expires, as it does for the times patients are offered.
        OR: [{ status: 'confirmed' }, { status: 'held', holdExpiresAt: { gt: now } }],
      },
      orderBy: { startsAt: 'asc' },
      select: { startsAt: true, endsAt: true, patient: { select: { name: true } } },
    })
    if (inTheWay.length > 0)
      throw new TimeOffRefusedError('overlaps_sessions', sessionsInTheWay(inTheWay, input.timeZone))
    const timeOff = await tx.timeOff.create({
      data: {
        psychologistId: input.psychologistId,
        startsAt,
        endsAt,
        reason: input.reason?.trim() ?? '',
      },
    })
    // The reason is the psychologist's private note: it stays out of the audit trail.
    await audit(tx, {
      actorId: input.psychologistId,
      action: 'time_off.blocked',
      entity: 'time_off',
      entityId: timeOff.id,
    })
    return timeOff
  })
}

/** Removes time off from the psychologist's own calendar; anyone else's is "not found". */
export async function removeTimeOff(input: { psychologistId: string; timeOffId: string }) {
  await db.$transaction(async (tx) => {
    const { count } = await tx.timeOff.deleteMany({
      where: { id: input.timeOffId, psychologistId: input.psychologistId },
    })
    if (count === 0) throw new TimeOffNotFoundError()
    await audit(tx, {
      actorId: input.psychologistId,
      action: 'time_off.removed',
      entity: 'time_off',
      entityId: input.timeOffId,
    })
  })
}

async function findTimeOff(filter: { psychologistId?: string; from: Date; to: Date }) {
  return db.timeOff.findMany({
    where: {
      ...(filter.psychologistId ? { psychologistId: filter.psychologistId } : {}),
      startsAt: { lt: filter.to },
      endsAt: { gt: filter.from },
    },
    orderBy: { startsAt: 'asc' },
    include: { psychologist: { select: { id: true, name: true } } },
  })
}

/** A psychologist's own time off between two instants, with their private reason. */
export async function ownTimeOff(filter: { psychologistId: string; from: Date; to: Date }) {
  return (await findTimeOff(filter)).map((timeOff) => ({
    kind: 'time_off' as const,
    id: timeOff.id,
    start: timeOff.startsAt.toISOString(),
    end: timeOff.endsAt.toISOString(),
    psychologist: timeOff.psychologist,
    reason: timeOff.reason,
  }))
}

/** Time off on the manager's calendar: whose and when, never the private reason. */
export async function practiceTimeOff(filter: { psychologistId?: string; from: Date; to: Date }) {
  return (await findTimeOff(filter)).map((timeOff) => ({
    kind: 'time_off' as const,
    id: timeOff.id,
    start: timeOff.startsAt.toISOString(),
    end: timeOff.endsAt.toISOString(),
    psychologist: timeOff.psychologist,
  }))
}
