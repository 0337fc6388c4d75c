import { Prisma } from '~/generated/prisma/client.ts'
import { db } from '~/utils/db.server.ts'
import {
  generateSlots,
  nextAvailable,
  type Interval,
  type Slot,
  type SlotRequest,
  type WeeklyRule,
} from './slots.ts'

const DAY_MS = 24 * 60 * 60 * 1000

/** Statuses that occupy a psychologist's time; a hold counts until it expires. */
const LIVE_STATUSES = ['held', 'confirmed', 'completed', 'no_show'] as const

type Psychologist = {
  userId: string
  bufferMinutes: number
  minNoticeMinutes: number
  horizonDays: number
}

// Both loaders are single SQL statements: on a busy server every extra round trip costs as
// much as a few hundred rows, and Prisma would fetch a relation, or a second table, separately.

async function loadRules(psychologistIds: string[]) {
  const byPsychologist = new Map<string, WeeklyRule[]>()
  if (psychologistIds.length === 0) return byPsychologist
  const rules = await db.$queryRaw<
    {
      psychologistId: string
      weekday: number
      startMinute: number
      endMinute: number
      locationId: string
      kind: 'clinic' | 'telehealth'
      timeZone: string
    }[]
  >`
    SELECT r."psychologistId", r.weekday, r."startMinute", r."endMinute",
           l.id AS "locationId", l.kind::text AS kind, l."timeZone"
    FROM "AvailabilityRule" r JOIN "Location" l ON l.id = r."locationId"
    WHERE r."psychologistId" IN (${Prisma.join(psychologistIds)}) AND l.active`
  for (const rule of rules) {
    const list = byPsychologist.get(rule.psychologistId) ?? []
    list.push({
      weekday: rule.weekday,
      startMinute: rule.startMinute,
      endMinute: rule.endMinute,
      timeZone: rule.timeZone,
      locationId: rule.locationId,
      modality: rule.kind === 'clinic' ? 'in_person' : 'telehealth',
    })
    byPsychologist.set(rule.psychologistId, list)
  }
  return byPsychologist
}

// Written out rather than sent as parameters, so the planner can prove the statuses match the
// no-overlap constraint's partial GiST index and use it (see loadBusy).
const LIVE_STATUS_LIST = Prisma.raw(LIVE_STATUSES.map((status) => `'${status}'`).join(', '))

/** Busy time per psychologist between two instants: live appointments, time off, and sessions booked in Halaxy itself. */
async function loadBusy(
  psychologistIds: string[],
  from: Date,
  to: Date,
  now: Date,
  excludeAppointmentId?: string,
) {
  const byPsychologist = new Map<string, Interval[]>()
  if (psychologistIds.length === 0 || to <= from) return byPsychologist
  const ids = Prisma.join(psychologistIds)
  // The range overlap is what the no-overlap constraint's GiST index (psychologist, time range,
  // live statuses only) answers directly; `startsAt < to AND endsAt > from` means the same but
  // could only use the (psychologistId, startsAt) index, which reads every past appointment.
  const busy = await db.$queryRaw<{ psychologistId: string; startsAt: Date; endsAt: Date }[]>`
    SELECT "psychologistId", "startsAt", "endsAt" FROM "Appointment"
    WHERE "psychologistId" IN (${ids})
      AND status IN (${LIVE_STATUS_LIST})
      AND tstzrange("startsAt", "endsAt", '[)') && tstzrange(${from}::timestamptz, ${to}::timestamptz, '[)')
      AND (status <> 'held' OR "holdExpiresAt" > ${now})
      ${excludeAppointmentId ? Prisma.sql`AND id <> ${excludeAppointmentId}` : Prisma.empty}
    UNION ALL
    SELECT "psychologistId", "startsAt", "endsAt" FROM "TimeOff"
    WHERE "psychologistId" IN (${ids}) AND "startsAt" < ${to} AND "endsAt" > ${from}
    UNION ALL
    SELECT "psychologistId", "startsAt", "endsAt" FROM "HalaxyBusyBlock"
    WHERE "psychologistId" IN (${ids}) AND "startsAt" < ${to} AND "endsAt" > ${from}`
  for (const interval of busy) {
    const list = byPsychologist.get(interval.psychologistId) ?? []
    list.push({ start: interval.startsAt, end: interval.endsAt })
    byPsychologist.set(interval.psychologistId, list)
  }
  return byPsychologist
}

type SlotQuery = {
  durationMinutes: number
  now?: Date
  from?: Date
  to?: Date
  modality?: 'in_person' | 'telehealth'
  locationId?: string
  /** An appointment being moved: its own time does not count as busy. */
  excludeAppointmentId?: string
}

/** The busy time a query needs: its window, widened so that sessions at either edge are judged right. */
function busyWindow(psychologists: Psychologist[], query: SlotQuery, now: Date) {
  const furthest = Math.max(1, ...psychologists.map((psychologist) => psychologist.horizonDays))
  // Busy time just outside the window still matters: a session near its edge needs the buffer
  // clear on both sides, and may run past the window's end.
  const padMs =
    (Math.max(0, ...psychologists.map((psychologist) => psychologist.bufferMinutes)) +
      query.durationMinutes) *
    60_000
  return {
    from: new Date((query.from ?? now).getTime() - padMs),
    to: new Date((query.to ?? new Date(now.getTime() + (furthest + 1) * DAY_MS)).getTime() + padMs),
  }
}

function slotRequest(
  psychologist: Psychologist,
  query: SlotQuery,
  now: Date,
  rules: Map<string, WeeklyRule[]>,
  busy: Map<string, Interval[]>,
): SlotRequest {
  return {
    rules: rules.get(psychologist.userId) ?? [],
    busy: busy.get(psychologist.userId) ?? [],
    durationMinutes: query.durationMinutes,
    bufferMinutes: psychologist.bufferMinutes,
    minNoticeMinutes: psychologist.minNoticeMinutes,
    horizonDays: psychologist.horizonDays,
    now,
    from: query.from,
    to: query.to,
    modality: query.modality,
    locationId: query.locationId,
  }
}

/** Everything the pure slot engine needs, for several psychologists in two queries. */
export async function slotRequestsFor(psychologists: Psychologist[], query: SlotQuery) {
  const now = query.now ?? new Date()
  const ids = psychologists.map((psychologist) => psychologist.userId)
  const { from, to } = busyWindow(psychologists, query, now)
  const [rules, busy] = await Promise.all([
    loadRules(ids),
    loadBusy(ids, from, to, now, query.excludeAppointmentId),
  ])
  return new Map<string, SlotRequest>(
    psychologists.map((psychologist) => [
      psychologist.userId,
      slotRequest(psychologist, query, now, rules, busy),
    ]),
  )
}

export async function availableSlots(psychologist: Psychologist, query: SlotQuery): Promise<Slot[]> {
  const request = (await slotRequestsFor([psychologist], query)).get(psychologist.userId)!
  return generateSlots(request)
}

/**
 * How far ahead each round of the next-free-time search reaches, in days from now; the last
 * round takes the rest of the horizon. Most diaries have a time in the first week, so only the
 * full ones pay for loading months of appointments.
 */
const SEARCH_ROUNDS_DAYS = [7, 28]

/**
 * Each psychologist's first bookable slot in the query's range, or null. The same answer as
 * `nextAvailable` over the whole range, found in widening windows: a window's first slot is the
 * range's first slot, and only those with none yet are searched further.
 */
export async function nextAvailableSlots(psychologists: Psychologist[], query: SlotQuery) {
  const now = query.now ?? new Date()
  // Loaded once, beside the first round's busy time.
  let rules: ReturnType<typeof loadRules> | undefined
  const found = new Map<string, Slot | null>(psychologists.map((psychologist) => [psychologist.userId, null]))
  const end = query.to?.getTime() ?? Infinity
  let start = query.from?.getTime() ?? -Infinity
  let pending = psychologists
  for (const days of [...SEARCH_ROUNDS_DAYS, Infinity]) {
    const limit = Math.min(end, now.getTime() + days * DAY_MS)
    if (limit > start) {
      const window: SlotQuery = {
        ...query,
        from: Number.isFinite(start) ? new Date(start) : undefined,
        to: Number.isFinite(limit) ? new Date(limit) : undefined,
      }
      const { from, to } = busyWindow(pending, window, now)
      const ids = pending.map((psychologist) => psychologist.userId)
      rules ??= loadRules(psychologists.map((psychologist) => psychologist.userId))
      const [rulesByPsychologist, busy] = await Promise.all([
        rules,
        loadBusy(ids, from, to, now, query.excludeAppointmentId),
      ])
      for (const psychologist of pending) {
        found.set(
          psychologist.userId,
          nextAvailable(slotRequest(psychologist, window, now, rulesByPsychologist, busy)),
        )
      }
    }
    start = Math.max(start, limit)
    // Nobody can be offered a time past their own horizon.
    pending = pending.filter(
      (psychologist) =>
        !found.get(psychologist.userId) && now.getTime() + psychologist.horizonDays * DAY_MS >= start,
    )
    if (pending.length === 0 || start >= end) break
  }
  return found
}
