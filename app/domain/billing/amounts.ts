import { z } from 'zod'

// Amounts are typed in dollars ("240", "$240.50", "1,240.00") and kept in integer cents, so
// no float ever touches money.
const DOLLARS = /^(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$/

/** "$1,240.5" → 124050; null when it is not an amount of dollars and cents. */
export function dollarsToCents(input: string): number | null {
  const compact = input.trim().replace(/^\$\s*/, '')
  if (!DOLLARS.test(compact)) return null
  const [whole = '', fraction = ''] = compact.replace(/,/g, '').split('.')
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'))
}

/** 24000 → "240.00", the way an amount is put back into a form field. */
export function centsToDollarsInput(cents: number) {
  return (cents / 100).toFixed(2)
}

/** A typed dollar amount → cents, between `minCents` and `maxCents`. */
export function dollarsSchema({
  missing,
  minCents = 0,
  maxCents = 1_000_000,
}: {
  missing: string
  minCents?: number
  maxCents?: number
}) {
  return z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    .transform((input, ctx) => {
      const cents = dollarsToCents(input)
      if (cents === null) {
        ctx.addIssue('Enter an amount in dollars and cents, like 240.00.')
        return z.NEVER
      }
      if (cents < minCents) {
        ctx.addIssue(`Enter at least ${centsToDollarsInput(minCents)}.`)
        return z.NEVER
      }
      if (cents > maxCents) {
        ctx.addIssue(`Enter no more than ${centsToDollarsInput(maxCents)}.`)
        return z.NEVER
      }
      return cents
    })
}
