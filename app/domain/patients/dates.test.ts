import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  ageOn,
  calendarDateIn,
  dateOfBirthSchema,
  dateOfBirthSchemaAt,
  parseDateInput,
  referralDateSchemaAt,
} from './dates.ts'

function messageOf(result: { success: boolean; error?: { issues: { message: string }[] } }) {
  expect(result.success).toBe(false)
  return result.error?.issues[0]?.message
}

// 11 am on 15 March 2026 in Sydney.
const NOW = new Date('2026-03-15T00:00:00Z')

describe('calendarDateIn', () => {
  it('gives the wall-clock date in the zone, not in UTC', () => {
    const instant = new Date('2026-03-14T13:30:00Z')
    expect(calendarDateIn(instant, 'Australia/Sydney')).toEqual({ year: 2026, month: 3, day: 15 })
    expect(calendarDateIn(instant, 'Australia/Perth')).toEqual({ year: 2026, month: 3, day: 14 })
    expect(calendarDateIn(instant, 'UTC')).toEqual({ year: 2026, month: 3, day: 14 })
  })
})

describe('parseDateInput', () => {
  it('reads the date input value and the day-first date people type', () => {
    expect(parseDateInput('1990-12-25')).toEqual({ year: 1990, month: 12, day: 25 })
    expect(parseDateInput('25/12/1990')).toEqual({ year: 1990, month: 12, day: 25 })
    expect(parseDateInput('5/1/1990')).toEqual({ year: 1990, month: 1, day: 5 })
    expect(parseDateInput('05.01.1990')).toEqual({ year: 1990, month: 1, day: 5 })
  })

  it.each(['25 December 1990', '1990/12/25', '25/12/90', '12-25', ''])('cannot read %j', (input) => {
    expect(parseDateInput(input)).toBeNull()
  })
})

describe('dateOfBirthSchemaAt', () => {
  const schema = dateOfBirthSchemaAt(NOW)

  it.each([
    ['1990-12-25', '1990-12-25'],
    ['25/12/1990', '1990-12-25'],
    ['5/1/1990', '1990-01-05'],
    [' 05-01-1990 ', '1990-01-05'],
  ])('reads %j as %j', (input, iso) => {
    expect(schema.parse(input)).toBe(iso)
  })

  it('accepts a leap day in a leap year, the year 2000 included', () => {
    expect(schema.parse('2000-02-29')).toBe('2000-02-29')
    expect(schema.parse('29/02/2004')).toBe('2004-02-29')
  })

  it('refuses 29 February outside a leap year, 1900 included', () => {
    expect(messageOf(schema.safeParse('2023-02-29'))).toBe('February 2023 only has 28 days — check the day')
    expect(messageOf(schema.safeParse('1900-02-29'))).toMatch(/February 1900 only has 28 days/)
  })

  it('refuses 31/02 and 31 April', () => {
    expect(messageOf(schema.safeParse('31/02/1990'))).toMatch(/February 1990 only has 28 days/)
    expect(messageOf(schema.safeParse('1990-04-31'))).toMatch(/April 1990 only has 30 days/)
  })

  it.each(['1990-13-01', '01/13/1990', '1990-00-10'])('refuses the month in %j', (input) => {
    expect(messageOf(schema.safeParse(input))).toMatch(/month — it should be between 1 and 12/)
  })

  it('refuses a day of 0', () => {
    expect(messageOf(schema.safeParse('00/12/1990'))).toMatch(/Check the day/)
  })

  it('accepts today and refuses tomorrow', () => {
    expect(schema.parse('2026-03-15')).toBe('2026-03-15')
    expect(messageOf(schema.safeParse('16/03/2026'))).toBe("Your date of birth can't be in the future")
  })

  it('goes by the date in Sydney: a baby born on 15 March just after midnight there, while UTC is still on the 14th', () => {
    const justAfterMidnightInSydney = dateOfBirthSchemaAt(new Date('2026-03-14T13:30:00Z'))
    expect(justAfterMidnightInSydney.parse('2026-03-15')).toBe('2026-03-15')
  })

  it('accepts someone 120 years old today and refuses a day earlier', () => {
    expect(schema.parse('1906-03-15')).toBe('1906-03-15')
    expect(messageOf(schema.safeParse('1906-03-14'))).toMatch(/1906 is more than 120 years ago/)
  })

  it.each(['25 December 1990', '25/12/90', 'yesterday'])('asks for day, month and year for %j', (input) => {
    expect(messageOf(schema.safeParse(input))).toMatch(/day, month and year, like 25\/12\/1990/)
  })

  it.each([undefined, '', '  '])('asks for the date of birth when it is missing (%j)', (input) => {
    expect(messageOf(schema.safeParse(input))).toBe('Enter your date of birth')
  })
})

describe('dateOfBirthSchema', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('reads the clock when it parses, not when the module loads', () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-03-15T00:00:00Z'))
    expect(dateOfBirthSchema.safeParse('2026-03-16').success).toBe(false)
    vi.setSystemTime(new Date('2026-03-16T00:00:00Z'))
    expect(dateOfBirthSchema.safeParse('2026-03-16').success).toBe(true)
  })
})

describe('ageOn', () => {
  it('counts whole years, turning older on the birthday', () => {
    expect(ageOn('1990-06-15', new Date('2026-06-14T02:00:00Z'))).toBe(35)
    expect(ageOn('1990-06-15', new Date('2026-06-15T02:00:00Z'))).toBe(36)
  })

  it('turns someone born on 29 February older on 1 March in a common year', () => {
    expect(ageOn('2004-02-29', new Date('2025-02-28T02:00:00Z'))).toBe(20)
    expect(ageOn('2004-02-29', new Date('2025-03-01T02:00:00Z'))).toBe(21)
    expect(ageOn('2004-02-29', new Date('2028-02-29T02:00:00Z'))).toBe(24)
  })

  it('takes the day in the given zone, Sydney by default', () => {
    // 12:30 am on 15 June in Sydney, still 10:30 pm on 14 June in Perth.
    const instant = new Date('2026-06-14T14:30:00Z')
    expect(ageOn('1990-06-15', instant)).toBe(36)
    expect(ageOn('1990-06-15', instant, 'Australia/Perth')).toBe(35)
  })

  it('is 0 on the day of birth', () => {
    expect(ageOn('2026-03-15', NOW)).toBe(0)
  })

  it('throws on something that is not a date', () => {
    expect(() => ageOn('1990-02-31', NOW)).toThrow(RangeError)
    expect(() => ageOn('soon', NOW)).toThrow(RangeError)
  })
})

describe('referralDateSchemaAt', () => {
  const schema = referralDateSchemaAt(NOW)

  it('accepts today, and a date typed day first', () => {
    expect(schema.parse('2026-03-15')).toBe('2026-03-15')
    expect(schema.parse('2/3/2026')).toBe('2026-03-02')
  })

  it('refuses a date in the future', () => {
    expect(messageOf(schema.safeParse('2026-03-16'))).toMatch(/can't be in the future/)
  })

  it('accepts the day Better Access began and refuses the day before', () => {
    expect(schema.parse('2006-11-01')).toBe('2006-11-01')
    expect(messageOf(schema.safeParse('31/10/2006'))).toMatch(/November 2006/)
  })

  it('refuses an impossible date', () => {
    expect(messageOf(schema.safeParse('2025-02-29'))).toMatch(/February 2025 only has 28 days/)
  })

  it.each([undefined, ''])('asks for the date when it is missing (%j)', (input) => {
    expect(messageOf(schema.safeParse(input))).toBe('Enter the date on the referral')
  })
})
