// The arithmetic of an invoice, apart from the database so it is tested on its own.
// Amounts are integer cents; a refund never exceeds what was paid and not yet refunded.

type InvoiceTotals = { totalCents: number; paidCents: number; refundedCents: number }
type InvoiceState = 'issued' | 'paid' | 'partially_refunded' | 'refunded' | 'void'

/** The state the amounts imply (a void invoice stays void). */
export function invoiceStateFor(totals: InvoiceTotals, { voided = false } = {}): InvoiceState {
  if (voided) return 'void'
  if (totals.paidCents === 0) return 'issued'
  if (totals.refundedCents === 0) return 'paid'
  return totals.refundedCents >= totals.paidCents ? 'refunded' : 'partially_refunded'
}

/** What can still be refunded, counting refunds already asked for but not yet settled. */
export function refundableCents(totals: InvoiceTotals, { inFlightCents = 0 } = {}) {
  return Math.max(0, totals.paidCents - totals.refundedCents - inFlightCents)
}

/**
 * The refund a cancellation earns: everything outside the notice window; inside it (a late
 * cancellation) the practice's share, rounded down to the cent, of what was paid.
 */
export function cancellationRefundCents(
  totals: InvoiceTotals & { inFlightCents?: number },
  cancellation: { late: boolean; lateRefundPercent: number },
) {
  const remaining = refundableCents(totals, { inFlightCents: totals.inFlightCents })
  if (!cancellation.late) return remaining
  const percent = Math.min(100, Math.max(0, cancellation.lateRefundPercent))
  return Math.min(remaining, Math.floor((totals.paidCents * percent) / 100))
}

/** INV-000042 */
export function formatInvoiceNumber(prefix: string, sequence: number) {
  return `${prefix}-${String(sequence).padStart(6, '0')}`
}

/**
 * What Medicare would pay back and what the patient is left with (the gap). The benefit is
 * never more than the fee charged.
 */
export function rebateAndGap(feeCents: number, rebateCents: number) {
  const rebate = Math.min(feeCents, rebateCents)
  return { rebateCents: rebate, gapCents: feeCents - rebate }
}
