import { describe, expect, it } from 'vitest'
import { addDays, instantToZoned, isoWeekday, zonedDateTimeToInstant } from './zoned-time.ts'

const at = (date: string, time: string, zone: string) => {
  const [hours = 0, minutes = 0] = time.split(':').map(Number)
  return zonedDateTimeToInstant({ date, minute: hours * 60 + minutes }, zone)?.toISOString() ?? null
}

// Results depend only on the zone named, never on the machine's: every value below is an
// absolute instant, so the same assertions hold under any TZ the tests run with.
describe('local wall-clock time to an instant', () => {
  it('follows Sydney daylight saving, summer and winter', () => {
    expect(at('2026-12-08', '09:00', 'Australia/Sydney')).toBe('2026-12-07T22:00:00.000Z')
    expect(at('2026-06-09', '09:00', 'Australia/Sydney')).toBe('2026-06-08T23:00:00.000Z')
  })

  it('returns nothing for the hour skipped when clocks go forward (5 Oct 2025, 2:00 → 3:00)', () => {
    expect(at('2025-10-05', '02:30', 'Australia/Sydney')).toBeNull()
    expect(at('2025-10-05', '01:59', 'Australia/Sydney')).toBe('2025-10-04T15:59:00.000Z')
    expect(at('2025-10-05', '03:00', 'Australia/Sydney')).toBe('2025-10-04T16:00:00.000Z')
  })

  it('picks the earlier instant in the hour repeated when clocks go back (6 Apr 2025, 3:00 → 2:00)', () => {
    expect(at('2025-04-06', '02:30', 'Australia/Sydney')).toBe('2025-04-05T15:30:00.000Z')
    expect(at('2025-04-06', '03:00', 'Australia/Sydney')).toBe('2025-04-05T17:00:00.000Z')
  })

  it('handles half-hour zones with and without daylight saving', () => {
    expect(at('2026-12-08', '09:00', 'Australia/Adelaide')).toBe('2026-12-07T22:30:00.000Z')
    expect(at('2026-06-09', '09:00', 'Australia/Adelaide')).toBe('2026-06-08T23:30:00.000Z')
    expect(at('2026-12-08', '09:00', 'Australia/Darwin')).toBe('2026-12-07T23:30:00.000Z')
    expect(at('2026-06-09', '09:00', 'Australia/Darwin')).toBe('2026-06-08T23:30:00.000Z')
  })

  it('keeps Brisbane and Perth on one offset all year', () => {
    expect(at('2026-12-08', '09:00', 'Australia/Brisbane')).toBe('2026-12-07T23:00:00.000Z')
    expect(at('2026-06-09', '09:00', 'Australia/Brisbane')).toBe('2026-06-08T23:00:00.000Z')
    expect(at('2026-12-08', '09:00', 'Australia/Perth')).toBe('2026-12-08T01:00:00.000Z')
    expect(at('2026-12-08', '09:00', 'Australia/Hobart')).toBe('2026-12-07T22:00:00.000Z')
  })
})

describe('an instant as local time', () => {
  it('gives the local date, minute, weekday and offset', () => {
    expect(instantToZoned(new Date('2026-12-07T22:00:00Z'), 'Australia/Sydney')).toEqual({
      date: '2026-12-08',
      minute: 540,
      weekday: 2,
      offsetMinutes: 660,
    })
    expect(instantToZoned(new Date('2026-12-07T22:00:00Z'), 'Australia/Darwin').minute).toBe(7 * 60 + 30)
  })
  it('walks calendar days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29')
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(isoWeekday('2026-12-06')).toBe(7)
    expect(isoWeekday('2026-12-07')).toBe(1)
  })
})
