// Showing instants to people: always in a named zone, with the zone's name beside the time.

const formatters = new Map<string, Intl.DateTimeFormat>()
function formatter(timeZone: string, options: Intl.DateTimeFormatOptions) {
  const key = `${timeZone}|${JSON.stringify(options)}`
  let cached = formatters.get(key)
  if (!cached) {
    cached = new Intl.DateTimeFormat('en-AU', { timeZone, ...options })
    formatters.set(key, cached)
  }
  return cached
}

/** "Mon, 7 Dec, 9:00 am" */
export function formatSlotTime(instant: Date | string, timeZone: string) {
  return formatter(timeZone, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: 'numeric',
    minute: '2-digit',
  }).format(new Date(instant))
}

/** "Mon, 7 Dec, 9:00 am AEDT": a time people read without wondering which zone it is in. */
export function formatZonedTime(instant: Date | string, timeZone: string) {
  return `${formatSlotTime(instant, timeZone)} ${zoneAbbreviation(instant, timeZone)}`
}

/** "9:00 am" */
export function formatClockTime(instant: Date | string, timeZone: string) {
  return formatter(timeZone, { hour: 'numeric', minute: '2-digit' }).format(new Date(instant))
}

/** "Monday 7 December" */
export function formatDayHeading(instant: Date | string, timeZone: string) {
  return formatter(timeZone, { weekday: 'long', day: 'numeric', month: 'long' }).format(new Date(instant))
}

/** "7 Dec 2026" */
export function formatShortDate(instant: Date | string, timeZone: string) {
  return formatter(timeZone, { day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(instant))
}

/** "7 Dec": a day in a year the reader already knows. */
export function formatDayMonth(instant: Date | string, timeZone: string) {
  return formatter(timeZone, { day: 'numeric', month: 'short' }).format(new Date(instant))
}

/** The zone's short name at that instant, e.g. AEDT in summer and AEST in winter. */
export function zoneAbbreviation(instant: Date | string, timeZone: string) {
  const parts = formatter(timeZone, { timeZoneName: 'short' }).formatToParts(new Date(instant))
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? timeZone
}

/** The calendar day of an instant in a zone, "YYYY-MM-DD", for grouping times by day. */
export function dayKey(instant: Date | string, timeZone: string) {
  const parts = formatter(timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(
    new Date(instant),
  )
  const part = (type: string) => parts.find((candidate) => candidate.type === type)?.value ?? ''
  return `${part('year')}-${part('month')}-${part('day')}`
}
