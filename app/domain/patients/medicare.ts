import { z } from 'zod'
import { AUSTRALIAN_EASTERN_TIME_ZONE, calendarDateIn, monthName } from './dates.ts'

/**
 * A Medicare card number is 10 digits: an 8-digit identifier starting 2–6, a check digit, and the card's
 * issue number. The IRN (the patient's position on the card) is separate: see `irnSchema`.
 */
const MEDICARE_NUMBER_LENGTH = 10

const CHECK_DIGIT_WEIGHTS = [1, 3, 7, 9, 1, 3, 7, 9] as const

/** People copy the number as printed ("2123 45670 1") or with dashes; keep only what they meant. */
export function normaliseMedicareNumber(input: string): string {
  return input.replace(/[\s-]/g, '')
}

function checkDigitOf(digits: string): number {
  let sum = 0
  CHECK_DIGIT_WEIGHTS.forEach((weight, index) => {
    sum += Number(digits[index]) * weight
  })
  return sum % 10
}

type MedicareProblem = 'not_digits' | 'with_irn' | 'length' | 'first_digit' | 'check_digit' | 'issue_number'

function medicareNumberProblem(digits: string): MedicareProblem | null {
  if (!/^\d+$/.test(digits)) return 'not_digits'
  // 11 digits is usually the card number with the IRN typed on the end.
  if (digits.length === MEDICARE_NUMBER_LENGTH + 1) return 'with_irn'
  if (digits.length !== MEDICARE_NUMBER_LENGTH) return 'length'
  if (!/^[2-6]/.test(digits)) return 'first_digit'
  if (Number(digits[8]) !== checkDigitOf(digits)) return 'check_digit'
  // DOMAIN.md is silent on the 10th digit. Public integrations cite Services Australia's AIR Common Rules
  // (TECH.SIS.AIR.01, Appendix A) as refusing issue number 0; we have not seen that text first-hand. If a
  // real card ever ends in 0, remove this rule.
  if (digits[9] === '0') return 'issue_number'
  return null
}

/** Expects normalised input (see `normaliseMedicareNumber`); spaces or letters make it false. */
export function isValidMedicareNumber(digits: string): boolean {
  return medicareNumberProblem(digits) === null
}

const CHECK_YOUR_CARD = 'Check the number on your Medicare card'

function medicareNumberMessage(problem: MedicareProblem, digits: string): string {
  switch (problem) {
    case 'not_digits':
      return `Your Medicare card number is made of numbers only — no letters or symbols. ${CHECK_YOUR_CARD}.`
    case 'with_irn':
      return 'Enter just the 10-digit number from your Medicare card. The single number next to your name goes in its own box.'
    case 'length':
      return `Your Medicare card number has 10 digits, and you've entered ${digits.length}. ${CHECK_YOUR_CARD}.`
    case 'first_digit':
      return `Medicare card numbers start with 2, 3, 4, 5 or 6. ${CHECK_YOUR_CARD}.`
    case 'check_digit':
      return "Check the 10-digit number on your Medicare card — it doesn't look right. One digit may have been mistyped."
    case 'issue_number':
      return `The last digit of a Medicare card number is never 0. ${CHECK_YOUR_CARD}.`
  }
}

const MEDICARE_NUMBER_MISSING = 'Enter the 10-digit number from your Medicare card'

/** Typed number → its 10 digits, with a message that says what to fix. */
export const medicareNumberSchema = z
  .string({ error: MEDICARE_NUMBER_MISSING })
  .trim()
  .min(1, MEDICARE_NUMBER_MISSING)
  .transform((input, ctx) => {
    const digits = normaliseMedicareNumber(input)
    const problem = medicareNumberProblem(digits)
    if (problem) {
      ctx.addIssue(medicareNumberMessage(problem, digits))
      return z.NEVER
    }
    return digits
  })

const IRN_MESSAGE = 'Enter the number (1 to 9) printed next to your name on your Medicare card'

/** Individual reference number: the patient's position (1–9) on the card. */
export const irnSchema = z.coerce
  .number({ error: IRN_MESSAGE })
  .int(IRN_MESSAGE)
  .min(1, IRN_MESSAGE)
  .max(9, IRN_MESSAGE)

/** "2123456701" → "2123 45670 1", grouped as printed on the card; anything else comes back unchanged. */
export function formatMedicareNumber(digits: string): string {
  const compact = normaliseMedicareNumber(digits)
  if (!/^\d{10}$/.test(compact)) return digits
  return `${compact.slice(0, 4)} ${compact.slice(4, 9)} ${compact.slice(9)}`
}

/**
 * The card number for someone who needs to tell cards apart but not claim with them (a manager):
 * only the last two digits (the check digit and the issue number) are shown, as printed.
 */
export function maskMedicareNumber(digits: string): string {
  const compact = normaliseMedicareNumber(digits)
  return `•••• ••••${compact.slice(-2, -1)} ${compact.slice(-1)}`
}

type MedicareExpiry = { month: number; year: number }

// <input type="month"> sends "YYYY-MM"; where it falls back to a text box people copy the card's "MM/YY"
// or write "MM/YYYY".
const YEAR_MONTH = /^(\d{4})-(\d{1,2})$/
const MONTH_YEAR = /^(\d{1,2})\s*\/\s*(\d{2}|\d{4})$/

function parseExpiry(input: string): MedicareExpiry | null {
  const isoLike = YEAR_MONTH.exec(input)
  if (isoLike) return { year: Number(isoLike[1]), month: Number(isoLike[2]) }
  const cardLike = MONTH_YEAR.exec(input)
  if (!cardLike) return null
  const year = cardLike[2] ?? ''
  return { month: Number(cardLike[1]), year: year.length === 2 ? 2000 + Number(year) : Number(year) }
}

// Cards are reissued every few years; an expiry decades away is a typo (2092 for 2029).
const FURTHEST_EXPIRY_YEARS = 20

const EXPIRY_MISSING = 'Enter the expiry date from your Medicare card'

function medicareExpirySchemaWith(clock: () => Date) {
  return z
    .string({ error: EXPIRY_MISSING })
    .trim()
    .min(1, EXPIRY_MISSING)
    .transform((input, ctx): MedicareExpiry => {
      const expiry = parseExpiry(input)
      if (!expiry) {
        ctx.addIssue('Enter the month and year your Medicare card expires, like 03/2029')
        return z.NEVER
      }
      if (expiry.month < 1 || expiry.month > 12) {
        ctx.addIssue('Check the month — it should be between 1 and 12')
        return z.NEVER
      }
      // A card is valid to the last day of its expiry month. Services Australia keeps eastern time.
      const today = calendarDateIn(clock(), AUSTRALIAN_EASTERN_TIME_ZONE)
      if (expiry.year * 12 + expiry.month < today.year * 12 + today.month) {
        ctx.addIssue(
          `This card expired at the end of ${monthName(expiry.month)} ${expiry.year}. Please enter the details from your newest Medicare card.`,
        )
        return z.NEVER
      }
      if (expiry.year > today.year + FURTHEST_EXPIRY_YEARS) {
        ctx.addIssue(`Check the year — ${expiry.year} is further away than any Medicare card expiry`)
        return z.NEVER
      }
      return expiry
    })
}

/** Expiry month/year, refused once the month has passed in Australia/Sydney at `now`. */
export function medicareExpirySchemaAt(now: Date) {
  return medicareExpirySchemaWith(() => now)
}

export const medicareExpirySchema = medicareExpirySchemaWith(() => new Date())
