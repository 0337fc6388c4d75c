import { describe, expect, it } from 'vitest'
import { halaxyInvoice } from '../fixtures/halaxy-answers.ts'
import { dollarsToCentsExact, invoiceAppointmentId, invoiceComparison } from './invoice.ts'

describe('invoices', () => {
  it('reads dollars into whole cents without float error', () => {
    expect(dollarsToCentsExact(240.3)).toBe(24_030)
    // 145.29 * 100 is 14528.999999999998 in floating point.
    expect(dollarsToCentsExact(145.29)).toBe(14_529)
    expect(dollarsToCentsExact(1.005)).toBe(101)
    expect(dollarsToCentsExact('98.95')).toBe(9_895)
    expect(dollarsToCentsExact(85)).toBe(8_500)
    expect(dollarsToCentsExact(0)).toBe(0)
    expect(dollarsToCentsExact(-20.5)).toBe(-2_050)
    expect(dollarsToCentsExact('abc')).toBeNull()
  })

  it('matches Haven’s invoice against Halaxy’s', () => {
    expect(invoiceComparison({ totalCents: 24_030 }, halaxyInvoice)).toEqual({
      halaxyInvoiceId: '99120031',
      halaxyTotalCents: 24_030,
      halaxyStatus: 'issued',
      matches: true,
      differenceCents: 0,
    })
  })

  it('says by how much they differ, positive when Halaxy asks for more', () => {
    expect(invoiceComparison({ totalCents: 22_000 }, halaxyInvoice)).toMatchObject({
      matches: false,
      differenceCents: 2_030,
    })
    // A cancellation without charge zeroes Halaxy's invoice.
    const zeroed = { ...halaxyInvoice, totalGross: { value: 0, currency: 'AUD' } }
    expect(invoiceComparison({ totalCents: 24_030 }, zeroed)).toMatchObject({
      halaxyTotalCents: 0,
      matches: false,
      differenceCents: -24_030,
    })
  })

  it('falls back to totalNet, and reports a missing total as unknown', () => {
    const { totalGross: _gross, ...netOnly } = halaxyInvoice
    expect(invoiceComparison({ totalCents: 24_030 }, netOnly)).toMatchObject({
      halaxyTotalCents: 24_030,
      matches: true,
    })
    expect(
      invoiceComparison({ totalCents: 24_030 }, { resourceType: 'Invoice', id: '5', status: 'draft' }),
    ).toEqual({
      halaxyInvoiceId: '5',
      halaxyTotalCents: null,
      halaxyStatus: 'draft',
      matches: false,
      differenceCents: null,
    })
  })

  it('never matches a total in another currency', () => {
    const euros = { ...halaxyInvoice, totalGross: { value: 240.3, currency: 'EUR' } }
    expect(invoiceComparison({ totalCents: 24_030 }, euros).matches).toBe(false)
  })

  it('reads the appointment an invoice was raised for', () => {
    expect(
      invoiceAppointmentId({
        extension: [
          {
            url: 'https://terminology.halaxy.com/StructureDefinition/invoice-appointment',
            valueReference: { reference: 'https://au-api.halaxy.com/main/Appointment/880012345' },
          },
        ],
      }),
    ).toBe('880012345')
    expect(invoiceAppointmentId(halaxyInvoice)).toBeNull()
  })
})
