import { z } from 'zod'

// Australian Business Number: 11 digits whose weighted sum, after taking 1 from the first
// digit, is a multiple of 89 (the ATO's published check). Printed on every receipt.
const WEIGHTS = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19] as const

/** People copy an ABN as printed ("81 604 512 298"); keep only the digits they meant. */
export function normaliseAbn(input: string) {
  return input.replace(/[\s-]/g, '')
}

/** Expects normalised input (see `normaliseAbn`). */
export function isValidAbn(digits: string) {
  if (!/^[1-9]\d{10}$/.test(digits)) return false
  const sum = WEIGHTS.reduce(
    (total, weight, index) => total + weight * (Number(digits[index]) - (index === 0 ? 1 : 0)),
    0,
  )
  return sum % 89 === 0
}

/** "81604512298" → "81 604 512 298"; anything else comes back unchanged. */
export function formatAbn(digits: string) {
  if (!/^\d{11}$/.test(digits)) return digits
  return `${digits.slice(0, 2)} ${digits.slice(2, 5)} ${digits.slice(5, 8)} ${digits.slice(8)}`
}

const ABN_MISSING = 'Enter the practice’s ABN'

export const abnSchema = z
  .string({ error: ABN_MISSING })
  .trim()
  .min(1, ABN_MISSING)
  .transform((input, ctx) => {
    const digits = normaliseAbn(input)
    if (!/^\d{11}$/.test(digits)) {
      ctx.addIssue('An ABN has 11 digits, like 51 824 753 556.')
      return z.NEVER
    }
    if (!isValidAbn(digits)) {
      ctx.addIssue('That is not a valid ABN: one digit may be mistyped. Check it on ABN Lookup.')
      return z.NEVER
    }
    return digits
  })
