// Money is integer cents (AUD) everywhere; it becomes dollars only when shown.
const aud = new Intl.NumberFormat('en-AU', { style: 'currency', currency: 'AUD' })

/** 24000 → "$240.00" */
export function formatAud(cents: number) {
  return aud.format(cents / 100)
}
