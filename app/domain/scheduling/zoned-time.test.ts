import { describe, expect, it } from 'vitest'
import {
  addDays,
  formatInZone,
  instantToZoned,
  isoWeekday,
  offsetMinutesAt,
  zoneAbbreviation,
  zonedDateTimeToInstant,
} from './zoned-time.ts'

// Every expectation is an absolute instant (an ISO string in UTC) or a named zone's wall
// clock, never the machine's, so these hold under any TZ; slots.test.ts proves it by re-running
// the same calculations in child processes with other TZ values.

const instant = (date: string, time: string, timeZone: string) => {
  const [hours = 0, minutes = 0] = time.split(':').map(Number)
  return zonedDateTimeToInstant({ date, minute: hours * 60 + minutes }, timeZone)?.toISOString() ?? null
}

describe('a wall-clock time in a zone as an instant', () => {
  it('follows Sydney daylight saving, summer and winter', () => {
    expect(instant('2025-12-08', '09:00', 'Australia/Sydney')).toBe('2025-12-07T22:00:00.000Z')
    expect(instant('2025-06-09', '09:00', 'Australia/Sydney')).toBe('2025-06-08T23:00:00.000Z')
  })

  it('has no instant for the hour skipped on Sunday 5 October 2025 (2:00 → 3:00)', () => {
    expect(instant('2025-10-05', '01:59', 'Australia/Sydney')).toBe('2025-10-04T15:59:00.000Z')
    expect(instant('2025-10-05', '02:00', 'Australia/Sydney')).toBeNull()
    expect(instant('2025-10-05', '02:30', 'Australia/Sydney')).toBeNull()
    expect(instant('2025-10-05', '02:59', 'Australia/Sydney')).toBeNull()
    expect(instant('2025-10-05', '03:00', 'Australia/Sydney')).toBe('2025-10-04T16:00:00.000Z')
    expect(instant('2025-10-05', '09:00', 'Australia/Sydney')).toBe('2025-10-04T22:00:00.000Z')
  })

  it('takes the earlier of the two 2:30s on Sunday 6 April 2025 (3:00 → 2:00)', () => {
    expect(instant('2025-04-06', '01:59', 'Australia/Sydney')).toBe('2025-04-05T14:59:00.000Z')
    expect(instant('2025-04-06', '02:00', 'Australia/Sydney')).toBe('2025-04-05T15:00:00.000Z')
    expect(instant('2025-04-06', '02:30', 'Australia/Sydney')).toBe('2025-04-05T15:30:00.000Z')
    expect(instant('2025-04-06', '03:00', 'Australia/Sydney')).toBe('2025-04-05T17:00:00.000Z')
    expect(instant('2025-04-06', '09:00', 'Australia/Sydney')).toBe('2025-04-05T23:00:00.000Z')
  })

  it('puts 9:00 in Adelaide and Darwin at 22:30 or 23:30 UTC the day before', () => {
    expect(instant('2025-12-08', '09:00', 'Australia/Adelaide')).toBe('2025-12-07T22:30:00.000Z')
    expect(instant('2025-06-09', '09:00', 'Australia/Adelaide')).toBe('2025-06-08T23:30:00.000Z')
    expect(instant('2025-12-08', '09:00', 'Australia/Darwin')).toBe('2025-12-07T23:30:00.000Z')
    expect(instant('2025-06-09', '09:00', 'Australia/Darwin')).toBe('2025-06-08T23:30:00.000Z')
    // Adelaide skips 2:00–3:00 local too, half an hour after Sydney in absolute time.
    expect(instant('2025-10-05', '02:30', 'Australia/Adelaide')).toBeNull()
    expect(instant('2025-10-05', '03:00', 'Australia/Adelaide')).toBe('2025-10-04T16:30:00.000Z')
  })

  it('keeps Brisbane and Perth on one offset all year, and Hobart with Sydney', () => {
    expect(instant('2025-12-08', '09:00', 'Australia/Brisbane')).toBe('2025-12-07T23:00:00.000Z')
    expect(instant('2025-06-09', '09:00', 'Australia/Brisbane')).toBe('2025-06-08T23:00:00.000Z')
    expect(instant('2025-10-05', '02:30', 'Australia/Brisbane')).toBe('2025-10-04T16:30:00.000Z')
    expect(instant('2025-12-08', '09:00', 'Australia/Perth')).toBe('2025-12-08T01:00:00.000Z')
    expect(instant('2025-06-09', '09:00', 'Australia/Perth')).toBe('2025-06-09T01:00:00.000Z')
    expect(instant('2025-10-05', '02:30', 'Australia/Hobart')).toBeNull()
    expect(instant('2025-04-06', '02:30', 'Australia/Hobart')).toBe('2025-04-05T15:30:00.000Z')
  })

  it('handles a half-hour daylight saving shift (Lord Howe Island, 2:00 → 2:30)', () => {
    expect(instant('2025-10-05', '02:15', 'Australia/Lord_Howe')).toBeNull()
    expect(instant('2025-10-05', '02:30', 'Australia/Lord_Howe')).toBe('2025-10-04T15:30:00.000Z')
  })

  it('accepts minute 1440 as the next midnight', () => {
    expect(instant('2025-12-08', '24:00', 'Australia/Sydney')).toBe(
      instant('2025-12-09', '00:00', 'Australia/Sydney'),
    )
  })
})

describe('an instant in a zone', () => {
  it('gives the local date, minute, ISO weekday and offset', () => {
    expect(instantToZoned(new Date('2025-12-07T22:00:00Z'), 'Australia/Sydney')).toEqual({
      date: '2025-12-08',
      minute: 9 * 60,
      weekday: 1,
      offsetMinutes: 660,
    })
    expect(instantToZoned(new Date('2025-12-07T22:00:00Z'), 'Australia/Darwin')).toEqual({
      date: '2025-12-08',
      minute: 7 * 60 + 30,
      weekday: 1,
      offsetMinutes: 570,
    })
    expect(instantToZoned(new Date('2025-12-07T22:00:00Z'), 'Australia/Perth')).toEqual({
      date: '2025-12-08',
      minute: 6 * 60,
      weekday: 1,
      offsetMinutes: 480,
    })
  })

  it('changes offset at the exact minute the clocks change', () => {
    expect(offsetMinutesAt(new Date('2025-10-04T15:59:00Z'), 'Australia/Sydney')).toBe(600)
    expect(offsetMinutesAt(new Date('2025-10-04T16:00:00Z'), 'Australia/Sydney')).toBe(660)
    expect(offsetMinutesAt(new Date('2025-10-04T16:29:00Z'), 'Australia/Adelaide')).toBe(570)
    expect(offsetMinutesAt(new Date('2025-10-04T16:30:00Z'), 'Australia/Adelaide')).toBe(630)
    expect(offsetMinutesAt(new Date('2025-04-05T15:59:00Z'), 'Australia/Sydney')).toBe(660)
    expect(offsetMinutesAt(new Date('2025-04-05T16:00:00Z'), 'Australia/Sydney')).toBe(600)
  })

  it('shows the repeated hour twice, once on each offset', () => {
    const first = instantToZoned(new Date('2025-04-05T15:30:00Z'), 'Australia/Sydney')
    const second = instantToZoned(new Date('2025-04-05T16:30:00Z'), 'Australia/Sydney')
    expect([first.minute, first.offsetMinutes]).toEqual([150, 660])
    expect([second.minute, second.offsetMinutes]).toEqual([150, 600])
    expect(first.date).toBe('2025-04-06')
    expect(first.weekday).toBe(7)
  })

  it('round-trips every quarter hour across both change days in every Australian zone', () => {
    const zones = ['Sydney', 'Melbourne', 'Hobart', 'Brisbane', 'Adelaide', 'Darwin', 'Perth']
    for (const zone of zones.map((city) => `Australia/${city}`)) {
      for (const date of ['2025-04-06', '2025-10-05']) {
        for (let minute = 0; minute < 1440; minute += 15) {
          const found = zonedDateTimeToInstant({ date, minute }, zone)
          if (found) expect(instantToZoned(found, zone)).toMatchObject({ date, minute })
        }
      }
    }
  })
})

describe('calendar days and display', () => {
  it('walks calendar days across month, year and leap day', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29')
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01')
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28')
    expect(isoWeekday('2025-10-05')).toBe(7)
    expect(isoWeekday('2025-10-06')).toBe(1)
    expect(isoWeekday('1969-12-31')).toBe(3)
  })

  it('formats in the zone asked, with its abbreviation', () => {
    const summer = new Date('2025-12-07T22:00:00Z')
    const winter = new Date('2025-06-08T23:00:00Z')
    const clock = { hour: 'numeric', minute: '2-digit' } as const
    expect(formatInZone(summer, 'Australia/Sydney', clock)).toBe('9:00 am')
    expect(formatInZone(summer, 'Australia/Brisbane', clock)).toBe('8:00 am')
    expect(zoneAbbreviation(summer, 'Australia/Sydney')).toBe('AEDT')
    expect(zoneAbbreviation(winter, 'Australia/Sydney')).toBe('AEST')
    expect(zoneAbbreviation(summer, 'Australia/Brisbane')).toBe('AEST')
    expect(zoneAbbreviation(summer, 'Australia/Adelaide')).toBe('ACDT')
    expect(zoneAbbreviation(summer, 'Australia/Darwin')).toBe('ACST')
    expect(zoneAbbreviation(summer, 'Australia/Perth')).toBe('AWST')
    expect(zoneAbbreviation(summer, 'Australia/Hobart')).toBe('AEDT')
  })
})
