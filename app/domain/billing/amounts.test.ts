import { describe, expect, it } from 'vitest'
import { centsToDollarsInput, dollarsSchema, dollarsToCents } from './amounts.ts'

describe('dollar amounts', () => {
  it('reads amounts the way people type them, into whole cents', () => {
    expect(dollarsToCents('240')).toBe(24_000)
    expect(dollarsToCents('$240.5')).toBe(24_050)
    expect(dollarsToCents(' 1,240.05 ')).toBe(124_005)
    expect(dollarsToCents('0.1')).toBe(10)
    // 0.1 + 0.2 in floats is not 0.3; here nothing is ever a float.
    expect(dollarsToCents('145.29')).toBe(14_529)
  })

  it('refuses what is not dollars and cents', () => {
    for (const input of ['', 'abc', '-5', '1.234', '1,2,3', '12,34.00', '1e3', '$']) {
      expect(dollarsToCents(input), input).toBeNull()
    }
  })

  it('puts cents back into a form field', () => {
    expect(centsToDollarsInput(24_000)).toBe('240.00')
    expect(centsToDollarsInput(5)).toBe('0.05')
  })

  it('keeps an amount within its bounds, saying why not', () => {
    const schema = dollarsSchema({ missing: 'Enter the fee', minCents: 1, maxCents: 100_000 })
    expect(schema.parse('99.95')).toBe(9_995)
    expect(schema.safeParse('0').error?.issues[0]?.message).toBe('Enter at least 0.01.')
    expect(schema.safeParse('1000.01').error?.issues[0]?.message).toBe('Enter no more than 1000.00.')
    expect(schema.safeParse('twelve').error?.issues[0]?.message).toMatch(/dollars and cents/)
    expect(schema.safeParse('').error?.issues[0]?.message).toBe('Enter the fee')
  })
})
