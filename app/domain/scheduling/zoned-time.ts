// Exact wall-clock arithmetic in IANA zones with Intl alone. Availability is written in
// local hours ("9 to 5 in Sydney"), sessions happen at absolute instants; these functions
// convert between the two, daylight saving and half-hour offsets included.

export type LocalDate = string // YYYY-MM-DD

const MINUTE_MS = 60_000
const DAY_MS = 24 * 60 * MINUTE_MS

const partsFormatters = new Map<string, Intl.DateTimeFormat>()
function partsFormatter(timeZone: string) {
  let cached = partsFormatters.get(timeZone)
  if (!cached) {
    cached = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    })
    partsFormatters.set(timeZone, cached)
  }
  return cached
}

// Offsets change only at transitions, which fall on quarter hours, so an offset holds for
// its whole quarter hour: remembered per zone and quarter hour (Intl is the slow part).
const QUARTER_HOUR_MS = 15 * MINUTE_MS
const offsetCache = new Map<string, number>()

/** The zone's offset from UTC at an instant, in minutes (Sydney in summer: +660). */
export function offsetMinutes(instantMs: number, timeZone: string): number {
  const key = `${timeZone}|${Math.floor(instantMs / QUARTER_HOUR_MS)}`
  const cached = offsetCache.get(key)
  if (cached !== undefined) return cached
  if (offsetCache.size > 50_000) offsetCache.clear()
  const offset = computeOffsetMinutes(instantMs, timeZone)
  offsetCache.set(key, offset)
  return offset
}

function computeOffsetMinutes(instantMs: number, timeZone: string): number {
  const parts = partsFormatter(timeZone).formatToParts(new Date(instantMs))
  let year = 0
  let month = 0
  let day = 0
  let hour = 0
  let minute = 0
  for (const part of parts) {
    if (part.type === 'year') year = Number(part.value)
    else if (part.type === 'month') month = Number(part.value)
    else if (part.type === 'day') day = Number(part.value)
    else if (part.type === 'hour') hour = Number(part.value)
    else if (part.type === 'minute') minute = Number(part.value)
  }
  const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute)
  return Math.round((wallAsUtc - Math.floor(instantMs / MINUTE_MS) * MINUTE_MS) / MINUTE_MS)
}

function parseLocalDate(date: LocalDate) {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number)
  return { year, month, day }
}

/** Milliseconds of a local wall-clock time, read as if it were UTC. */
function wallMs(date: LocalDate, minute: number) {
  const { year, month, day } = parseLocalDate(date)
  return Date.UTC(year, month - 1, day) + minute * MINUTE_MS
}

/**
 * The instant a local wall-clock time happens in a zone. Null when it never happens (the
 * hour skipped when clocks go forward); the earlier instant when it happens twice (the
 * hour repeated when clocks go back).
 */
export function zonedDateTimeToInstant(
  local: { date: LocalDate; minute: number },
  timeZone: string,
): Date | null {
  const wall = wallMs(local.date, local.minute)
  // The offset a day either side brackets any change on this day.
  const candidates = new Set([
    wall - offsetMinutes(wall - DAY_MS, timeZone) * MINUTE_MS,
    wall - offsetMinutes(wall + DAY_MS, timeZone) * MINUTE_MS,
  ])
  let earliest: number | null = null
  for (const candidate of candidates) {
    if (candidate + offsetMinutes(candidate, timeZone) * MINUTE_MS !== wall) continue
    if (earliest === null || candidate < earliest) earliest = candidate
  }
  return earliest === null ? null : new Date(earliest)
}

/** An instant as a zone's calendar date, minutes after local midnight, ISO weekday and offset. */
export function instantToZoned(instant: Date, timeZone: string) {
  const offset = offsetMinutes(instant.getTime(), timeZone)
  const wall = new Date(instant.getTime() + offset * MINUTE_MS)
  const date = wall.toISOString().slice(0, 10)
  return {
    date,
    minute: wall.getUTCHours() * 60 + wall.getUTCMinutes(),
    weekday: isoWeekday(date),
    offsetMinutes: offset,
  }
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const { year, month, day } = parseLocalDate(date)
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10)
}

/** Monday = 1 … Sunday = 7. */
export function isoWeekday(date: LocalDate): number {
  const { year, month, day } = parseLocalDate(date)
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay()
  return weekday === 0 ? 7 : weekday
}
