import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import { rebateAndGap } from './invoice-math.ts'
import { patientInvoiceDocument, patientInvoices } from './receipts.server.ts'

const patientId = async (n: number) =>
  (await db.user.findUniqueOrThrow({ where: { email: `patient${n}@haven.test` } })).id

let olivia: string
let liam: string

beforeAll(async () => {
  await seedDemoPractice(db)
  olivia = await patientId(1)
  liam = await patientId(2)
})

describe("a patient's invoices", () => {
  it('lists only their own, newest session first', async () => {
    const own = await patientInvoices(olivia)
    expect(own.length).toBeGreaterThan(0)
    const theirs = await db.invoice.findMany({ where: { patientId: olivia }, select: { id: true } })
    expect(new Set(own.map((invoice) => invoice.id))).toEqual(new Set(theirs.map((invoice) => invoice.id)))
    const dates = own.map((invoice) => invoice.serviceDate)
    expect(dates).toEqual([...dates].sort().reverse())
    expect(own.every((invoice) => invoice.psychologist === 'Dr Amelia Nguyen')).toBe(true)
  })

  it("never opens another patient's invoice: it is simply not there", async () => {
    const liamsInvoice = await db.invoice.findFirstOrThrow({ where: { patientId: liam } })
    expect(await patientInvoiceDocument(liamsInvoice.id, olivia)).toBeNull()
    expect(await patientInvoiceDocument(liamsInvoice.id, liam)).not.toBeNull()
    expect(await patientInvoiceDocument('no-such-invoice', olivia)).toBeNull()
  })
})

describe('the receipt', () => {
  async function paidInvoiceOf(patient: string) {
    return db.invoice.findFirstOrThrow({
      where: { patientId: patient, status: 'paid' },
      include: { lines: true },
      orderBy: { number: 'asc' },
    })
  }

  it('carries what a Medicare claim needs: practice, ABN, provider number, item, fee, payment', async () => {
    const invoice = await paidInvoiceOf(olivia)
    const receipt = (await patientInvoiceDocument(invoice.id, olivia))!
    expect(receipt.kind).toBe('receipt')
    expect(receipt.practice).toEqual({
      name: 'Haven Psychology',
      abn: '81 604 512 298',
      address: 'Level 9, 343 George Street, Sydney NSW 2000',
      phone: '(02) 9270 6400',
      email: 'hello@haven.test',
    })
    expect(receipt.psychologist).toEqual({
      name: 'Dr Amelia Nguyen',
      registration: 'Clinical psychologist',
      providerNumber: '2447381K',
    })
    expect(receipt.patient).toEqual({ name: 'Olivia Bennett', medicare: { number: '2123 45670 1', irn: 1 } })
    expect(receipt.lines).toEqual([
      expect.objectContaining({
        itemNumber: invoice.lines[0]!.medicareItemNumber,
        amountCents: invoice.totalCents,
      }),
    ])
    expect(receipt.lines[0]!.itemNumber).toMatch(/^800[01]0$/)
    expect(receipt).toMatchObject({ paidCents: invoice.totalCents, amountDueCents: 0 })
    expect(receipt.paidAt).toBe(invoice.paidAt!.toISOString())
    expect(receipt.referral).toEqual({
      referrerName: 'Dr Priya Shah',
      referrerProviderNumber: '2123456A',
      referralDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    })
  })

  it('holds no clinical detail', async () => {
    const invoice = await paidInvoiceOf(liam)
    const profile = await db.patientProfile.findUniqueOrThrow({
      where: { userId: liam },
      include: { k10Responses: true, riskFlags: true },
    })
    expect(profile.reasonForVisit.length).toBeGreaterThan(0)
    expect(profile.riskFlags.length).toBeGreaterThan(0)
    const printed = JSON.stringify(await patientInvoiceDocument(invoice.id, liam))
    expect(printed).not.toContain(profile.reasonForVisit)
    for (const word of [
      'K10',
      'k10',
      'risk',
      'reason',
      'gp_mhtp',
      'Mental Health',
      'hasMhtp',
      'score',
      'band',
    ])
      expect(printed, word).not.toContain(word)
  })

  it('shows a partial refund, and an unpaid invoice as an invoice with the amount due', async () => {
    const refunded = await db.invoice.findFirstOrThrow({
      where: { status: 'partially_refunded' },
      include: { lines: true },
    })
    const withRefund = (await patientInvoiceDocument(refunded.id, refunded.patientId))!
    expect(withRefund.kind).toBe('receipt')
    expect(withRefund.refunds).toEqual([
      expect.objectContaining({ amountCents: refunded.refundedCents, settled: true }),
    ])
    // The rebate is estimated on what was charged in the end: never more than that.
    const rate = await db.medicareItem.findFirstOrThrow({
      where: { itemNumber: refunded.lines[0]!.medicareItemNumber! },
    })
    expect(withRefund.estimate).toEqual(
      rebateAndGap(refunded.totalCents - refunded.refundedCents, rate.rebateCents),
    )
    expect(withRefund.estimate!.rebateCents).toBeLessThanOrEqual(refunded.totalCents - refunded.refundedCents)

    const due = await db.invoice.findFirstOrThrow({ where: { status: 'issued' } })
    const invoice = (await patientInvoiceDocument(due.id, due.patientId))!
    expect(invoice).toMatchObject({
      kind: 'invoice',
      paidCents: 0,
      amountDueCents: due.totalCents,
      paidAt: null,
    })
  })

  it('estimates the rebate from the rate in force that day, only with a Medicare card and a referral', async () => {
    const invoice = await paidInvoiceOf(olivia)
    const line = invoice.lines[0]!
    const rate = await db.medicareItem.findFirstOrThrow({
      where: { itemNumber: line.medicareItemNumber!, effectiveFrom: { lte: line.serviceDate } },
      orderBy: { effectiveFrom: 'desc' },
    })
    const expected = rebateAndGap(line.amountCents, rate.rebateCents)
    expect(expected.gapCents).toBeGreaterThan(0)
    expect((await patientInvoiceDocument(invoice.id, olivia))!.estimate).toEqual(expected)

    // Without a card on file: no estimate.
    const card = await db.patientProfile.findUniqueOrThrow({ where: { userId: olivia } })
    await db.patientProfile.update({
      where: { userId: olivia },
      data: { medicareNumber: null, medicareIrn: null },
    })
    const noCard = (await patientInvoiceDocument(invoice.id, olivia))!
    expect(noCard.estimate).toBeNull()
    expect(noCard.patient.medicare).toBeNull()
    // The item number is still printed: the patient may claim once they add their card.
    expect(noCard.lines[0]!.itemNumber).toBe(line.medicareItemNumber)

    // A card but no referral written by the day of service: no estimate either.
    await db.patientProfile.update({
      where: { userId: olivia },
      data: { medicareNumber: card.medicareNumber, medicareIrn: card.medicareIrn },
    })
    const referrals = await db.referral.findMany({ where: { patientId: olivia } })
    await db.referral.updateMany({ where: { patientId: olivia }, data: { referralDate: new Date() } })
    const noReferral = (await patientInvoiceDocument(invoice.id, olivia))!
    expect(noReferral.estimate).toBeNull()
    expect(noReferral.referral).toBeNull()

    for (const referral of referrals)
      await db.referral.update({ where: { id: referral.id }, data: { referralDate: referral.referralDate } })
    expect((await patientInvoiceDocument(invoice.id, olivia))!.estimate).toEqual(expected)
  })
})
