import { expect, it } from 'vitest'
import { formatAud } from './money.ts'

it('shows cents as Australian dollars', () => {
  expect(formatAud(24_000)).toBe('$240.00')
  expect(formatAud(14_525)).toBe('$145.25')
  expect(formatAud(0)).toBe('$0.00')
  expect(formatAud(-1_050)).toBe('-$10.50')
})
