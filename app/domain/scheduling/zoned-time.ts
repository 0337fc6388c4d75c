// Exact wall-clock arithmetic in named IANA zones with nothing but Intl. Working hours are
// local ("9 to 5 in Sydney"); sessions happen at absolute instants. Nothing here reads the
// machine's zone, so results are the same on a laptop in Perth and a server in UTC.

/** A calendar date, "YYYY-MM-DD". */
export type LocalDate = string

/** A wall-clock time: a calendar date and minutes after local midnight. */
export type ZonedDateTime = { date: LocalDate; minute: number }

export type ZonedParts = ZonedDateTime & {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number
  /** Local time minus UTC, in minutes (Sydney in summer: +660, Adelaide in winter: +570). */
  offsetMinutes: number
}

export const MINUTE_MS = 60_000
export const DAY_MS = 24 * 60 * MINUTE_MS

// Building an Intl.DateTimeFormat costs far more than using one.
const numericFormatters = new Map<string, Intl.DateTimeFormat>()
function numericFormatter(timeZone: string) {
  let formatter = numericFormatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    numericFormatters.set(timeZone, formatter)
  }
  return formatter
}

/** The offset asked of Intl itself: the wall clock it shows, read as UTC, minus the instant. */
function intlOffsetMinutes(instantMs: number, timeZone: string) {
  const fields = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0 }
  for (const part of numericFormatter(timeZone).formatToParts(instantMs)) {
    if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value)
  }
  const { year, month, day, hour, minute, second } = fields
  const wallMs = Date.UTC(year, month - 1, day, hour, minute, second)
  return Math.round((wallMs - Math.floor(instantMs / 1000) * 1000) / MINUTE_MS)
}

// Offsets per zone and UTC day. Zones change offset at most once in any day, so a day whose
// two ends agree has one offset throughout, and a day that changes is searched once for the
// minute it changes. After that an offset is two map look-ups, with no Intl at all.
type DayOffsets = { before: number; after: number; changesAt: number }
const dayOffsets = new Map<string, Map<number, DayOffsets>>()
const MAX_CACHED_DAYS_PER_ZONE = 20_000

function offsetsForUtcDay(day: number, timeZone: string): DayOffsets {
  let zone = dayOffsets.get(timeZone)
  if (!zone) {
    zone = new Map()
    dayOffsets.set(timeZone, zone)
  }
  const cached = zone.get(day)
  if (cached) return cached
  if (zone.size >= MAX_CACHED_DAYS_PER_ZONE) zone.clear()
  const dayStart = day * DAY_MS
  const before = intlOffsetMinutes(dayStart, timeZone)
  const after = intlOffsetMinutes(dayStart + DAY_MS, timeZone)
  let changesAt = dayStart + DAY_MS
  if (before !== after) {
    // Binary search for the first minute on the new offset.
    let low = dayStart
    let high = dayStart + DAY_MS
    while (high - low > MINUTE_MS) {
      const middle = low + Math.floor((high - low) / 2 / MINUTE_MS) * MINUTE_MS
      if (intlOffsetMinutes(middle, timeZone) === before) low = middle
      else high = middle
    }
    changesAt = high
  }
  const offsets = { before, after, changesAt }
  zone.set(day, offsets)
  return offsets
}

/** The zone's offset from UTC at an instant, in minutes. */
export function offsetMinutesAt(instant: Date | number, timeZone: string): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime()
  const offsets = offsetsForUtcDay(Math.floor(ms / DAY_MS), timeZone)
  return ms < offsets.changesAt ? offsets.before : offsets.after
}

/** Days since 1970-01-01 for a calendar date; the inverse of `dateFromDayNumber`. */
export function dayNumber(date: LocalDate): number {
  const year = Number(date.slice(0, 4))
  const month = Number(date.slice(5, 7))
  const day = Number(date.slice(8, 10))
  return Date.UTC(year, month - 1, day) / DAY_MS
}

export function dateFromDayNumber(days: number): LocalDate {
  return new Date(days * DAY_MS).toISOString().slice(0, 10)
}

/** ISO weekday (Monday = 1 … Sunday = 7) of a day number; 1 January 1970 was a Thursday. */
export function weekdayOfDayNumber(days: number): number {
  return ((((days + 3) % 7) + 7) % 7) + 1
}

export function isoWeekday(date: LocalDate): number {
  return weekdayOfDayNumber(dayNumber(date))
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return dateFromDayNumber(dayNumber(date) + days)
}

/**
 * The instant a wall-clock time happens in a zone. Null when it never happens (the hour
 * skipped when clocks go forward); the earlier instant when it happens twice (the hour
 * repeated when clocks go back), as a clinician's "2:30" most likely means the first one.
 */
export function zonedDateTimeToInstant(local: ZonedDateTime, timeZone: string): Date | null {
  const ms = wallToInstantMs(dayNumber(local.date) * DAY_MS + local.minute * MINUTE_MS, timeZone)
  return ms === null ? null : new Date(ms)
}

/** `zonedDateTimeToInstant` on a wall-clock time given as milliseconds read as UTC. */
export function wallToInstantMs(wallMs: number, timeZone: string): number | null {
  // Any offset in use near this wall time is in use a day either side of it (offsets are
  // within ±14 h), and a zone changes at most once in that span: at most two candidates.
  const earlierOffset = offsetMinutesAt(wallMs - DAY_MS, timeZone)
  const laterOffset = offsetMinutesAt(wallMs + DAY_MS, timeZone)
  let found: number | null = null
  for (const offset of [earlierOffset, laterOffset]) {
    const candidate = wallMs - offset * MINUTE_MS
    if (offsetMinutesAt(candidate, timeZone) !== offset) continue
    if (found === null || candidate < found) found = candidate
  }
  return found
}

/** An instant as a zone's calendar date, minutes after local midnight, ISO weekday and offset. */
export function instantToZoned(instant: Date, timeZone: string): ZonedParts {
  const offset = offsetMinutesAt(instant, timeZone)
  const wallMs = instant.getTime() + offset * MINUTE_MS
  const days = Math.floor(wallMs / DAY_MS)
  return {
    date: dateFromDayNumber(days),
    minute: Math.floor((wallMs - days * DAY_MS) / MINUTE_MS),
    weekday: weekdayOfDayNumber(days),
    offsetMinutes: offset,
  }
}

const displayFormatters = new Map<string, Intl.DateTimeFormat>()

/** An instant shown in a named zone (en-AU unless told otherwise); formatters are reused. */
export function formatInZone(
  instant: Date,
  timeZone: string,
  options: Intl.DateTimeFormatOptions,
  locale = 'en-AU',
): string {
  return displayFormatter(timeZone, options, locale).format(instant)
}

function displayFormatter(timeZone: string, options: Intl.DateTimeFormatOptions, locale: string) {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`
  let formatter = displayFormatters.get(key)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { ...options, timeZone })
    displayFormatters.set(key, formatter)
  }
  return formatter
}

/** The zone's short name at an instant: AEDT in a Sydney summer, AEST in its winter, ACST in Darwin. */
export function zoneAbbreviation(instant: Date, timeZone: string): string {
  const parts = displayFormatter(timeZone, { timeZoneName: 'short' }, 'en-AU').formatToParts(instant)
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? timeZone
}
