import { expect, it } from 'vitest'
import { isValidAbn } from '~/domain/billing/abn.ts'
import { instantToZoned } from '~/domain/scheduling/zoned-time.ts'
import { db } from '~/utils/db.server.ts'
import { seedDemoPractice } from './seed.ts'

const billingCounts = async () => ({
  appointments: await db.appointment.count(),
  invoices: await db.invoice.count(),
  payments: await db.payment.count(),
  refunds: await db.refund.count(),
  fees: await db.psychologistFee.count(),
  nextInvoiceNumber: (await db.practice.findUniqueOrThrow({ where: { id: 'practice' } })).nextInvoiceNumber,
})

it('gives patients 1–6 past sessions with paid invoices, and seeding again adds nothing', async () => {
  await seedDemoPractice(db)
  const first = await billingCounts()
  await seedDemoPractice(db)
  expect(await billingCounts()).toEqual(first)

  const invoices = await db.invoice.findMany({
    include: {
      lines: true,
      payments: true,
      refunds: true,
      patient: { select: { email: true } },
      appointment: {
        include: { psychologist: { include: { availability: { include: { location: true } } } } },
      },
    },
    orderBy: { number: 'asc' },
  })
  expect(new Set(invoices.map((invoice) => invoice.patient.email))).toEqual(
    new Set([1, 2, 3, 4, 5, 6].map((n) => `patient${n}@haven.test`)),
  )
  // Numbered without gaps from 1, in the practice's sequence.
  expect(invoices.map((invoice) => invoice.number)).toEqual(
    invoices.map((_, index) => `INV-${String(index + 1).padStart(6, '0')}`),
  )
  expect(first.nextInvoiceNumber).toBe(invoices.length + 1)

  const now = Date.now()
  for (const invoice of invoices) {
    const { appointment } = invoice
    expect(appointment.status).toBe('completed')
    // In the past, so no offered time is taken away.
    expect(appointment.endsAt.getTime()).toBeLessThan(now)
    // Inside the psychologist's working hours, at the place those hours are kept.
    const start = instantToZoned(appointment.startsAt, appointment.timeZone)
    const end = instantToZoned(appointment.endsAt, appointment.timeZone)
    expect(
      appointment.psychologist.availability.some(
        (rule) =>
          rule.locationId === appointment.locationId &&
          rule.weekday === start.weekday &&
          rule.startMinute <= start.minute &&
          end.minute <= rule.endMinute,
      ),
      `${invoice.number} falls in working hours`,
    ).toBe(true)
    expect(invoice.lines[0]?.medicareItemNumber).toMatch(/^\d{5}$/)
    expect(invoice.totalCents).toBe(appointment.feeCents)
  }

  const paid = invoices.filter((invoice) => invoice.paidCents > 0)
  for (const invoice of paid) {
    expect(invoice.paidCents).toBe(invoice.totalCents)
    expect(invoice.payments).toHaveLength(1)
    expect(invoice.payments[0]).toMatchObject({ status: 'succeeded', amountCents: invoice.totalCents })
    expect(invoice.payments[0]!.paymentIntentId).toMatch(/^pi_demo_/)
    expect(invoice.paidAt!.getTime()).toBeLessThan(invoice.appointment.startsAt.getTime())
  }
  const refunded = invoices.filter((invoice) => invoice.refundedCents > 0)
  expect(refunded).toHaveLength(1)
  expect(refunded[0]).toMatchObject({ status: 'partially_refunded' })
  expect(refunded[0]!.refunds).toEqual([
    expect.objectContaining({ status: 'succeeded', amountCents: refunded[0]!.refundedCents }),
  ])
  // One still to pay, shown to its patient as an invoice with the amount due.
  expect(invoices.filter((invoice) => invoice.status === 'issued')).toHaveLength(1)
})

it('prints real-looking practice details and charges clinical psychologists more', async () => {
  await seedDemoPractice(db)
  const practice = await db.practice.findUniqueOrThrow({ where: { id: 'practice' } })
  expect(practice.name).toBe('Haven Psychology')
  expect(isValidAbn(practice.abn)).toBe(true)
  expect(practice.address).toMatch(/George Street, Sydney NSW 2000/)
  expect(practice.phone).toMatch(/^\+612\d{8}$/)
  expect(practice.email).toMatch(/@haven\.test$/)

  const fees = await db.psychologistFee.findMany({
    include: { appointmentType: true, psychologist: { include: { psychologist: true } } },
  })
  expect(fees.length).toBeGreaterThan(0)
  for (const fee of fees) {
    if (fee.psychologist.psychologist!.registrationType === 'clinical')
      expect(fee.feeCents).toBeGreaterThan(fee.appointmentType.feeCents)
    else expect(fee.feeCents).toBeLessThanOrEqual(fee.appointmentType.feeCents)
  }
})
