import { describe, expect, it } from 'vitest'
import { abnSchema, formatAbn, isValidAbn, normaliseAbn } from './abn.ts'

describe('ABN check', () => {
  it('accepts ABNs that pass the ATO weighting', () => {
    // The ATO's own published example, and the demo practice's.
    expect(isValidAbn('51824753556')).toBe(true)
    expect(isValidAbn('81604512298')).toBe(true)
  })

  it('refuses a changed digit, swapped digits, a wrong length or letters', () => {
    expect(isValidAbn('51824753557')).toBe(false)
    expect(isValidAbn('15824753556')).toBe(false)
    expect(isValidAbn('5182475355')).toBe(false)
    expect(isValidAbn('518247535560')).toBe(false)
    expect(isValidAbn('5182475355A')).toBe(false)
    expect(isValidAbn('01824753556')).toBe(false)
  })

  it('reads an ABN as printed and says what is wrong', () => {
    expect(normaliseAbn('51 824 753 556')).toBe('51824753556')
    expect(abnSchema.parse(' 81 604 512 298 ')).toBe('81604512298')
    expect(abnSchema.safeParse('81 604 512 299').error?.issues[0]?.message).toMatch(/not a valid ABN/)
    expect(abnSchema.safeParse('123').error?.issues[0]?.message).toMatch(/11 digits/)
    expect(abnSchema.safeParse('').error?.issues[0]?.message).toMatch(/Enter/)
  })

  it('prints an ABN in the usual groups', () => {
    expect(formatAbn('81604512298')).toBe('81 604 512 298')
    expect(formatAbn('oops')).toBe('oops')
  })
})
