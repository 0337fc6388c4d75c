import { describe, expect, it } from 'vitest'
import {
  formatAustralianPhone,
  mobileSchema,
  phoneSchema,
  toE164AustralianMobile,
  toE164AustralianPhone,
} from './phone.ts'

function messageOf(result: { success: boolean; error?: { issues: { message: string }[] } }) {
  expect(result.success).toBe(false)
  return result.error?.issues[0]?.message
}

const SAME_MOBILE_WRITTEN_DIFFERENTLY = [
  '0412 345 678',
  '0412345678',
  '+61 412 345 678',
  '+61412345678',
  '61412345678',
  '(04) 1234 5678',
  '+61 (0)412 345 678',
  '0412-345-678',
  '0412.345.678',
  '412 345 678',
]

const LANDLINES = [
  ['(02) 9270 6400', '+61292706400'],
  ['03 9123 4567', '+61391234567'],
  ['(07) 3123 4567', '+61731234567'],
  ['08 8123 4567', '+61881234567'],
  ['+61 2 9270 6400', '+61292706400'],
  ['61 8 9123 4567', '+61891234567'],
] as const

const SERVICE_NUMBERS = ['1300 123 456', '1800 123 456', '13 11 14', '+61 1300 123 456']

describe('toE164AustralianMobile', () => {
  it.each(SAME_MOBILE_WRITTEN_DIFFERENTLY)('reads %j', (input) => {
    expect(toE164AustralianMobile(input)).toBe('+61412345678')
  })

  it.each(LANDLINES.map(([input]) => input))('refuses the landline %j', (input) => {
    expect(toE164AustralianMobile(input)).toBeNull()
  })

  it.each([
    ...SERVICE_NUMBERS,
    '+44 7700 900123',
    '0412 345 67',
    '0412 345 6789',
    '0412 ABC 678',
    '',
    '+',
    '0512 345 678',
  ])('refuses %j', (input) => {
    expect(toE164AustralianMobile(input)).toBeNull()
  })
})

describe('toE164AustralianPhone', () => {
  it.each(SAME_MOBILE_WRITTEN_DIFFERENTLY)('reads the mobile %j', (input) => {
    expect(toE164AustralianPhone(input)).toBe('+61412345678')
  })

  it.each(LANDLINES)('reads the landline %j', (input, e164) => {
    expect(toE164AustralianPhone(input)).toBe(e164)
  })

  it.each([...SERVICE_NUMBERS, '9270 6400', '+1 415 555 0100', '(05) 1234 5678', '0912 345 678'])(
    'refuses %j',
    (input) => {
      expect(toE164AustralianPhone(input)).toBeNull()
    },
  )
})

describe('mobileSchema', () => {
  it('stores E.164', () => {
    expect(mobileSchema.parse(' 0412 345 678 ')).toBe('+61412345678')
  })

  it('explains that a landline cannot take a text', () => {
    expect(messageOf(mobileSchema.safeParse('(02) 9270 6400'))).toMatch(/looks like a landline.*04/)
  })

  it('explains that 1300 numbers cannot be used', () => {
    expect(messageOf(mobileSchema.safeParse('1300 123 456'))).toMatch(/13, 1300 or 1800/)
  })

  it('asks for an Australian number', () => {
    expect(messageOf(mobileSchema.safeParse('+44 7700 900123'))).toMatch(/Australian mobile/)
  })

  it('shows an example when the number is the wrong length', () => {
    expect(messageOf(mobileSchema.safeParse('0412 345 67'))).toMatch(
      /10 digits starting with 04, like 0412 345 678/,
    )
  })

  it.each([undefined, '', '  '])('asks for the number when it is missing (%j)', (input) => {
    expect(messageOf(mobileSchema.safeParse(input))).toBe('Enter your mobile number')
  })
})

describe('phoneSchema', () => {
  it('stores a mobile or a landline as E.164', () => {
    expect(phoneSchema.parse('0412 345 678')).toBe('+61412345678')
    expect(phoneSchema.parse('(02) 9270 6400')).toBe('+61292706400')
  })

  it('asks for the area code on an 8-digit number', () => {
    expect(messageOf(phoneSchema.safeParse('9270 6400'))).toMatch(/area code/)
  })

  it('explains that 13 numbers cannot be used', () => {
    expect(messageOf(phoneSchema.safeParse('13 11 14'))).toMatch(/13, 1300 or 1800/)
  })

  it('asks for an Australian number', () => {
    expect(messageOf(phoneSchema.safeParse('+1 415 555 0100'))).toMatch(/Australian phone number/)
  })

  it('shows examples when the number cannot be read', () => {
    expect(messageOf(phoneSchema.safeParse('call me'))).toMatch(/like 0412 345 678 or \(02\) 9270 6400/)
  })

  it.each([undefined, ''])('asks for the number when it is missing (%j)', (input) => {
    expect(messageOf(phoneSchema.safeParse(input))).toBe('Enter your phone number')
  })
})

describe('formatAustralianPhone', () => {
  it('writes a mobile as 4-3-3', () => {
    expect(formatAustralianPhone('+61412345678')).toBe('0412 345 678')
  })

  it('writes a landline with its area code in brackets', () => {
    expect(formatAustralianPhone('+61292706400')).toBe('(02) 9270 6400')
    expect(formatAustralianPhone('+61891234567')).toBe('(08) 9123 4567')
  })

  it('leaves anything else as it was', () => {
    expect(formatAustralianPhone('+447700900123')).toBe('+447700900123')
    expect(formatAustralianPhone('0412345678')).toBe('0412345678')
  })

  it.each(['0412 345 678', '(02) 9270 6400', '(03) 9123 4567'])('round-trips %j', (display) => {
    expect(formatAustralianPhone(toE164AustralianPhone(display) ?? '')).toBe(display)
  })
})
