import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import * as engine from './slots.ts'
import {
  defaultStepMinutes,
  freeWithin,
  generateSlots,
  isSlotAvailable,
  mergeRanges,
  nextAvailable,
  subtractRanges,
  type Interval,
  type SlotRequest,
  type WeeklyRule,
} from './slots.ts'
import * as zonedTime from './zoned-time.ts'
import { addDays, formatInZone, zonedDateTimeToInstant } from './zoned-time.ts'

const SYDNEY = 'Australia/Sydney'

const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))

const rule = (
  weekday: number,
  from: string,
  to: string,
  timeZone = SYDNEY,
  locationId = 'clinic',
): WeeklyRule => ({
  weekday,
  startMinute: minutes(from),
  endMinute: minutes(to),
  timeZone,
  locationId,
  modality: locationId === 'video' ? 'telehealth' : 'in_person',
})

const request = (overrides: Partial<SlotRequest>): SlotRequest => ({
  rules: [],
  busy: [],
  durationMinutes: 50,
  bufferMinutes: 10,
  minNoticeMinutes: 0,
  horizonDays: 3650,
  now: new Date('2025-01-01T00:00:00Z'),
  ...overrides,
})

const at = (date: string, time: string, timeZone = SYDNEY) =>
  zonedDateTimeToInstant({ date, minute: minutes(time) }, timeZone)!

/** One local calendar day in a zone, as the from/to of a request. */
const localDay = (date: string, timeZone = SYDNEY) => ({
  from: at(date, '00:00', timeZone),
  to: at(addDays(date, 1), '00:00', timeZone),
})

const busy = (date: string, from: string, to: string, timeZone = SYDNEY): Interval => ({
  start: at(date, from, timeZone),
  end: at(date, to, timeZone),
})

/** Offered starts as a zone's 24-hour wall clock, e.g. "09:00". */
const wallTimes = (slots: engine.Slot[], timeZone = SYDNEY) =>
  slots.map((slot) =>
    formatInZone(slot.start, timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
  )

const iso = (slots: engine.Slot[]) => slots.map((slot) => slot.start.toISOString())

const HOURLY_9_TO_4 = ['09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00']

describe('working hours across daylight saving', () => {
  it('offers 9:00 local on the Sunday clocks go forward (23-hour day) and the Sunday they go back (25 hours)', () => {
    const hours = [rule(7, '09:00', '17:00')]
    const forward = generateSlots(request({ rules: hours, ...localDay('2025-10-05') }))
    expect(wallTimes(forward)).toEqual(HOURLY_9_TO_4)
    expect(forward[0]!.start.toISOString()).toBe('2025-10-04T22:00:00.000Z') // AEDT, +11
    const back = generateSlots(request({ rules: hours, ...localDay('2025-04-06') }))
    expect(wallTimes(back)).toEqual(HOURLY_9_TO_4)
    expect(back[0]!.start.toISOString()).toBe('2025-04-05T23:00:00.000Z') // AEST, +10
  })

  it('offers nothing in the skipped hour', () => {
    const halfHours = {
      rules: [rule(7, '01:00', '04:00')],
      durationMinutes: 30,
      bufferMinutes: 0,
      stepMinutes: 30,
    }
    const slots = generateSlots(request({ ...halfHours, ...localDay('2025-10-05') }))
    expect(wallTimes(slots)).toEqual(['01:00', '01:30', '03:00', '03:30'])
    expect(iso(slots)).toEqual([
      '2025-10-04T15:00:00.000Z',
      '2025-10-04T15:30:00.000Z',
      '2025-10-04T16:00:00.000Z',
      '2025-10-04T16:30:00.000Z',
    ])
  })

  it('offers each time in the repeated hour once, at its first occurrence', () => {
    const halfHours = {
      rules: [rule(7, '01:00', '04:00')],
      durationMinutes: 30,
      bufferMinutes: 0,
      stepMinutes: 30,
    }
    const slots = generateSlots(request({ ...halfHours, ...localDay('2025-04-06') }))
    expect(wallTimes(slots)).toEqual(['01:00', '01:30', '02:00', '02:30', '03:00', '03:30'])
    expect(iso(slots).slice(2, 5)).toEqual([
      '2025-04-05T15:00:00.000Z',
      '2025-04-05T15:30:00.000Z',
      '2025-04-05T17:00:00.000Z',
    ])
  })

  it('measures a session across the gap in real minutes, and ends a window cut by the gap at the jump', () => {
    const hourly = { durationMinutes: 60, bufferMinutes: 0, ...localDay('2025-10-05') }
    const across = generateSlots(request({ ...hourly, rules: [rule(7, '01:00', '04:00')] }))
    expect(wallTimes(across)).toEqual(['01:00', '03:00'])
    expect(across.map((slot) => slot.end.getTime() - slot.start.getTime())).toEqual([3_600_000, 3_600_000])
    // "Until 2:30" that night means until the clocks jump to 3:00.
    expect(wallTimes(generateSlots(request({ ...hourly, rules: [rule(7, '00:00', '02:30')] })))).toEqual([
      '00:00',
      '01:00',
    ])
  })

  it('keeps a Brisbane 9:00 at 9:00 in Brisbane: 10:00 in Sydney in summer, 9:00 in winter', () => {
    const brisbane = [rule(1, '09:00', '10:00', 'Australia/Brisbane')]
    const winter = generateSlots(
      request({ rules: brisbane, ...localDay('2025-09-29', 'Australia/Brisbane') }),
    )
    const summer = generateSlots(
      request({ rules: brisbane, ...localDay('2025-10-06', 'Australia/Brisbane') }),
    )
    expect(wallTimes([...winter, ...summer], 'Australia/Brisbane')).toEqual(['09:00', '09:00'])
    expect(wallTimes(winter, SYDNEY)).toEqual(['09:00'])
    expect(wallTimes(summer, SYDNEY)).toEqual(['10:00'])
    expect(iso([...winter, ...summer])).toEqual(['2025-09-28T23:00:00.000Z', '2025-10-05T23:00:00.000Z'])
  })

  it('does not shift half-hour zones: Adelaide and Darwin 9:00 is 22:30 or 23:30 UTC the day before', () => {
    const expected = {
      'Australia/Adelaide': ['2025-12-07T22:30:00.000Z', '2025-06-08T23:30:00.000Z'],
      'Australia/Darwin': ['2025-12-07T23:30:00.000Z', '2025-06-08T23:30:00.000Z'],
      'Australia/Perth': ['2025-12-08T01:00:00.000Z', '2025-06-09T01:00:00.000Z'],
      'Australia/Hobart': ['2025-12-07T22:00:00.000Z', '2025-06-08T23:00:00.000Z'],
    }
    for (const [zone, starts] of Object.entries(expected)) {
      const hours = [rule(1, '09:00', '11:00', zone)]
      const summer = generateSlots(request({ rules: hours, ...localDay('2025-12-08', zone) }))
      const winter = generateSlots(request({ rules: hours, ...localDay('2025-06-09', zone) }))
      expect(wallTimes(summer, zone)).toEqual(['09:00', '10:00'])
      expect(wallTimes(winter, zone)).toEqual(['09:00', '10:00'])
      expect([summer[0]!.start.toISOString(), winter[0]!.start.toISOString()]).toEqual(starts)
      expect(summer.every((slot) => slot.timeZone === zone)).toBe(true)
    }
  })

  it('keeps Adelaide and Hobart at 9:00 local across their own October change', () => {
    for (const zone of ['Australia/Adelaide', 'Australia/Hobart']) {
      const hours = [
        rule(6, '09:00', '10:00', zone),
        rule(7, '09:00', '10:00', zone),
        rule(1, '09:00', '10:00', zone),
      ]
      const weekend = generateSlots(
        request({ rules: hours, from: at('2025-10-04', '00:00', zone), to: at('2025-10-07', '00:00', zone) }),
      )
      expect(wallTimes(weekend, zone)).toEqual(['09:00', '09:00', '09:00'])
      expect(weekend[1]!.start.getTime() - weekend[0]!.start.getTime()).toBe(23 * 3_600_000)
    }
  })
})

describe('what makes a time unavailable', () => {
  const monday = localDay('2025-12-08')
  const hours = [rule(1, '09:00', '17:00')]
  const booked = busy('2025-12-08', '10:00', '10:50')

  it('keeps the buffer on both sides of a booked session', () => {
    // 10:00–10:50 padded by 10 minutes is 9:50–11:00: the 9:00 session may end at 9:50.
    expect(wallTimes(generateSlots(request({ rules: hours, busy: [booked], ...monday })))).toEqual([
      '09:00',
      '11:00',
      '12:00',
      '13:00',
      '14:00',
      '15:00',
      '16:00',
    ])
    const wider = generateSlots(
      request({ rules: hours, busy: [booked], bufferMinutes: 15, stepMinutes: 60, ...monday }),
    )
    expect(wallTimes(wider)).toEqual(['12:00', '13:00', '14:00', '15:00', '16:00'])
  })

  it('merges overlapping busy time, given in any order', () => {
    const timeOff = busy('2025-12-08', '12:00', '15:00')
    const overlapping = busy('2025-12-08', '11:30', '12:30')
    expect(
      wallTimes(generateSlots(request({ rules: hours, busy: [timeOff, booked, overlapping], ...monday }))),
    ).toEqual(['09:00', '16:00'])
  })

  it('needs the minimum notice', () => {
    const now = at('2025-12-08', '09:30')
    const slots = generateSlots(request({ rules: hours, now, minNoticeMinutes: 180, ...monday }))
    expect(wallTimes(slots)).toEqual(['13:00', '14:00', '15:00', '16:00'])
    // Exactly the notice away is soon enough.
    const exact = generateSlots(request({ rules: hours, now, minNoticeMinutes: 150, ...monday }))
    expect(wallTimes(exact)[0]).toBe('12:00')
  })

  it('offers nothing past the horizon, whose last instant still counts', () => {
    const now = at('2025-12-02', '09:00') // a Tuesday
    const tuesdays = generateSlots(request({ rules: [rule(2, '09:00', '17:00')], now, horizonDays: 7 }))
    expect(tuesdays).toHaveLength(9)
    expect(tuesdays.at(-1)!.start).toEqual(at('2025-12-09', '09:00'))
    expect(generateSlots(request({ rules: hours, now: at('2025-12-08', '08:00'), horizonDays: 0 }))).toEqual(
      [],
    )
  })

  it('never offers a session that would run past the end of the window', () => {
    expect(wallTimes(generateSlots(request({ rules: [rule(1, '09:00', '10:30')], ...monday })))).toEqual([
      '09:00',
    ])
    expect(generateSlots(request({ rules: [rule(1, '09:00', '09:40')], ...monday }))).toEqual([])
  })

  it('steps from the start of each window', () => {
    expect(wallTimes(generateSlots(request({ rules: [rule(1, '09:30', '12:00')], ...monday })))).toEqual([
      '09:30',
      '10:30',
    ])
  })

  it('offers a time once per location, sorted, and filters by modality and location', () => {
    const rules = [
      rule(1, '09:00', '11:00'),
      rule(1, '09:00', '11:00', SYDNEY, 'video'),
      rule(1, '09:00', '10:00'),
    ]
    const slots = generateSlots(request({ rules, ...monday }))
    expect(slots.map((slot) => `${slot.locationId} ${wallTimes([slot])[0]}`)).toEqual([
      'clinic 09:00',
      'video 09:00',
      'clinic 10:00',
      'video 10:00',
    ])
    const telehealth = generateSlots(request({ rules, modality: 'telehealth', ...monday }))
    expect(telehealth.map((slot) => slot.modality)).toEqual(['telehealth', 'telehealth'])
    expect(generateSlots(request({ rules, locationId: 'clinic', ...monday }))).toHaveLength(2)
  })

  it('sorts slots from several zones by instant', () => {
    const rules = [rule(1, '09:00', '10:00', 'Australia/Perth'), rule(1, '09:00', '10:00', SYDNEY)]
    const slots = generateSlots(request({ rules, ...localDay('2025-12-08', 'Australia/Perth') }))
    expect(slots.map((slot) => slot.timeZone)).toEqual([SYDNEY, 'Australia/Perth'])
  })

  it('rejects nonsense rather than answering "nothing free"', () => {
    expect(() => generateSlots(request({ rules: hours, durationMinutes: 0 }))).toThrow(RangeError)
    expect(() => generateSlots(request({ rules: hours, stepMinutes: 0 }))).toThrow(RangeError)
    expect(() => generateSlots(request({ rules: hours, bufferMinutes: -5 }))).toThrow(RangeError)
  })
})

describe('the default step', () => {
  it('rounds a session and its buffer up to a half hour', () => {
    expect(defaultStepMinutes(50, 10)).toBe(60)
    expect(defaultStepMinutes(20, 5)).toBe(30)
    expect(defaultStepMinutes(45, 0)).toBe(60)
    expect(defaultStepMinutes(80, 10)).toBe(90)
  })
})

describe('the booking re-check and the next free time', () => {
  const hours = [rule(1, '09:00', '17:00')]
  const base = request({ rules: hours, now: new Date('2025-12-01T00:00:00Z'), minNoticeMinutes: 24 * 60 })
  const offered = generateSlots({ ...base, ...localDay('2025-12-08') })[0]!

  it('accepts an offered time and rejects a shifted, taken, past or elsewhere one', () => {
    expect(isSlotAvailable(base, offered)).toBe(true)
    expect(isSlotAvailable(base, { ...offered, start: new Date(offered.start.getTime() + 60_000) })).toBe(
      false,
    )
    expect(isSlotAvailable(base, { ...offered, start: new Date(offered.start.getTime() - 60_000) })).toBe(
      false,
    )
    expect(isSlotAvailable({ ...base, busy: [{ start: offered.start, end: offered.end }] }, offered)).toBe(
      false,
    )
    expect(isSlotAvailable({ ...base, now: new Date('2025-12-09T00:00:00Z') }, offered)).toBe(false)
    expect(isSlotAvailable(base, { ...offered, locationId: 'video' })).toBe(false)
    expect(isSlotAvailable({ ...base, locationId: 'video' }, offered)).toBe(false)
    expect(isSlotAvailable(base, { ...offered, start: new Date(Number.NaN) })).toBe(false)
  })

  it('agrees with generateSlots on every five minutes of a fortnight across the October change', () => {
    const fortnight = request({
      rules: [rule(7, '01:00', '04:00'), rule(7, '09:00', '17:00', 'Australia/Adelaide', 'video'), ...hours],
      busy: [busy('2025-10-06', '10:00', '11:30'), busy('2025-10-05', '01:00', '01:20')],
      now: at('2025-09-29', '00:00'),
      durationMinutes: 30,
      bufferMinutes: 5,
      horizonDays: 14,
    })
    const offered = new Set(
      generateSlots(fortnight).map((slot) => `${slot.locationId}@${slot.start.getTime()}`),
    )
    expect(offered.size).toBeGreaterThan(30)
    let accepted = 0
    for (
      let start = fortnight.now.getTime();
      start < fortnight.now.getTime() + 14 * 86_400_000;
      start += 300_000
    ) {
      for (const locationId of ['clinic', 'video']) {
        const available = isSlotAvailable(fortnight, { start: new Date(start), locationId })
        expect(available).toBe(offered.has(`${locationId}@${start}`))
        if (available) accepted++
      }
    }
    expect(accepted).toBe(offered.size)
  })

  it('finds the next free time, skipping booked-out weeks', () => {
    expect(nextAvailable(base)?.start.toISOString()).toBe('2025-12-07T22:00:00.000Z')
    const away = { start: new Date('2025-12-01T00:00:00Z'), end: new Date('2025-12-20T00:00:00Z') }
    expect(nextAvailable({ ...base, busy: [away] })?.start).toEqual(at('2025-12-22', '09:00'))
    expect(nextAvailable({ ...base, rules: [] })).toBeNull()
    expect(nextAvailable({ ...base, busy: [away], horizonDays: 14 })).toBeNull()
  })
})

describe('interval toolkit', () => {
  const range = (start: number, end: number) => ({ start, end })

  it('merges overlapping and touching ranges and drops empty ones', () => {
    expect(
      mergeRanges([range(5, 7), range(1, 3), range(2, 4), range(4, 4.5), range(8, 8), range(9, 6)]),
    ).toEqual([range(1, 4.5), range(5, 7)])
    expect(mergeRanges([])).toEqual([])
  })

  it('subtracts', () => {
    expect(subtractRanges([range(0, 10)], [range(2, 3), range(5, 6), range(9, 12)])).toEqual([
      range(0, 2),
      range(3, 5),
      range(6, 9),
    ])
    expect(subtractRanges([range(0, 10), range(20, 30)], [range(-5, 25)])).toEqual([range(25, 30)])
    expect(subtractRanges([range(0, 10)], [])).toEqual([range(0, 10)])
    expect(subtractRanges([range(0, 10)], [range(0, 10)])).toEqual([])
  })

  it('finds free time inside one range against a merged diary', () => {
    const diary = mergeRanges([range(10, 20), range(30, 40), range(50, 60)])
    expect(freeWithin(range(15, 55), diary, [])).toEqual([range(20, 30), range(40, 50)])
    expect(freeWithin(range(0, 5), diary, [])).toEqual([range(0, 5)])
    expect(freeWithin(range(61, 70), diary, [])).toEqual([range(61, 70)])
  })
})

/**
 * Runs in this process and, as source text, in child processes with other TZ values: it may
 * use only its arguments. It touches the DST days and half-hour zones the tests above cover.
 */
function fingerprint(zoned: typeof zonedTime, slots: typeof engine) {
  const zones = ['Sydney', 'Hobart', 'Brisbane', 'Adelaide', 'Darwin', 'Perth', 'Lord_Howe'].map(
    (city) => `Australia/${city}`,
  )
  const conversions: (string | null)[] = []
  for (const timeZone of zones) {
    for (const date of ['2025-04-06', '2025-10-05', '2025-12-08']) {
      for (let minute = 0; minute < 1440; minute += 30) {
        const found = zoned.zonedDateTimeToInstant({ date, minute }, timeZone)
        conversions.push(
          found ? `${found.toISOString()} ${JSON.stringify(zoned.instantToZoned(found, timeZone))}` : null,
        )
      }
    }
  }
  const offered = slots
    .generateSlots({
      rules: zones.flatMap((timeZone) =>
        [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
          weekday,
          startMinute: 60,
          endMinute: 17 * 60,
          timeZone,
          locationId: timeZone,
          modality: 'telehealth' as const,
        })),
      ),
      busy: [{ start: new Date('2025-10-05T23:00:00Z'), end: new Date('2025-10-06T01:00:00Z') }],
      durationMinutes: 50,
      bufferMinutes: 10,
      minNoticeMinutes: 0,
      horizonDays: 10,
      now: new Date('2025-09-30T00:00:00Z'),
    })
    .map((slot) => `${slot.locationId} ${slot.start.toISOString()} ${slot.end.toISOString()}`)
  const names = zones.map((timeZone) => zoned.zoneAbbreviation(new Date('2025-12-08T00:00:00Z'), timeZone))
  return { conversions, offered, names }
}

const run = promisify(execFile)

describe('independence from the machine zone', () => {
  // A fresh Node process per TZ (Node 24 runs these .ts modules as they are) repeats the
  // calculations above and must get exactly this process's answers. Zones chosen far apart:
  // behind UTC with its own DST, a half-hour zone, a 45-minute one, and Sydney itself.
  it('gives the same instants, slots and names whatever TZ the process runs in', async () => {
    const expected = JSON.stringify(fingerprint(zonedTime, engine))
    const script = `
      const zoned = await import(process.env.ZONED_URL)
      const slots = await import(process.env.SLOTS_URL)
      const fingerprint = (0, eval)('(' + process.env.FINGERPRINT + ')')
      process.stdout.write(JSON.stringify({
        machineOffset: new Date('2025-01-15T00:00:00Z').getTimezoneOffset(),
        result: JSON.stringify(fingerprint(zoned, slots)),
      }))`
    // Each TZ with its machine offset in mid-January (getTimezoneOffset: minutes behind UTC).
    const machineZones = [
      ['America/Los_Angeles', 480],
      ['Asia/Kolkata', -330],
      ['Pacific/Chatham', -825],
      ['Australia/Sydney', -660],
      ['UTC', 0],
    ] as const
    const outputs = await Promise.all(
      machineZones.map(([TZ]) =>
        run(process.execPath, ['--input-type=module', '--no-warnings', '-e', script], {
          env: {
            ...process.env,
            TZ,
            ZONED_URL: new URL('./zoned-time.ts', import.meta.url).href,
            SLOTS_URL: new URL('./slots.ts', import.meta.url).href,
            FINGERPRINT: fingerprint.toString(),
          },
        }),
      ),
    )
    for (const [index, { stdout }] of outputs.entries()) {
      const child = JSON.parse(stdout) as { machineOffset: number; result: string }
      // Proof the child really ran in that zone, then that it made no difference.
      expect(child.machineOffset).toBe(machineZones[index]![1])
      expect(child.result).toBe(expected)
    }
  })
})
