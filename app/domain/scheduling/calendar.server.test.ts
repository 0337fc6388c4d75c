import { describe, expect, it } from 'vitest'
import { weekBounds } from './calendar.server.ts'

describe('weekBounds', () => {
  it('starts the week on the Monday of the viewer’s local date', () => {
    // Sunday 6 Dec 2026, 3:30 pm UTC is already Monday 7 Dec, 2:30 am in Sydney…
    expect(weekBounds(new Date('2026-12-06T15:30:00Z'), 'Australia/Sydney', 0).days[0]).toBe('2026-12-07')
    // …but still Sunday, 11:30 pm, in Perth: its week began on 30 November.
    expect(weekBounds(new Date('2026-12-06T15:30:00Z'), 'Australia/Perth', 0).days[0]).toBe('2026-11-30')
  })
  it('moves by whole weeks and covers seven days with a margin', () => {
    const next = weekBounds(new Date('2026-12-06T21:00:00Z'), 'Australia/Sydney', 1)
    expect(next.days).toEqual([
      '2026-12-14',
      '2026-12-15',
      '2026-12-16',
      '2026-12-17',
      '2026-12-18',
      '2026-12-19',
      '2026-12-20',
    ])
    expect(next.from.getTime()).toBeLessThan(new Date('2026-12-13T13:00:00Z').getTime())
    expect(next.to.getTime()).toBeGreaterThan(new Date('2026-12-20T13:00:00Z').getTime())
  })
})
