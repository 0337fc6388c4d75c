import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import { invoiceCsv, invoiceForStaff, invoiceReport, parseInvoiceFilter } from './reports.server.ts'

let amelia: string
let james: string

beforeAll(async () => {
  await seedDemoPractice(db)
  amelia = (await db.user.findUniqueOrThrow({ where: { email: 'dr.amelia.nguyen@haven.test' } })).id
  james = (await db.user.findUniqueOrThrow({ where: { email: 'dr.james.okafor@haven.test' } })).id
})

describe('the filters in the address', () => {
  it('fall back to "any" for values that make no sense', () => {
    expect(
      parseInvoiceFilter(
        new URLSearchParams({
          status: 'stolen',
          from: '2026-13-01',
          to: 'yesterday',
          psychologist: 'x'.repeat(99),
        }),
      ),
    ).toEqual({})
    expect(parseInvoiceFilter(new URLSearchParams({ status: 'paid', from: '', to: '2026-11-30' }))).toEqual({
      status: 'paid',
      to: '2026-11-30',
    })
  })

  it('read a range typed back to front as the days between', () => {
    expect(parseInvoiceFilter(new URLSearchParams({ from: '2026-11-30', to: '2026-10-01' }))).toMatchObject({
      from: '2026-10-01',
      to: '2026-11-30',
    })
  })
})

describe('the invoice report', () => {
  it("scopes a psychologist's list to their own sessions, whatever the filter asks for", async () => {
    const own = await invoiceReport({ psychologist: james }, { psychologistId: amelia })
    const expected = await db.invoice.count({ where: { appointment: { psychologistId: amelia } } })
    expect(own.count).toBe(expected)
    expect(own.rows.length).toBe(expected)
    expect(own.rows.every((row) => row.psychologist === 'Dr Amelia Nguyen')).toBe(true)
  })

  it('gives each row its Medicare item and the rebate the item paid on the day', async () => {
    const { rows } = await invoiceReport({}, { psychologistId: amelia })
    for (const row of rows) {
      expect(row.itemNumber).toMatch(/^(80010|80000|91167|91166)$/)
      const rate = await db.medicareItem.findFirstOrThrow({
        where: { itemNumber: row.itemNumber!, effectiveFrom: { lte: new Date(row.serviceDate) } },
        orderBy: { effectiveFrom: 'desc' },
      })
      expect(row.rebateCents).toBe(rate.rebateCents)
    }
  })

  it('filters by status, psychologist and days of service, with totals for what is shown', async () => {
    const all = await invoiceReport({})
    expect(all.count).toBe(await db.invoice.count())
    const paid = await db.invoice.aggregate({ _sum: { paidCents: true, refundedCents: true } })
    expect(all.totals).toEqual({
      collectedCents: paid._sum.paidCents,
      refundedCents: paid._sum.refundedCents,
      netCents: paid._sum.paidCents! - paid._sum.refundedCents!,
    })
    expect(all.totals.refundedCents).toBeGreaterThan(0)

    const refunded = await invoiceReport({ status: 'partially_refunded' })
    expect(refunded.rows.map((row) => row.status)).toEqual(['partially_refunded'])
    expect(refunded.totals.netCents).toBe(refunded.rows[0]!.paidCents - refunded.rows[0]!.refundedCents)

    const jamesOnly = await invoiceReport({ psychologist: james })
    expect(new Set(jamesOnly.rows.map((row) => row.psychologist))).toEqual(new Set(['Dr James Okafor']))

    // One day: the newest session's day in Sydney, from its midnight to the next.
    const newest = all.rows[0]!
    const oneDay = await invoiceReport({ from: newest.serviceDay, to: newest.serviceDay })
    expect(oneDay.rows.length).toBeGreaterThan(0)
    expect(oneDay.rows.every((row) => row.serviceDay === newest.serviceDay)).toBe(true)
    expect((await invoiceReport({ to: '2000-01-01' })).rows).toEqual([])
  })

  it('flags a payment under dispute', async () => {
    const invoice = await db.invoice.findFirstOrThrow({
      where: { status: 'paid' },
      include: { payments: true },
    })
    await db.payment.update({
      where: { id: invoice.payments[0]!.id },
      data: { disputeStatus: 'needs_response' },
    })
    const row = (await invoiceReport({})).rows.find((candidate) => candidate.id === invoice.id)
    expect(row?.dispute).toBe('needs_response')
    await db.payment.update({ where: { id: invoice.payments[0]!.id }, data: { disputeStatus: null } })
  })
})

describe('the CSV', () => {
  it('has a header, amounts in dollars, and cells a spreadsheet cannot run', async () => {
    const { rows } = await invoiceReport({ psychologist: amelia })
    const csv = invoiceCsv([
      ...rows,
      { ...rows[0]!, patient: '=HYPERLINK("http://evil")', psychologist: 'Okafor, James "Jim"' },
    ])
    const lines = csv.trimEnd().split('\r\n')
    expect(lines[0]).toBe(
      'Invoice,Date of service,Patient,Psychologist,Medicare item,Fee (AUD),Medicare rebate for the item (AUD),Paid (AUD),Refunded (AUD),Status,Dispute',
    )
    expect(lines).toHaveLength(rows.length + 2)
    expect(lines[1]).toContain(`,${(rows[0]!.totalCents / 100).toFixed(2)},`)
    expect(lines.at(-1)).toContain(`"'=HYPERLINK(""http://evil"")","Okafor, James ""Jim"""`)
    expect(csv.endsWith('\r\n')).toBe(true)
  })
})

describe('an invoice for the manager', () => {
  it('shows payments with their Stripe ids, refunds with who asked, and what is left to refund', async () => {
    const refunded = await db.invoice.findFirstOrThrow({ where: { status: 'partially_refunded' } })
    const invoice = (await invoiceForStaff(refunded.id))!
    expect(invoice.payments).toEqual([
      expect.objectContaining({ status: 'succeeded', paymentIntentId: expect.stringMatching(/^pi_demo_/) }),
    ])
    expect(invoice.refunds).toEqual([
      expect.objectContaining({ status: 'succeeded', requestedBy: 'Sophie Whitfield' }),
    ])
    expect(invoice.refundableCents).toBe(refunded.paidCents - refunded.refundedCents)

    // A refund still on its way counts against what is left.
    await db.refund.create({
      data: {
        invoiceId: refunded.id,
        paymentId: invoice.payments[0]!.id,
        amountCents: 1_000,
        reason: 'Test',
        status: 'pending',
      },
    })
    expect((await invoiceForStaff(refunded.id))!.refundableCents).toBe(
      refunded.paidCents - refunded.refundedCents - 1_000,
    )
    expect(await invoiceForStaff('missing')).toBeNull()
  })
})
