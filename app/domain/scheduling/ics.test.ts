import { describe, expect, it } from 'vitest'
import { calendarFeed, calendarFile } from './ics.ts'

const event = {
  uid: 'appt-1@haven',
  start: new Date('2026-12-07T22:00:00Z'),
  end: new Date('2026-12-07T22:50:00Z'),
  timeZone: 'Australia/Sydney',
  summary: 'Session with Dr Amelia Nguyen, Haven Psychology',
  location: 'Haven Sydney CBD, Level 9, 343 George Street; Sydney NSW 2000',
  sequence: 1,
  stamp: new Date('2026-11-25T00:00:00Z'),
}

describe('calendar files', () => {
  it('write the local time with its zone and the zone rules, so no calendar shifts the session', () => {
    const file = calendarFile(event)
    expect(file).toContain('DTSTART;TZID=Australia/Sydney:20261208T090000')
    expect(file).toContain('DTEND;TZID=Australia/Sydney:20261208T095000')
    expect(file).toContain('BEGIN:VTIMEZONE\r\nTZID:Australia/Sydney')
    expect(file).toContain('RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=1SU')
    expect(file).toContain('TZNAME:AEDT')
  })

  it('keep winter sessions and half-hour zones on their own clocks', () => {
    const winter = calendarFile({
      ...event,
      start: new Date('2026-06-08T23:00:00Z'),
      end: new Date('2026-06-08T23:50:00Z'),
    })
    expect(winter).toContain('DTSTART;TZID=Australia/Sydney:20260609T090000')
    const darwin = calendarFile({
      ...event,
      timeZone: 'Australia/Darwin',
      start: new Date('2026-12-07T23:30:00Z'),
    })
    expect(darwin).toContain('DTSTART;TZID=Australia/Darwin:20261208T090000')
    expect(darwin).not.toContain('DAYLIGHT')
  })

  it('use CRLF, escape text and fold long lines', () => {
    const file = calendarFile({ ...event, summary: 'x'.repeat(120) })
    expect(file.endsWith('\r\n')).toBe(true)
    expect(file).toContain('LOCATION:Haven Sydney CBD\\, Level 9\\, 343 George Street\\; Sydney NSW 2000')
    for (const line of file.split('\r\n'))
      expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75)
    expect(file).toContain('\r\n x')
  })

  it('mark a cancelled session cancelled', () => {
    const file = calendarFile({ ...event, cancelled: true, sequence: 2 })
    expect(file).toContain('STATUS:CANCELLED')
    expect(file).toContain('METHOD:CANCEL')
    expect(file).toContain('SEQUENCE:2')
  })
})

describe('calendar feeds', () => {
  const session = (id: string, timeZone: string | null, start: string) => ({
    uid: `${id}@haven`,
    start: new Date(start),
    end: new Date(new Date(start).getTime() + 50 * 60_000),
    timeZone,
    summary: 'Standard session · L. N. (telehealth)',
    location: 'Video session: join from Haven',
    sequence: 3,
    stamp: new Date('2026-11-25T00:00:00Z'),
  })
  const feed = (events: Parameters<typeof calendarFeed>[0]['events']) =>
    calendarFeed({ name: 'Haven sessions', events })
  const unfold = (file: string) => file.replace(/\r\n /g, '')

  it('include each zone used once, and write zone-less events in UTC', () => {
    const file = feed([
      session('a', 'Australia/Sydney', '2026-12-07T22:00:00Z'),
      session('b', 'Australia/Sydney', '2026-12-08T22:00:00Z'),
      session('c', 'Australia/Perth', '2026-12-09T01:00:00Z'),
      { ...session('d', null, '2026-12-10T00:00:00Z'), summary: 'Time off', location: undefined },
    ])
    expect(file.match(/BEGIN:VTIMEZONE/g)).toHaveLength(2)
    expect(file.match(/TZID:Australia\/Sydney\r\n/g)).toHaveLength(1)
    expect(file).toContain('TZID:Australia/Perth\r\n')
    expect(file).toContain('DTSTART;TZID=Australia/Sydney:20261208T090000')
    expect(file).toContain('DTSTART;TZID=Australia/Perth:20261209T090000')
    expect(file).toContain('DTSTART:20261210T000000Z\r\nDTEND:20261210T005000Z')
    expect(file).toContain('UID:a@haven\r\nDTSTAMP:20261125T000000Z\r\nSEQUENCE:3')
    expect(file.match(/BEGIN:VEVENT/g)).toHaveLength(4)
  })

  it('write a zone it has no rules for in UTC rather than a TZID without its VTIMEZONE', () => {
    const file = feed([session('a', 'Australia/Lord_Howe', '2026-12-07T22:00:00Z')])
    expect(file).not.toContain('TZID')
    expect(file).toContain('DTSTART:20261207T220000Z')
  })

  it('are a published calendar with a refresh interval, and nothing in them is cancelled', () => {
    const file = feed([session('a', 'Australia/Sydney', '2026-12-07T22:00:00Z')])
    expect(file.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true)
    expect(file).toContain('METHOD:PUBLISH')
    expect(file).toContain('REFRESH-INTERVAL;VALUE=DURATION:PT15M')
    expect(file).toContain('X-PUBLISHED-TTL:PT15M')
    expect(file).toContain('X-WR-CALNAME:Haven sessions')
    expect(file).toContain('STATUS:CONFIRMED')
    expect(file).not.toContain('CANCEL')
    expect(calendarFeed({ name: 'x', events: [], refreshMinutes: 60 })).toContain(
      'REFRESH-INTERVAL;VALUE=DURATION:PT60M',
    )
  })

  it('escape text and fold long lines on octets, never inside a character', () => {
    const file = feed([
      {
        ...session('a', 'Australia/Sydney', '2026-12-07T22:00:00Z'),
        summary: `Standard session · L. N.; a, b\\c\n${'é·🙂'.repeat(20)}`,
        location: 'Haven Sydney CBD, Level 9, 343 George Street, Sydney NSW 2000',
        description: `http://localhost:3000/clinician/appointments/${'x'.repeat(80)}`,
      },
    ])
    expect(file.endsWith('END:VCALENDAR\r\n')).toBe(true)
    for (const line of file.split('\r\n')) {
      const octets = new TextEncoder().encode(line)
      expect(octets.length).toBeLessThanOrEqual(75)
      // A line cut inside a character would not survive the round trip.
      expect(new TextDecoder().decode(octets)).toBe(line)
    }
    const unfolded = unfold(file)
    expect(unfolded).toContain(`SUMMARY:Standard session · L. N.\\; a\\, b\\\\c\\n${'é·🙂'.repeat(20)}\r\n`)
    expect(unfolded).toContain(
      'LOCATION:Haven Sydney CBD\\, Level 9\\, 343 George Street\\, Sydney NSW 2000\r\n',
    )
    expect(unfolded).toContain(
      `DESCRIPTION:http://localhost:3000/clinician/appointments/${'x'.repeat(80)}\r\n`,
    )
  })
})
