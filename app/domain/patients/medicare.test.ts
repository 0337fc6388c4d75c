import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  formatMedicareNumber,
  irnSchema,
  isValidMedicareNumber,
  maskMedicareNumber,
  medicareExpirySchema,
  medicareExpirySchemaAt,
  medicareNumberSchema,
  normaliseMedicareNumber,
} from './medicare.ts'

// Worked by hand: the weights 1,3,7,9,1,3,7,9 over the first 8 digits, sum mod 10 is the 9th digit.
const VALID_NUMBERS = [
  // 2·1 + 1·3 + 2·7 + 3·9 + 4·1 + 5·3 + 6·7 + 7·9 = 170 → 0, issue 1
  '2123456701',
  // 3·1 = 3 → 3, issue 1
  '3000000031',
  // 4·1 + 1·3 + 1·7 + 1·9 + 1·1 + 1·3 + 1·7 + 1·9 = 43 → 3, issue 2
  '4111111132',
  // 5·1 + 1·3 + 2·7 + 3·9 + 4·1 + 5·3 + 6·7 + 7·9 = 173 → 3, issue 9
  '5123456739',
  // 6·1 + 9·3 + 9·7 + 9·9 + 9·1 + 9·3 + 9·7 + 9·9 = 357 → 7, issue 5
  '6999999975',
]

function messageOf(result: { success: boolean; error?: { issues: { message: string }[] } }) {
  expect(result.success).toBe(false)
  return result.error?.issues[0]?.message
}

describe('normaliseMedicareNumber', () => {
  it('drops the spaces and dashes people copy from the card', () => {
    expect(normaliseMedicareNumber(' 2123 45670 1 ')).toBe('2123456701')
    expect(normaliseMedicareNumber('2123-45670-1')).toBe('2123456701')
  })
})

describe('isValidMedicareNumber', () => {
  it.each(VALID_NUMBERS)('accepts %s', (digits) => {
    expect(isValidMedicareNumber(digits)).toBe(true)
  })

  it('refuses a wrong check digit', () => {
    expect(isValidMedicareNumber('2123456711')).toBe(false)
  })

  it.each([
    // 1·1 + 1·3 + 2·7 + 3·9 + 4·1 + 5·3 + 6·7 + 7·9 = 169 → 9: the check digit is right, the first digit is not
    ['1', '1123456791'],
    // 7·1 + 1·3 + … = 175 → 5
    ['7', '7123456751'],
  ])('refuses a first digit of %s even with a matching check digit', (_first, digits) => {
    expect(isValidMedicareNumber(digits)).toBe(false)
  })

  it('refuses an issue number of 0', () => {
    expect(isValidMedicareNumber('2123456700')).toBe(false)
  })

  it.each(['212345670', '21234567011', '2123 45670 1', '212345670A', ''])('refuses %j', (digits) => {
    expect(isValidMedicareNumber(digits)).toBe(false)
  })
})

describe('medicareNumberSchema', () => {
  it.each(VALID_NUMBERS)('accepts %s', (digits) => {
    expect(medicareNumberSchema.parse(digits)).toBe(digits)
  })

  it.each(['2123 45670 1', '2123-45670-1', '  2123  45670  1  ', '2123 - 45670 - 1'])(
    'accepts %j and returns the digits',
    (input) => {
      expect(medicareNumberSchema.parse(input)).toBe('2123456701')
    },
  )

  it('says the number does not look right when the check digit is wrong', () => {
    expect(messageOf(medicareNumberSchema.safeParse('2123 45671 1'))).toMatch(
      /Check the 10-digit number on your Medicare card — it doesn't look right/,
    )
  })

  it.each(['1123456791', '7123456751'])('names the allowed first digits for %s', (digits) => {
    expect(messageOf(medicareNumberSchema.safeParse(digits))).toMatch(/start with 2, 3, 4, 5 or 6/)
  })

  it('counts the digits when there are 9', () => {
    expect(messageOf(medicareNumberSchema.safeParse('2123 45670'))).toMatch(/10 digits, and you've entered 9/)
  })

  it('points to the IRN box when there are 11 digits', () => {
    expect(messageOf(medicareNumberSchema.safeParse('2123 45670 1 2'))).toMatch(/number next to your name/)
  })

  it('counts the digits when there are 12', () => {
    expect(messageOf(medicareNumberSchema.safeParse('212345670123'))).toMatch(/you've entered 12/)
  })

  it('refuses letters, such as an O typed for a 0', () => {
    expect(messageOf(medicareNumberSchema.safeParse('2123 4567O 1'))).toMatch(/numbers only/)
  })

  it('refuses an issue number of 0', () => {
    expect(messageOf(medicareNumberSchema.safeParse('2123 45670 0'))).toMatch(/never 0/)
  })

  it.each([undefined, '', '   '])('asks for the number when it is missing (%j)', (input) => {
    expect(messageOf(medicareNumberSchema.safeParse(input))).toBe(
      'Enter the 10-digit number from your Medicare card',
    )
  })
})

describe('irnSchema', () => {
  it.each([
    ['1', 1],
    ['5', 5],
    ['9', 9],
    [' 3 ', 3],
  ])('reads %j as %i', (input, irn) => {
    expect(irnSchema.parse(input)).toBe(irn)
  })

  it.each(['0', '10', '-1', '1.5', 'a', '', undefined])('refuses %j', (input) => {
    expect(messageOf(irnSchema.safeParse(input))).toMatch(/1 to 9.*next to your name/)
  })
})

describe('formatMedicareNumber', () => {
  it('groups the digits 4-5-1 as on the card', () => {
    expect(formatMedicareNumber('2123456701')).toBe('2123 45670 1')
    expect(formatMedicareNumber('2123-45670-1')).toBe('2123 45670 1')
  })

  it('leaves anything that is not 10 digits as it was', () => {
    expect(formatMedicareNumber('21234')).toBe('21234')
  })
})

describe('medicareExpirySchemaAt', () => {
  // 11 am on 15 March 2026 in Sydney.
  const midMarch = medicareExpirySchemaAt(new Date('2026-03-15T00:00:00Z'))

  it.each([
    ['2026-03', { month: 3, year: 2026 }],
    ['03/2026', { month: 3, year: 2026 }],
    ['03/26', { month: 3, year: 2026 }],
    ['3/2027', { month: 3, year: 2027 }],
    [' 11 / 29 ', { month: 11, year: 2029 }],
    ['2031-12', { month: 12, year: 2031 }],
  ])('reads %j', (input, expiry) => {
    expect(midMarch.parse(input)).toEqual(expiry)
  })

  it('accepts a card expiring this month: it is valid to the end of the month', () => {
    expect(midMarch.safeParse('2026-03').success).toBe(true)
  })

  it('refuses a card that expired last month, naming the month', () => {
    expect(messageOf(midMarch.safeParse('2026-02'))).toMatch(/expired at the end of February 2026/)
    expect(messageOf(midMarch.safeParse('12/25'))).toMatch(/December 2025/)
  })

  it.each(['13/2026', '2026-13', '00/2026'])('refuses the month in %j', (input) => {
    expect(messageOf(midMarch.safeParse(input))).toMatch(/month — it should be between 1 and 12/)
  })

  it.each(['March 2026', '2026', '03-2026-01', '3/202'])('asks for month and year for %j', (input) => {
    expect(messageOf(midMarch.safeParse(input))).toMatch(/month and year.*like 03\/2029/)
  })

  it('refuses an expiry decades away as a typo', () => {
    expect(messageOf(midMarch.safeParse('2092-01'))).toMatch(/Check the year/)
  })

  it.each([undefined, ''])('asks for the expiry when it is missing (%j)', (input) => {
    expect(messageOf(midMarch.safeParse(input))).toBe('Enter the expiry date from your Medicare card')
  })

  it('goes by Sydney: at 1:30 am on 1 March in Sydney (still 28 February in UTC) a February card has expired', () => {
    // Sydney is on daylight saving time (UTC+11) in March.
    const justAfterMidnightInSydney = medicareExpirySchemaAt(new Date('2026-02-28T14:30:00Z'))
    expect(messageOf(justAfterMidnightInSydney.safeParse('2026-02'))).toMatch(/expired/)
    expect(justAfterMidnightInSydney.parse('2026-03')).toEqual({ month: 3, year: 2026 })
  })

  it('accepts a February card at 11:30 pm on 28 February in Sydney', () => {
    const lateOnTheLastDay = medicareExpirySchemaAt(new Date('2026-02-28T12:30:00Z'))
    expect(lateOnTheLastDay.parse('2026-02')).toEqual({ month: 2, year: 2026 })
  })

  it('goes by Sydney in winter too (UTC+10): 12:30 am on 1 July', () => {
    const firstOfJuly = medicareExpirySchemaAt(new Date('2026-06-30T14:30:00Z'))
    expect(messageOf(firstOfJuly.safeParse('06/2026'))).toMatch(/June 2026/)
  })
})

describe('medicareExpirySchema', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('reads the clock when it parses, not when the module loads', () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-03-15T00:00:00Z'))
    expect(medicareExpirySchema.safeParse('2026-03').success).toBe(true)
    vi.setSystemTime(new Date('2026-04-15T00:00:00Z'))
    expect(medicareExpirySchema.safeParse('2026-03').success).toBe(false)
  })
})

describe('maskMedicareNumber', () => {
  it('shows only the last two digits, in the card’s grouping', () => {
    expect(maskMedicareNumber('2123456701')).toBe('•••• ••••0 1')
    expect(maskMedicareNumber('2123 45670 1')).toBe('•••• ••••0 1')
  })
})
