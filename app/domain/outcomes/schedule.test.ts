import { describe, expect, it } from 'vitest'
import { dueFrom, dueOccasion, occasionKey } from './schedule.ts'

const HOUR = 3_600_000
const NOW = new Date('2026-12-07T00:00:00Z')
const session = (id: string, startsInHours: number, status = 'confirmed') => {
  const startsAt = new Date(NOW.getTime() + startsInHours * HOUR)
  return { id, startsAt, endsAt: new Date(startsAt.getTime() + HOUR), timeZone: 'Australia/Sydney', status }
}
const running = { endedAt: null }

describe('dueOccasion', () => {
  it('asks once until answered, and never after it ended', () => {
    expect(dueOccasion({ schedule: 'once', ...running }, [], [], NOW)).toEqual({ kind: 'once' })
    expect(dueOccasion({ schedule: 'once', ...running }, [null], [], NOW)).toBeNull()
    expect(dueOccasion({ schedule: 'once', endedAt: NOW }, [], [], NOW)).toBeNull()
  })

  it('asks before a session from 72 hours before it starts until it ends', () => {
    const before = { schedule: 'before_each_session' as const, ...running }
    expect(dueOccasion(before, [], [session('a', 72.01)], NOW)).toBeNull()
    expect(dueOccasion(before, [], [session('a', 72)], NOW)).toMatchObject({ appointmentId: 'a' })
    expect(dueOccasion(before, [], [session('a', -0.99)], NOW)).toMatchObject({ appointmentId: 'a' })
    expect(dueOccasion(before, [], [session('a', -1)], NOW)).toBeNull()
    expect(dueFrom(session('a', 72).startsAt)).toEqual(NOW)
  })

  it('asks for the earliest session not yet answered, confirmed ones only', () => {
    const before = { schedule: 'before_each_session' as const, ...running }
    const sessions = [session('later', 48), session('cancelled', 2, 'cancelled'), session('sooner', 24)]
    expect(occasionKey(dueOccasion(before, [], sessions, NOW)!)).toBe('sooner')
    expect(occasionKey(dueOccasion(before, ['sooner'], sessions, NOW)!)).toBe('later')
    expect(dueOccasion(before, ['sooner', 'later'], sessions, NOW)).toBeNull()
    expect(dueOccasion({ ...before, endedAt: NOW }, [], sessions, NOW)).toBeNull()
  })

  it('keys a once-only occasion apart from any session', () => {
    expect(occasionKey({ kind: 'once' })).toBe('once')
  })
})
