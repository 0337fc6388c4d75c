import { describe, expect, it } from 'vitest'
import { calendarFile } from './ics.ts'

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
