import { DAY_MS, MINUTE_MS, offsetMinutesAt, wallToInstantMs, weekdayOfDayNumber } from './zoned-time.ts'

// The slot engine: pure functions from weekly working hours and busy time to bookable start
// times. The booking action re-checks the chosen time with `isSlotAvailable`, which runs this
// same code, so nothing can be booked that would not have been offered at that moment.

export type Modality = 'in_person' | 'telehealth'

/** Working hours on one weekday at one location, in that location's wall-clock time. */
export type WeeklyRule = {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number
  /** Minutes after local midnight; the window is [startMinute, endMinute). */
  startMinute: number
  endMinute: number
  timeZone: string
  locationId: string
  modality: Modality
}

export type Interval = { start: Date; end: Date }

export type SlotRequest = {
  rules: WeeklyRule[]
  /** Live appointments and time off, in any order, possibly overlapping. */
  busy: Interval[]
  durationMinutes: number
  /** Kept free on both sides of everything busy. */
  bufferMinutes: number
  /** No slot starts before now + notice. */
  minNoticeMinutes: number
  /** No slot starts after now + this many 24-hour days. */
  horizonDays: number
  /** Minutes between offered starts, counted from the window's start; see `defaultStepMinutes`. */
  stepMinutes?: number
  now: Date
  /** Only slots starting in [from, to), further narrowed by notice and horizon. */
  from?: Date
  to?: Date
  modality?: Modality
  locationId?: string
}

export type Slot = { start: Date; end: Date; locationId: string; modality: Modality; timeZone: string }

/** A slot as a page receives it: plain JSON. */
export type OfferedSlot = { start: string; modality: Modality; locationId: string }

export const offeredSlot = ({ start, modality, locationId }: Slot): OfferedSlot => ({
  start: start.toISOString(),
  modality,
  locationId,
})

/** Why a time could not be booked or moved to, and the next free times instead. */
export type SlotRefusal = { reason: 'taken' | 'unavailable'; alternatives: OfferedSlot[] }

/**
 * One session plus its buffer, rounded up to a half hour. Patients then see familiar times:
 * the usual 50-minute session with 10 minutes' buffer is the "clinical hour" (9:00, 10:00 …),
 * 20 + 5 gives 9:00, 9:30 …, 80 + 10 gives 9:00, 10:30 …, whenever the working window starts
 * on the hour or half hour. A 15-minute grid would offer 9:15 and 9:45, and every booking on
 * it could strand a gap too short for anyone else; staff who want that can pass `stepMinutes`.
 */
export function defaultStepMinutes(durationMinutes: number, bufferMinutes: number): number {
  return Math.ceil((durationMinutes + bufferMinutes) / 30) * 30
}

// ───────────── interval toolkit: half-open [start, end) ranges in epoch milliseconds ─────────────

export type TimeRange = { start: number; end: number }

/** Sorted, disjoint, non-empty ranges; ranges that overlap or touch become one. */
export function mergeRanges(ranges: readonly TimeRange[]): TimeRange[] {
  const sorted = ranges.filter((range) => range.end > range.start).sort((a, b) => a.start - b.start)
  const merged: TimeRange[] = []
  for (const range of sorted) {
    const last = merged[merged.length - 1]
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end)
    else merged.push({ start: range.start, end: range.end })
  }
  return merged
}

/** What is left of `ranges` once everything in `remove` is taken out; sorted and merged. */
export function subtractRanges(ranges: readonly TimeRange[], remove: readonly TimeRange[]): TimeRange[] {
  const removed = mergeRanges(remove)
  const left: TimeRange[] = []
  for (const range of mergeRanges(ranges)) freeWithin(range, removed, left)
  return left
}

/** Index of the first merged range that ends after `instant` (binary search). */
function firstEndingAfter(merged: readonly TimeRange[], instant: number) {
  let low = 0
  let high = merged.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (merged[middle]!.end <= instant) low = middle + 1
    else high = middle
  }
  return low
}

/**
 * Appends the parts of `range` not covered by `merged` (which must come from `mergeRanges`).
 * Only the few busy ranges near `range` are visited, so many windows against one diary stay cheap.
 */
export function freeWithin(range: TimeRange, merged: readonly TimeRange[], out: TimeRange[]): TimeRange[] {
  let cursor = range.start
  for (let index = firstEndingAfter(merged, cursor); index < merged.length; index++) {
    const busy = merged[index]!
    if (busy.start >= range.end) break
    if (busy.start > cursor) out.push({ start: cursor, end: busy.start })
    cursor = Math.max(cursor, busy.end)
    if (cursor >= range.end) return out
  }
  if (cursor < range.end) out.push({ start: cursor, end: range.end })
  return out
}

// ─────────────────────────────────────────── the engine ───────────────────────────────────────────

type Candidate = { start: number; end: number; rule: WeeklyRule }

/** The instants slots may start in, inclusive at both ends. */
function startBounds(request: SlotRequest) {
  const now = request.now.getTime()
  const earliest = Math.max(now + request.minNoticeMinutes * MINUTE_MS, request.from?.getTime() ?? -Infinity)
  const latest = Math.min(now + request.horizonDays * DAY_MS, (request.to?.getTime() ?? Infinity) - 1)
  return { earliest, latest }
}

/**
 * The instant of each wall-clock minute in a rule's window on one local day, or null for a
 * minute the clocks skip. On the ~363 days a year without a change it is plain arithmetic.
 */
function windowClock(dayStartWall: number, rule: WeeklyRule) {
  const offsetBefore = offsetMinutesAt(dayStartWall - DAY_MS, rule.timeZone)
  const offsetAfter = offsetMinutesAt(dayStartWall + 2 * DAY_MS, rule.timeZone)
  if (offsetBefore === offsetAfter) {
    const shift = dayStartWall - offsetBefore * MINUTE_MS
    return (minute: number): number | null => shift + minute * MINUTE_MS
  }
  return (minute: number) => wallToInstantMs(dayStartWall + minute * MINUTE_MS, rule.timeZone)
}

/**
 * The instant a window edge is reached: the edge itself, or, when the clocks skip that time,
 * the moment they jump past it (its first existing minute, e.g. 3:00 for a 2:30 that never happens).
 */
function edgeInstant(clock: (minute: number) => number | null, minute: number) {
  let instant = clock(minute)
  while (instant === null) instant = clock(++minute)
  return instant
}

function candidatesForWindow(
  rule: WeeklyRule,
  day: number,
  context: { busy: TimeRange[]; earliest: number; latest: number; step: number; durationMs: number },
  out: Candidate[],
) {
  const clock = windowClock(day * DAY_MS, rule)
  const start = edgeInstant(clock, rule.startMinute)
  const end = edgeInstant(clock, rule.endMinute)
  if (end <= context.earliest || start > context.latest) return
  const free = freeWithin({ start, end }, context.busy, [])
  let piece = 0
  // Starts step through the wall clock, not absolute time, so on the night clocks go back
  // a repeated 2:30 is offered once (its first occurrence), and a skipped 2:30 not at all.
  for (let minute = rule.startMinute; minute < rule.endMinute; minute += context.step) {
    const slotStart = clock(minute)
    if (slotStart === null || slotStart < context.earliest) continue
    if (slotStart > context.latest) break
    // Measured in absolute time: a session across the skipped hour still lasts its length.
    const slotEnd = slotStart + context.durationMs
    if (slotEnd > end) break
    while (piece < free.length && free[piece]!.end < slotEnd) piece++
    const room = free[piece]
    if (room && room.start <= slotStart) out.push({ start: slotStart, end: slotEnd, rule })
  }
}

/** Every bookable slot in the request's range, sorted by start, each start offered once per location. */
export function generateSlots(request: SlotRequest): Slot[] {
  // Nonsense here is a programming error upstream, not "no availability".
  if (!(request.durationMinutes > 0)) throw new RangeError('A session must last at least a minute')
  if (!(request.bufferMinutes >= 0)) throw new RangeError('A buffer cannot be negative')
  const step = request.stepMinutes ?? defaultStepMinutes(request.durationMinutes, request.bufferMinutes)
  if (!(step > 0)) throw new RangeError('Slots must be at least a minute apart')

  const { earliest, latest } = startBounds(request)
  if (latest < earliest) return []
  const rules = request.rules.filter(
    (rule) =>
      rule.endMinute > rule.startMinute &&
      (!request.modality || rule.modality === request.modality) &&
      (!request.locationId || rule.locationId === request.locationId),
  )
  if (rules.length === 0) return []

  const bufferMs = request.bufferMinutes * MINUTE_MS
  const context = {
    busy: mergeRanges(
      request.busy.map((busy) => ({
        start: busy.start.getTime() - bufferMs,
        end: busy.end.getTime() + bufferMs,
      })),
    ),
    earliest,
    latest,
    step,
    durationMs: request.durationMinutes * MINUTE_MS,
  }

  // Every local date whose windows could reach the range, in any zone: UTC dates widened by a
  // day each way cover every offset (±14 h), and windows ending past midnight.
  const firstDay = Math.floor(earliest / DAY_MS) - 1
  const lastDay = Math.floor(latest / DAY_MS) + 1
  const candidates: Candidate[] = []
  for (let day = firstDay; day <= lastDay; day++) {
    const weekday = weekdayOfDayNumber(day)
    for (const rule of rules) {
      if (rule.weekday === weekday) candidatesForWindow(rule, day, context, candidates)
    }
  }

  candidates.sort(
    (a, b) =>
      a.start - b.start ||
      compareText(a.rule.locationId, b.rule.locationId) ||
      compareText(a.rule.modality, b.rule.modality),
  )
  const slots: Slot[] = []
  let previous: Candidate | undefined
  for (const candidate of candidates) {
    if (
      previous &&
      previous.start === candidate.start &&
      previous.rule.locationId === candidate.rule.locationId
    )
      continue
    previous = candidate
    slots.push({
      start: new Date(candidate.start),
      end: new Date(candidate.end),
      locationId: candidate.rule.locationId,
      modality: candidate.rule.modality,
      timeZone: candidate.rule.timeZone,
    })
  }
  return slots
}

// Code-unit order: stable whatever the runtime's locale, unlike localeCompare.
function compareText(a: string, b: string) {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * The booking action's re-check: true exactly when `generateSlots(request)` offers this start
 * at this location. It generates only around that instant, with the same code.
 */
export function isSlotAvailable(request: SlotRequest, slot: { start: Date; locationId: string }): boolean {
  if (request.locationId && request.locationId !== slot.locationId) return false
  const start = slot.start.getTime()
  if (!Number.isFinite(start)) return false
  const narrowed = generateSlots({
    ...request,
    locationId: slot.locationId,
    from: new Date(Math.max(start, request.from?.getTime() ?? -Infinity)),
    to: new Date(Math.min(start + 1, request.to?.getTime() ?? Infinity)),
  })
  return narrowed.some((candidate) => candidate.start.getTime() === start)
}

/** The first bookable slot, looked for a week at a time so a free diary answers at once. */
export function nextAvailable(request: SlotRequest): Slot | null {
  const { earliest, latest } = startBounds(request)
  for (let from = earliest; from <= latest; from += 7 * DAY_MS) {
    const [first] = generateSlots({
      ...request,
      from: new Date(from),
      to: new Date(Math.min(from + 7 * DAY_MS, latest + 1)),
    })
    if (first) return first
  }
  return null
}
