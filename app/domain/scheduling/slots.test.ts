import { describe, expect, it } from 'vitest'
import {
  generateSlots,
  isSlotAvailable,
  mergeIntervals,
  nextAvailable,
  overlapsAny,
  type SlotRequest,
  type WeeklyRule,
} from './slots.ts'

const rule = (
  weekday: number,
  start: string,
  end: string,
  timeZone = 'Australia/Sydney',
  locationId = 'clinic',
): WeeklyRule => {
  const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3))
  return {
    weekday,
    startMinute: minutes(start),
    endMinute: minutes(end),
    timeZone,
    locationId,
    modality: locationId === 'video' ? 'telehealth' : 'in_person',
  }
}

const base = (overrides: Partial<SlotRequest>): SlotRequest => ({
  rules: [],
  busy: [],
  durationMinutes: 50,
  bufferMinutes: 10,
  minNoticeMinutes: 0,
  horizonDays: 1000,
  now: new Date('2025-01-01T00:00:00Z'),
  ...overrides,
})

const localTimes = (request: SlotRequest, zone = 'Australia/Sydney') =>
  generateSlots(request).map((slot) =>
    new Intl.DateTimeFormat('en-AU', {
      timeZone: zone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(slot.start),
  )

const day = (date: string, zone = 'Australia/Sydney') => {
  // The local day [00:00, 24:00) as instants, via a rough offset that the engine does not depend on.
  const start = new Date(`${date}T00:00:00Z`)
  return {
    from: new Date(start.getTime() - 14 * 3600_000),
    to: new Date(start.getTime() + 14 * 3600_000),
    zone,
  }
}

describe('working hours across daylight saving', () => {
  it('offers 9:00 to 4:00 on the hour on the day clocks go forward and the day they go back', () => {
    const forward = day('2025-10-05') // a Sunday
    expect(localTimes(base({ rules: [rule(7, '09:00', '17:00')], ...forward }))).toEqual([
      '09:00',
      '10:00',
      '11:00',
      '12:00',
      '13:00',
      '14:00',
      '15:00',
      '16:00',
    ])
    const back = day('2025-04-06')
    expect(localTimes(base({ rules: [rule(7, '09:00', '17:00')], ...back }))).toHaveLength(8)
  })

  it('offers nothing in the skipped hour and nothing twice in the repeated one', () => {
    const hours = [rule(7, '01:00', '04:00')]
    const forward = localTimes(
      base({ rules: hours, stepMinutes: 30, durationMinutes: 30, bufferMinutes: 0, ...day('2025-10-05') }),
    )
    expect(forward).toEqual(['01:00', '01:30', '03:00', '03:30'])
    const back = localTimes(
      base({ rules: hours, stepMinutes: 30, durationMinutes: 30, bufferMinutes: 0, ...day('2025-04-06') }),
    )
    expect(back).toEqual(['01:00', '01:30', '02:00', '02:30', '03:00', '03:30'])
  })

  it('keeps a Brisbane 9:00 at 9:00 in Brisbane, which is 10:00 in Sydney in summer and 9:00 in winter', () => {
    const brisbane = [rule(1, '09:00', '10:00', 'Australia/Brisbane')]
    const summer = generateSlots(base({ rules: brisbane, ...day('2026-12-07') }))
    const winter = generateSlots(base({ rules: brisbane, ...day('2026-06-08') }))
    expect(localTimes(base({ rules: brisbane, ...day('2026-12-07') }), 'Australia/Brisbane')).toEqual([
      '09:00',
    ])
    expect(summer[0]?.start.toISOString()).toBe('2026-12-06T23:00:00.000Z')
    expect(localTimes(base({ rules: brisbane, ...day('2026-12-07') }), 'Australia/Sydney')).toEqual(['10:00'])
    expect(localTimes(base({ rules: brisbane, ...day('2026-06-08') }), 'Australia/Sydney')).toEqual(['09:00'])
    expect(winter).toHaveLength(1)
  })

  it('does not shift half-hour zones: Adelaide and Darwin 9:00 stay 9:00', () => {
    for (const zone of ['Australia/Adelaide', 'Australia/Darwin', 'Australia/Perth', 'Australia/Hobart']) {
      for (const date of ['2026-12-07', '2026-06-08']) {
        expect(localTimes(base({ rules: [rule(1, '09:00', '11:00', zone)], ...day(date) }), zone)).toEqual([
          '09:00',
          '10:00',
        ])
      }
    }
  })
})

describe('what makes a time unavailable', () => {
  const monday = day('2026-12-07')
  const hours = [rule(1, '09:00', '17:00')]
  // 10:00–10:50 Sydney (AEDT) on Monday 7 December.
  const booked = { start: new Date('2026-12-06T23:00:00Z'), end: new Date('2026-12-06T23:50:00Z') }

  it('keeps the buffer around a booked session', () => {
    expect(localTimes(base({ rules: hours, busy: [booked], ...monday }))).toEqual([
      '09:00',
      '11:00',
      '12:00',
      '13:00',
      '14:00',
      '15:00',
      '16:00',
    ])
    // Without a buffer the 9:00 session may end exactly when 10:00 begins.
    const noBuffer = localTimes(
      base({ rules: hours, busy: [booked], bufferMinutes: 0, stepMinutes: 60, ...monday }),
    )
    expect(noBuffer.slice(0, 2)).toEqual(['09:00', '11:00'])
  })

  it('merges overlapping busy time and respects time off', () => {
    const timeOff = { start: new Date('2026-12-07T01:00:00Z'), end: new Date('2026-12-07T04:00:00Z') } // 12:00–15:00
    const overlapping = { start: new Date('2026-12-07T00:30:00Z'), end: new Date('2026-12-07T01:30:00Z') }
    expect(localTimes(base({ rules: hours, busy: [timeOff, overlapping, booked], ...monday }))).toEqual([
      '09:00',
      '16:00',
    ])
  })

  it('needs the minimum notice and stays inside the horizon', () => {
    const now = new Date('2026-12-06T22:30:00Z') // 9:30 am Monday in Sydney
    expect(localTimes(base({ rules: hours, now, minNoticeMinutes: 180, ...monday }))).toEqual([
      '13:00',
      '14:00',
      '15:00',
      '16:00',
    ])
    expect(generateSlots(base({ rules: hours, now, horizonDays: 0, ...monday }))).toEqual([])
  })

  it('never offers a session that would run past the end of the working window', () => {
    expect(localTimes(base({ rules: [rule(1, '09:00', '10:30')], ...monday }))).toEqual(['09:00'])
    expect(localTimes(base({ rules: [rule(1, '09:00', '09:40')], ...monday }))).toEqual([])
  })

  it('offers a time at each location once, sorted', () => {
    const both = [
      rule(1, '09:00', '11:00'),
      rule(1, '09:00', '11:00', 'Australia/Sydney', 'video'),
      rule(1, '09:00', '10:00'),
    ]
    const slots = generateSlots(base({ rules: both, ...monday }))
    expect(slots.map((slot) => `${slot.locationId}@${slot.start.toISOString().slice(11, 16)}`)).toEqual([
      'clinic@22:00',
      'video@22:00',
      'clinic@23:00',
      'video@23:00',
    ])
    expect(
      generateSlots(base({ rules: both, modality: 'telehealth', ...monday })).every(
        (slot) => slot.locationId === 'video',
      ),
    ).toBe(true)
  })
})

describe('the booking re-check and the next free time', () => {
  const hours = [rule(1, '09:00', '17:00')]
  const request = base({ rules: hours, now: new Date('2026-12-01T00:00:00Z'), minNoticeMinutes: 1440 })
  const offered = generateSlots({ ...request, ...day('2026-12-07') })[0]!

  it('accepts exactly an offered time, and nothing else', () => {
    expect(isSlotAvailable(request, offered)).toBe(true)
    expect(isSlotAvailable(request, { ...offered, start: new Date(offered.start.getTime() + 60_000) })).toBe(
      false,
    )
    expect(isSlotAvailable(request, { ...offered, locationId: 'video' })).toBe(false)
    expect(isSlotAvailable({ ...request, busy: [{ start: offered.start, end: offered.end }] }, offered)).toBe(
      false,
    )
    expect(isSlotAvailable({ ...request, now: new Date('2026-12-08T00:00:00Z') }, offered)).toBe(false)
  })

  it('finds the next free time, skipping full weeks', () => {
    expect(nextAvailable(request)?.start.toISOString()).toBe('2026-12-06T22:00:00.000Z')
    const fullFortnight = { start: new Date('2026-12-01T00:00:00Z'), end: new Date('2026-12-13T00:00:00Z') }
    expect(nextAvailable({ ...request, busy: [fullFortnight] })?.start.toISOString()).toBe(
      '2026-12-13T22:00:00.000Z',
    )
    expect(nextAvailable({ ...request, rules: [] })).toBeNull()
  })
})

describe('interval helpers', () => {
  it('merges and searches', () => {
    const merged = mergeIntervals([
      [5, 7],
      [1, 3],
      [2, 4],
      [8, 8],
    ])
    expect(merged).toEqual([
      [1, 4],
      [5, 7],
    ])
    expect(overlapsAny(merged, 4, 5)).toBe(false)
    expect(overlapsAny(merged, 3, 5)).toBe(true)
    expect(overlapsAny(merged, 7, 9)).toBe(false)
  })
})
