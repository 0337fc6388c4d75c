import { instantToZoned } from './zoned-time.ts'

// Calendar files (RFC 5545) that carry their time zone: times are written as local wall
// clock with a TZID and the zone's rules included, so calendars never shift a session by
// an hour around daylight saving. No clinical detail goes in: who, when and where only.

type ZoneRule = { standard: { name: string; offset: string }; daylight?: { name: string; offset: string } }

const EASTERN = { standard: { name: 'AEST', offset: '+1000' }, daylight: { name: 'AEDT', offset: '+1100' } }
const ZONES: Record<string, ZoneRule> = {
  'Australia/Sydney': EASTERN,
  'Australia/Melbourne': EASTERN,
  'Australia/Hobart': EASTERN,
  'Australia/Canberra': EASTERN,
  'Australia/Adelaide': {
    standard: { name: 'ACST', offset: '+0930' },
    daylight: { name: 'ACDT', offset: '+1030' },
  },
  'Australia/Brisbane': { standard: { name: 'AEST', offset: '+1000' } },
  'Australia/Darwin': { standard: { name: 'ACST', offset: '+0930' } },
  'Australia/Perth': { standard: { name: 'AWST', offset: '+0800' } },
}

/** Whether the zone's rules can be written; times in any other zone are written in UTC. */
function hasRules(timeZone: string | null): timeZone is string {
  return timeZone !== null && Object.hasOwn(ZONES, timeZone)
}

/** The zone's rules as a VTIMEZONE: daylight saving from the first Sunday in October to the first in April. */
function vtimezone(timeZone: string): string[] {
  const zone = ZONES[timeZone]
  if (!zone) throw new Error(`no calendar rules for ${timeZone}`)
  if (!zone.daylight) {
    return [
      'BEGIN:VTIMEZONE',
      `TZID:${timeZone}`,
      'BEGIN:STANDARD',
      'DTSTART:19700101T000000',
      `TZOFFSETFROM:${zone.standard.offset}`,
      `TZOFFSETTO:${zone.standard.offset}`,
      `TZNAME:${zone.standard.name}`,
      'END:STANDARD',
      'END:VTIMEZONE',
    ]
  }
  return [
    'BEGIN:VTIMEZONE',
    `TZID:${timeZone}`,
    'BEGIN:STANDARD',
    'DTSTART:20080406T030000',
    'RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU',
    `TZOFFSETFROM:${zone.daylight.offset}`,
    `TZOFFSETTO:${zone.standard.offset}`,
    `TZNAME:${zone.standard.name}`,
    'END:STANDARD',
    'BEGIN:DAYLIGHT',
    'DTSTART:20081005T020000',
    'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=1SU',
    `TZOFFSETFROM:${zone.standard.offset}`,
    `TZOFFSETTO:${zone.daylight.offset}`,
    `TZNAME:${zone.daylight.name}`,
    'END:DAYLIGHT',
    'END:VTIMEZONE',
  ]
}

function localStamp(instant: Date, timeZone: string) {
  const { date, minute } = instantToZoned(instant, timeZone)
  const hours = String(Math.floor(minute / 60)).padStart(2, '0')
  const minutes = String(minute % 60).padStart(2, '0')
  return `${date.replaceAll('-', '')}T${hours}${minutes}00`
}

const utcStamp = (instant: Date) =>
  instant
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')

/** Text values escape backslashes, semicolons, commas and newlines (RFC 5545 §3.3.11). */
function escapeText(value: string) {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n')
}

/** Lines longer than 75 octets are folded with CRLF and a space (RFC 5545 §3.1). */
function fold(line: string) {
  const bytes = new TextEncoder().encode(line)
  if (bytes.length <= 75) return line
  const parts: string[] = []
  let current = ''
  for (const char of line) {
    if (new TextEncoder().encode(current + char).length > (parts.length === 0 ? 75 : 74)) {
      parts.push(current)
      current = char
    } else current += char
  }
  parts.push(current)
  return parts.join('\r\n ')
}

type CalendarEvent = {
  uid: string
  start: Date
  end: Date
  timeZone: string
  summary: string
  location: string
  description?: string
  cancelled?: boolean
  sequence: number
  stamp?: Date
}

/** An event in a subscribed feed: no zone means the times are written in UTC (time off has none). */
export type FeedEvent = Omit<CalendarEvent, 'timeZone' | 'location' | 'cancelled'> & {
  timeZone: string | null
  location?: string
}

function eventLines(event: FeedEvent & { cancelled?: boolean }) {
  // A TZID needs its VTIMEZONE, so a zone without rules here falls back to the exact UTC instant.
  const zone = hasRules(event.timeZone) ? event.timeZone : null
  const when = (instant: Date) =>
    zone ? `;TZID=${zone}:${localStamp(instant, zone)}` : `:${utcStamp(instant)}`
  return [
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `DTSTAMP:${utcStamp(event.stamp ?? new Date())}`,
    `SEQUENCE:${event.sequence}`,
    `DTSTART${when(event.start)}`,
    `DTEND${when(event.end)}`,
    `SUMMARY:${escapeText(event.summary)}`,
    ...(event.location !== undefined ? [`LOCATION:${escapeText(event.location)}`] : []),
    ...(event.description ? [`DESCRIPTION:${escapeText(event.description)}`] : []),
    `STATUS:${event.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    'END:VEVENT',
  ]
}

const HEADER = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Haven Psychology//Haven//EN',
  'CALSCALE:GREGORIAN',
]

export function calendarFile(event: CalendarEvent): string {
  const lines = [
    ...HEADER,
    `METHOD:${event.cancelled ? 'CANCEL' : 'PUBLISH'}`,
    ...(hasRules(event.timeZone) ? vtimezone(event.timeZone) : []),
    ...eventLines(event),
    'END:VCALENDAR',
  ]
  return lines.map(fold).join('\r\n') + '\r\n'
}

/**
 * A whole calendar that apps subscribe to by URL (Google's "From URL", Outlook's "Subscribe
 * from web"). Events that leave the feed disappear from the subscriber's calendar on the next
 * refresh, so cancelled sessions are simply left out rather than marked cancelled.
 */
export function calendarFeed(feed: { name: string; events: FeedEvent[]; refreshMinutes?: number }): string {
  const refresh = `PT${feed.refreshMinutes ?? 15}M`
  const zones = [...new Set(feed.events.map((event) => event.timeZone).filter(hasRules))]
  const lines = [
    ...HEADER,
    'METHOD:PUBLISH',
    `NAME:${escapeText(feed.name)}`,
    `X-WR-CALNAME:${escapeText(feed.name)}`,
    `REFRESH-INTERVAL;VALUE=DURATION:${refresh}`,
    `X-PUBLISHED-TTL:${refresh}`,
    ...zones.sort().flatMap((zone) => vtimezone(zone)),
    ...feed.events.flatMap((event) => eventLines(event)),
    'END:VCALENDAR',
  ]
  return lines.map(fold).join('\r\n') + '\r\n'
}
