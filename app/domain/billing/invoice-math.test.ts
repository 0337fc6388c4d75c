import { describe, expect, it } from 'vitest'
import {
  cancellationRefundCents,
  formatInvoiceNumber,
  invoiceStateFor,
  rebateAndGap,
  refundableCents,
} from './invoice-math.ts'

const invoice = (paidCents: number, refundedCents = 0) => ({ totalCents: 24_000, paidCents, refundedCents })

describe('invoice state', () => {
  it('follows payment and refunds', () => {
    expect(invoiceStateFor(invoice(0))).toBe('issued')
    expect(invoiceStateFor(invoice(24_000))).toBe('paid')
    expect(invoiceStateFor(invoice(24_000, 1))).toBe('partially_refunded')
    expect(invoiceStateFor(invoice(24_000, 24_000))).toBe('refunded')
    expect(invoiceStateFor(invoice(0), { voided: true })).toBe('void')
  })
})

describe('refunds', () => {
  it('never offers more than was paid and not yet refunded or in flight', () => {
    expect(refundableCents(invoice(24_000, 4_000))).toBe(20_000)
    expect(refundableCents(invoice(24_000, 4_000), { inFlightCents: 20_000 })).toBe(0)
    expect(refundableCents(invoice(24_000, 4_000), { inFlightCents: 30_000 })).toBe(0)
    expect(refundableCents(invoice(0))).toBe(0)
  })

  it('refunds everything for a cancellation with notice, the policy share for a late one', () => {
    expect(cancellationRefundCents(invoice(24_000), { late: false, lateRefundPercent: 0 })).toBe(24_000)
    expect(cancellationRefundCents(invoice(24_000), { late: true, lateRefundPercent: 0 })).toBe(0)
    expect(cancellationRefundCents(invoice(24_000), { late: true, lateRefundPercent: 50 })).toBe(12_000)
    // A third of $239.99 is 7999.67 cents: rounded down, never up.
    expect(
      cancellationRefundCents(
        { totalCents: 23_999, paidCents: 23_999, refundedCents: 0 },
        { late: true, lateRefundPercent: 33 },
      ),
    ).toBe(7_919)
    // What was already refunded counts.
    expect(cancellationRefundCents(invoice(24_000, 20_000), { late: true, lateRefundPercent: 50 })).toBe(
      4_000,
    )
    expect(cancellationRefundCents(invoice(0), { late: false, lateRefundPercent: 0 })).toBe(0)
  })
})

describe('numbers and rebates', () => {
  it('numbers invoices with the practice prefix, zero-padded', () => {
    expect(formatInvoiceNumber('INV', 42)).toBe('INV-000042')
    expect(formatInvoiceNumber('HAV', 1_234_567)).toBe('HAV-1234567')
  })

  it('works out the rebate and the gap, the rebate capped at the fee', () => {
    expect(rebateAndGap(24_000, 14_525)).toEqual({ rebateCents: 14_525, gapCents: 9_475 })
    expect(rebateAndGap(10_000, 14_525)).toEqual({ rebateCents: 10_000, gapCents: 0 })
  })
})
