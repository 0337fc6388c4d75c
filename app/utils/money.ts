import { z } from 'zod'

// Money is integer cents (AUD) everywhere. This module is the one place cents become dollars
// (formatAud) and typed dollars become cents (dollarsToCents), so no float ever touches money.
// Client-safe: forms validate amounts in the browser with the same code as on the server.

const shown = new Intl.NumberFormat('en-AU', { style: 'currency', currency: 'AUD' })
const bare = new Intl.NumberFormat('en-AU', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
  useGrouping: false,
})

/**
 * 124000 → "$1,240.00". With `{ bare: true }` → "1240.00": no symbol and no thousands
 * separator, for a form field (dollarsToCents reads it back) or a CSV cell.
 */
export function formatAud(cents: number, options: { bare?: boolean } = {}) {
  return (options.bare ? bare : shown).format(cents / 100)
}

// Dollars as people type them: "240", "$240.50", "1,240.00". At most two decimals: a third
// is refused rather than rounded, so what is stored is exactly what was typed. No sign: every
// amount typed in Haven (fees, rates, refunds) is zero or more.
const DOLLARS = /^(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$/

/** "$1,240.5" → 124050; null when it is not an amount of dollars and cents. */
export function dollarsToCents(input: string): number | null {
  const compact = input.trim().replace(/^\$\s*/, '')
  if (!DOLLARS.test(compact)) return null
  const [whole = '', fraction = ''] = compact.replace(/,/g, '').split('.')
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'))
}

/** A form field of dollars → cents, between `minCents` and `maxCents`. */
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
        ctx.addIssue(`Enter at least ${formatAud(minCents, { bare: true })}.`)
        return z.NEVER
      }
      if (cents > maxCents) {
        ctx.addIssue(`Enter no more than ${formatAud(maxCents, { bare: true })}.`)
        return z.NEVER
      }
      return cents
    })
}
