import { randomUUID } from 'node:crypto'
import { beforeAll, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import { availableSlots } from '../scheduling/availability.server.ts'
import { bookAppointment } from '../scheduling/booking.server.ts'

let patients: string[]
let standard: { id: string; feeCents: number }

beforeAll(async () => {
  await seedDemoPractice(db)
  patients = (
    await db.user.findMany({ where: { email: { startsWith: 'patient' } }, orderBy: { email: 'asc' } })
  ).map((user) => user.id)
  standard = await db.appointmentType.findFirstOrThrow({ where: { name: 'Standard session' } })
})

async function book(slug: string, patientId: string, { modality = 'in_person', nth = 0 } = {}) {
  const profile = await db.psychologistProfile.findFirstOrThrow({ where: { slug } })
  const slots = (await availableSlots(profile, { durationMinutes: 50 })).filter(
    (slot) => slot.modality === modality,
  )
  const slot = slots[nth]!
  return bookAppointment({
    patientId,
    slug,
    appointmentTypeId: standard.id,
    locationId: slot.locationId,
    start: slot.start,
    requestKey: randomUUID(),
  })
}

it('raises an invoice with the booking: the fee, the Medicare item, GST-free money in cents', async () => {
  const appointment = await book('amelia-nguyen', patients[0]!)
  const invoice = await db.invoice.findUniqueOrThrow({
    where: { appointmentId: appointment.id },
    include: { lines: true },
  })
  expect(invoice).toMatchObject({
    status: 'issued',
    totalCents: appointment.feeCents,
    paidCents: 0,
    patientId: patients[0],
  })
  expect(invoice.number).toMatch(/^INV-\d{6}$/)
  expect(invoice.lines).toHaveLength(1)
  // Dr Amelia Nguyen is a clinical psychologist; 50 minutes in rooms is item 80010.
  expect(invoice.lines[0]).toMatchObject({
    medicareItemNumber: '80010',
    amountCents: appointment.feeCents,
    quantity: 1,
  })

  const video = await book('hannah-kowalski', patients[1]!, { modality: 'telehealth' })
  const videoLine = await db.invoiceLine.findFirstOrThrow({ where: { invoice: { appointmentId: video.id } } })
  // Hannah Kowalski is a registered psychologist: video, 50 minutes or more, is 91170.
  expect(videoLine.medicareItemNumber).toBe('91170')
})

it("charges the psychologist's own fee for the type when they have one", async () => {
  const james = await db.psychologistProfile.findFirstOrThrow({ where: { slug: 'james-okafor' } })
  await db.psychologistFee.upsert({
    where: {
      psychologistId_appointmentTypeId: { psychologistId: james.userId, appointmentTypeId: standard.id },
    },
    create: { psychologistId: james.userId, appointmentTypeId: standard.id, feeCents: 26_500 },
    update: { feeCents: 26_500 },
  })
  const appointment = await book('james-okafor', patients[2]!)
  expect(appointment.feeCents).toBe(26_500)
  expect((await db.invoice.findUniqueOrThrow({ where: { appointmentId: appointment.id } })).totalCents).toBe(
    26_500,
  )
})

it('numbers invoices without gaps or repeats when bookings land at once', async () => {
  const before = (await db.practice.findUniqueOrThrow({ where: { id: 'practice' } })).nextInvoiceNumber
  const slugs = ['amelia-nguyen', 'james-okafor', 'hannah-kowalski', 'daniel-tran']
  const booked = await Promise.all(slugs.map((slug, index) => book(slug, patients[3 + index]!, { nth: 3 })))
  const numbers = (await db.invoice.findMany({ where: { appointmentId: { in: booked.map((a) => a.id) } } }))
    .map((invoice) => Number(invoice.number.slice(4)))
    .sort((a, b) => a - b)
  expect(numbers).toEqual([before, before + 1, before + 2, before + 3])
})

it('refuses amounts that do not add up, whatever the code asks', async () => {
  const invoice = await db.invoice.findFirstOrThrow({ where: { paidCents: 0, refundedCents: 0 } })
  await expect(
    db.invoice.update({ where: { id: invoice.id }, data: { paidCents: invoice.totalCents + 1 } }),
  ).rejects.toThrow()
  await expect(db.invoice.update({ where: { id: invoice.id }, data: { refundedCents: 1 } })).rejects.toThrow()
})
