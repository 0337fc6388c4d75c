import { addDays, instantToZoned, isoWeekday, offsetMinutes, zonedDateTimeToInstant } from './zoned-time.ts'

// The slot engine: pure functions from working hours and busy time to bookable times.
// The booking action re-checks a chosen time with `isSlotAvailable`, the same code that
// offered it, so a time can never be booked that would not have been shown.

export type Modality = 'in_person' | 'telehealth'

/** Working hours on one weekday at one location, in that location's wall-clock time. */
export type WeeklyRule = {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number
  /** Minutes after local midnight. */
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
  minNoticeMinutes: number
  horizonDays: number
  /**
   * Distance between offered start times. By default one session plus its buffer, rounded
   * up to a quarter hour: a 50-minute session with 10 minutes' buffer starts on the hour
   * (the usual "clinical hour"), so offered times are the familiar 9:00, 10:00, 11:00.
   */
  stepMinutes?: number
  now: Date
  /** Only slots starting in [from, to). */
  from?: Date
  to?: Date
  modality?: Modality
  locationId?: string
}

export type Slot = { start: Date; end: Date; locationId: string; modality: Modality; timeZone: string }

const MINUTE_MS = 60_000
const DAY_MS = 24 * 60 * MINUTE_MS

export function defaultStepMinutes(durationMinutes: number, bufferMinutes: number) {
  return Math.ceil((durationMinutes + bufferMinutes) / 15) * 15
}

/** Sorts and merges intervals (given as [startMs, endMs]) into disjoint ones. */
export function mergeIntervals(intervals: readonly (readonly [number, number])[]): [number, number][] {
  const sorted = intervals.filter(([start, end]) => end > start).toSorted((a, b) => a[0] - b[0])
  const merged: [number, number][] = []
  for (const [start, end] of sorted) {
    const last = merged.at(-1)
    if (last && start <= last[1]) last[1] = Math.max(last[1], end)
    else merged.push([start, end])
  }
  return merged
}

/** Whether [start, end) touches any of the merged, sorted intervals (binary search). */
export function overlapsAny(merged: readonly (readonly [number, number])[], start: number, end: number) {
  let low = 0
  let high = merged.length
  while (low < high) {
    const middle = (low + high) >> 1
    if (merged[middle]![1] <= start) low = middle + 1
    else high = middle
  }
  const candidate = merged[low]
  return candidate !== undefined && candidate[0] < end
}

type Bounds = { earliest: number; latest: number }

function bounds(request: SlotRequest): Bounds {
  const now = request.now.getTime()
  const earliest = Math.max(now + request.minNoticeMinutes * MINUTE_MS, request.from?.getTime() ?? -Infinity)
  const latest = Math.min(now + request.horizonDays * DAY_MS, (request.to?.getTime() ?? Infinity) - 1)
  return { earliest, latest }
}

function slotsForWindow(
  rule: WeeklyRule,
  date: string,
  request: SlotRequest,
  busy: [number, number][],
  { earliest, latest }: Bounds,
  step: number,
  out: Slot[],
) {
  const windowStart = zonedDateTimeToInstant({ date, minute: rule.startMinute }, rule.timeZone)
  const windowEnd = zonedDateTimeToInstant({ date, minute: rule.endMinute }, rule.timeZone)
  const durationMs = request.durationMinutes * MINUTE_MS
  // On a day without a clock change the window is plain arithmetic; only the two change days
  // a year convert each start, so skipped local times are left out and repeated ones offered once.
  const steady =
    windowStart !== null &&
    windowEnd !== null &&
    offsetMinutes(windowStart.getTime(), rule.timeZone) === offsetMinutes(windowEnd.getTime(), rule.timeZone)
  const endLimit = windowEnd?.getTime() ?? Infinity
  for (let minute = rule.startMinute; minute + request.durationMinutes <= rule.endMinute; minute += step) {
    const start = steady
      ? windowStart.getTime() + (minute - rule.startMinute) * MINUTE_MS
      : zonedDateTimeToInstant({ date, minute }, rule.timeZone)?.getTime()
    if (start === undefined) continue
    const end = start + durationMs
    if (start < earliest || start > latest || end > endLimit) continue
    if (overlapsAny(busy, start, end)) continue
    out.push({
      start: new Date(start),
      end: new Date(end),
      locationId: rule.locationId,
      modality: rule.modality,
      timeZone: rule.timeZone,
    })
  }
}

/** Every bookable slot in the request's range, sorted by start (then location). */
export function generateSlots(request: SlotRequest): Slot[] {
  const range = bounds(request)
  if (range.latest < range.earliest) return []
  const bufferMs = request.bufferMinutes * MINUTE_MS
  const busy = mergeIntervals(
    request.busy.map(({ start, end }) => [start.getTime() - bufferMs, end.getTime() + bufferMs] as const),
  )
  const step = request.stepMinutes ?? defaultStepMinutes(request.durationMinutes, request.bufferMinutes)
  const rules = request.rules.filter(
    (rule) =>
      (!request.modality || rule.modality === request.modality) &&
      (!request.locationId || rule.locationId === request.locationId),
  )
  const slots: Slot[] = []
  const zones = new Set(rules.map((rule) => rule.timeZone))
  for (const timeZone of zones) {
    const zoneRules = rules.filter((rule) => rule.timeZone === timeZone)
    // A day either side: a window on the local date before may reach into the range.
    const first = addDays(instantToZoned(new Date(range.earliest), timeZone).date, -1)
    const last = addDays(instantToZoned(new Date(range.latest), timeZone).date, 1)
    for (let date = first; date <= last; date = addDays(date, 1)) {
      const weekday = isoWeekday(date)
      for (const rule of zoneRules) {
        if (rule.weekday === weekday) slotsForWindow(rule, date, request, busy, range, step, slots)
      }
    }
  }
  slots.sort((a, b) => a.start.getTime() - b.start.getTime() || a.locationId.localeCompare(b.locationId))
  return slots.filter(
    (slot, index) =>
      index === 0 ||
      slot.start.getTime() !== slots[index - 1]!.start.getTime() ||
      slot.locationId !== slots[index - 1]!.locationId,
  )
}

/** The booking re-check: true only if this exact start at this location would be offered now. */
export function isSlotAvailable(request: SlotRequest, slot: { start: Date; locationId: string }) {
  const start = slot.start.getTime()
  return generateSlots({
    ...request,
    locationId: slot.locationId,
    from: new Date(Math.max(start, request.from?.getTime() ?? -Infinity)),
    to: new Date(Math.min(start + 1, request.to?.getTime() ?? Infinity)),
  }).some((candidate) => candidate.start.getTime() === start)
}

/** The first bookable slot, looking a week at a time so a busy diary stops early. */
export function nextAvailable(request: SlotRequest): Slot | null {
  const { earliest, latest } = bounds(request)
  for (let from = earliest; from <= latest; from += 7 * DAY_MS) {
    const to = Math.min(from + 7 * DAY_MS, latest + 1)
    const [first] = generateSlots({ ...request, from: new Date(from), to: new Date(to) })
    if (first) return first
  }
  return null
}
