import { expect, test } from 'vitest'
import { shortName } from './names.ts'

test('a short name is the first name and the last name’s initial', () => {
  expect(shortName('Riley Parker')).toBe('Riley P.')
  expect(shortName('  Mei Ling  van der berg ')).toBe('Mei B.')
  expect(shortName('Cher')).toBe('Cher')
})
