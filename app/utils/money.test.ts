import { describe, expect, it } from 'vitest'
import { dollarsSchema, dollarsToCents, formatAud } from './money.ts'

describe('showing cents', () => {
  it('shows cents as Australian dollars', () => {
    expect(formatAud(24_000)).toBe('$240.00')
    expect(formatAud(14_525)).toBe('$145.25')
    expect(formatAud(124_000)).toBe('$1,240.00')
    expect(formatAud(0)).toBe('$0.00')
    expect(formatAud(-1_050)).toBe('-$10.50')
  })

  it('writes a bare amount for a form field or a CSV cell, which reads back as the same cents', () => {
    expect(formatAud(24_000, { bare: true })).toBe('240.00')
    expect(formatAud(5, { bare: true })).toBe('0.05')
    // No thousands separator: a comma would split a CSV cell.
    expect(formatAud(123_456_789, { bare: true })).toBe('1234567.89')
    expect(formatAud(-1_050, { bare: true })).toBe('-10.50')
    for (const cents of [0, 1, 10, 99, 100, 14_529, 123_456_789])
      expect(dollarsToCents(formatAud(cents, { bare: true }))).toBe(cents)
  })
})

describe('reading typed dollars', () => {
  it('reads amounts the way people type them, into whole cents', () => {
    expect(dollarsToCents('12')).toBe(1_200)
    expect(dollarsToCents('12.5')).toBe(1_250)
    expect(dollarsToCents('12.50')).toBe(1_250)
    expect(dollarsToCents('$1,234.56')).toBe(123_456)
    expect(dollarsToCents('$ 240')).toBe(24_000)
    expect(dollarsToCents(' 1,240.05 ')).toBe(124_005)
    expect(dollarsToCents('0.1')).toBe(10)
    expect(dollarsToCents('0')).toBe(0)
    // 145.29 * 100 is 14528.999999999998 in floating point; here nothing is ever a float.
    expect(dollarsToCents('145.29')).toBe(14_529)
  })

  it('refuses a third decimal rather than rounding it', () => {
    expect(dollarsToCents('0.005')).toBeNull()
    expect(dollarsToCents('1.234')).toBeNull()
    expect(dollarsToCents('12.500')).toBeNull()
  })

  it('refuses negative amounts, empty input and what is not dollars and cents', () => {
    for (const input of [
      '-5',
      '-$5.00',
      '$-5',
      '',
      '   ',
      'abc',
      '$',
      '1,2,3',
      '12,34.00',
      '1e3',
      '.5',
      '12.',
      '12 50',
    ])
      expect(dollarsToCents(input), input).toBeNull()
  })
})

describe('a dollars field', () => {
  it('keeps an amount within its bounds, saying why not', () => {
    const schema = dollarsSchema({ missing: 'Enter the fee', minCents: 1, maxCents: 100_000 })
    expect(schema.parse('99.95')).toBe(9_995)
    expect(schema.safeParse('0').error?.issues[0]?.message).toBe('Enter at least 0.01.')
    expect(schema.safeParse('1000.01').error?.issues[0]?.message).toBe('Enter no more than 1000.00.')
    expect(schema.safeParse('twelve').error?.issues[0]?.message).toMatch(/dollars and cents/)
    expect(schema.safeParse('12.345').error?.issues[0]?.message).toMatch(/dollars and cents/)
    expect(schema.safeParse('').error?.issues[0]?.message).toBe('Enter the fee')
  })
})
