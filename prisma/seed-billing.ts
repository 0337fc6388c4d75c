// Demo billing: the practice's details for receipts, psychologists' own fees, and past sessions
// for patients 1–6 with invoices paid through Stripe (one partly refunded, one still due), so a
// fresh database shows receipts and a payments page with data.
import { feeCentsFor } from '../app/domain/billing/fees.server.ts'
import { invoiceStateFor } from '../app/domain/billing/invoice-math.ts'
import { issueInvoiceForAppointment } from '../app/domain/billing/invoices.server.ts'
import { addDays, zonedDateTimeToInstant } from '../app/domain/scheduling/zoned-time.ts'
import { type PrismaClient } from '../app/generated/prisma/client.ts'
import { demoReferenceMonday } from './seed-clock.ts'

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0]

const PRACTICE = {
  name: 'Haven Psychology',
  // Passes the ATO's ABN check; not a real registration.
  abn: '81604512298',
  email: 'hello@haven.test',
  invoicePrefix: 'INV',
  lateCancellationRefundPercent: 50,
}

// Clinical psychologists charge above the practice's standard fees, registered ones the
// standard fee or a little under it.
const OWN_FEES: { email: string; fees: Record<string, number> }[] = [
  {
    email: 'dr.amelia.nguyen@haven.test',
    fees: {
      'Initial consultation': 28_000,
      'Standard session': 26_500,
      'Extended session': 39_000,
      'Short review': 16_500,
    },
  },
  {
    email: 'dr.james.okafor@haven.test',
    fees: { 'Initial consultation': 27_500, 'Standard session': 26_000, 'Extended session': 38_500 },
  },
  { email: 'hannah.kowalski@haven.test', fees: { 'Standard session': 22_500 } },
]

type Settlement = 'paid' | 'part_refunded' | 'due'
type PastSession = [
  patient: string,
  psychologist: string,
  weeksAgo: number,
  when: `${'Mon' | 'Tue' | 'Wed' | 'Thu' | 'Fri' | 'Sat'} ${string}`,
  type: string,
  at: 'clinic' | 'telehealth',
  settlement: Settlement,
]

/**
 * Sessions `weeksAgo` whole weeks before the reference week (so always in the past), inside
 * each psychologist's demo working hours, one psychologist never holding two at once. Dr
 * Okafor's are over a month back: the calendar feed tests count his recent sessions.
 */
const PAST_SESSIONS: PastSession[] = [
  ['patient1', 'dr.amelia.nguyen', 6, 'Mon 10:00', 'Initial consultation', 'clinic', 'paid'],
  ['patient1', 'dr.amelia.nguyen', 4, 'Mon 10:00', 'Standard session', 'clinic', 'paid'],
  ['patient1', 'dr.amelia.nguyen', 2, 'Mon 10:00', 'Standard session', 'clinic', 'paid'],
  ['patient2', 'dr.james.okafor', 7, 'Wed 10:00', 'Initial consultation', 'clinic', 'paid'],
  ['patient2', 'dr.james.okafor', 6, 'Tue 09:00', 'Standard session', 'telehealth', 'part_refunded'],
  ['patient2', 'dr.james.okafor', 5, 'Wed 10:00', 'Standard session', 'clinic', 'paid'],
  ['patient3', 'hannah.kowalski', 5, 'Wed 10:00', 'Initial consultation', 'clinic', 'paid'],
  ['patient3', 'hannah.kowalski', 3, 'Wed 10:00', 'Standard session', 'clinic', 'paid'],
  ['patient3', 'hannah.kowalski', 1, 'Mon 14:00', 'Standard session', 'telehealth', 'paid'],
  ['patient4', 'daniel.tran', 4, 'Thu 11:00', 'Initial consultation', 'clinic', 'paid'],
  ['patient4', 'daniel.tran', 2, 'Thu 11:00', 'Extended session', 'clinic', 'paid'],
  ['patient4', 'daniel.tran', 1, 'Fri 11:00', 'Standard session', 'telehealth', 'due'],
  ['patient5', 'dr.amelia.nguyen', 3, 'Thu 14:00', 'Standard session', 'telehealth', 'paid'],
  ['patient5', 'dr.amelia.nguyen', 1, 'Thu 14:00', 'Short review', 'telehealth', 'paid'],
  ['patient6', 'hannah.kowalski', 2, 'Sat 10:00', 'Standard session', 'telehealth', 'paid'],
  ['patient6', 'hannah.kowalski', 1, 'Sat 10:00', 'Standard session', 'telehealth', 'paid'],
]

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']

const DAY_MS = 24 * 60 * 60 * 1000
const email = (local: string) => `${local}@haven.test`

export async function seedDemoBilling(tx: Tx) {
  const clinic = await tx.location.findFirstOrThrow({ where: { kind: 'clinic' } })
  const telehealth = await tx.location.findFirstOrThrow({ where: { kind: 'telehealth' } })
  await tx.practice.update({
    where: { id: 'practice' },
    data: { ...PRACTICE, address: clinic.address, phone: clinic.phone },
  })

  const types = new Map((await tx.appointmentType.findMany()).map((type) => [type.name, type]))
  for (const { email: psychologistEmail, fees } of OWN_FEES) {
    const psychologist = await tx.user.findUniqueOrThrow({ where: { email: psychologistEmail } })
    for (const [typeName, feeCents] of Object.entries(fees)) {
      const appointmentTypeId = types.get(typeName)!.id
      await tx.psychologistFee.upsert({
        where: { psychologistId_appointmentTypeId: { psychologistId: psychologist.id, appointmentTypeId } },
        create: { psychologistId: psychologist.id, appointmentTypeId, feeCents },
        update: { feeCents },
      })
    }
  }

  const plans = PAST_SESSIONS.map(([patient, psychologist, weeksAgo, when, type, at, settlement]) => {
    const [weekday = '', time = ''] = when.split(' ')
    const [hours = 0, minutes = 0] = time.split(':').map(Number)
    return {
      key: `${patient}-${weeksAgo}w`,
      patientEmail: email(patient),
      psychologistEmail: email(psychologist),
      weeksAgo,
      weekday: WEEKDAYS.indexOf(weekday) + 1,
      minute: hours * 60 + minutes,
      type: types.get(type)!,
      location: at === 'clinic' ? clinic : telehealth,
      settlement,
    }
  })
  const users = new Map(
    (
      await tx.user.findMany({
        where: { email: { in: plans.flatMap((plan) => [plan.patientEmail, plan.psychologistEmail]) } },
        select: { id: true, email: true },
      })
    ).map((user) => [user.email, user.id]),
  )
  const manager = await tx.user.findUniqueOrThrow({ where: { email: 'manager@haven.test' } })
  const requestKey = (plan: (typeof plans)[number]) => `demo-billing-${plan.key}`
  // Sessions already seeded keep their times: a second run a week later adds nothing.
  const seeded = new Set(
    (
      await tx.appointment.findMany({
        where: { requestKey: { in: plans.map(requestKey) } },
        select: { requestKey: true },
      })
    ).map((appointment) => appointment.requestKey),
  )
  const monday = demoReferenceMonday(clinic.timeZone)

  // Every invoice is issued before any is settled, so numbering follows the sessions.
  const issued: { plan: (typeof plans)[number]; invoiceId: string; bookedAt: Date; endsAt: Date }[] = []
  for (const plan of plans) {
    if (seeded.has(requestKey(plan))) continue
    const patientId = users.get(plan.patientEmail)!
    const psychologistId = users.get(plan.psychologistEmail)!
    const date = addDays(monday, plan.weekday - 1 - 7 * plan.weeksAgo)
    const startsAt = zonedDateTimeToInstant({ date, minute: plan.minute }, plan.location.timeZone)!
    const endsAt = new Date(startsAt.getTime() + plan.type.durationMinutes * 60_000)
    // A database seeded before billing existed may hold a real booking at that time: leave it be.
    const taken = await tx.appointment.count({
      where: {
        psychologistId,
        status: { in: ['held', 'confirmed', 'completed', 'no_show'] },
        startsAt: { lt: endsAt },
        endsAt: { gt: startsAt },
      },
    })
    if (taken > 0) continue
    const bookedAt = new Date(startsAt.getTime() - 8 * DAY_MS)
    const appointment = await tx.appointment.create({
      data: {
        patientId,
        psychologistId,
        appointmentTypeId: plan.type.id,
        locationId: plan.location.id,
        modality: plan.location.kind === 'clinic' ? 'in_person' : 'telehealth',
        startsAt,
        endsAt,
        timeZone: plan.location.timeZone,
        status: 'completed',
        version: 3,
        feeCents: await feeCentsFor(tx, psychologistId, plan.type),
        requestKey: requestKey(plan),
        createdAt: bookedAt,
      },
    })
    await tx.appointmentEvent.createMany({
      data: [
        { appointmentId: appointment.id, at: bookedAt, actorId: patientId, kind: 'booked' },
        { appointmentId: appointment.id, at: bookedAt, actorId: patientId, kind: 'confirmed' },
        { appointmentId: appointment.id, at: endsAt, actorId: psychologistId, kind: 'completed' },
      ],
    })
    const invoice = await issueInvoiceForAppointment(tx, appointment.id, patientId)
    issued.push({ plan, invoiceId: invoice.id, bookedAt, endsAt })
  }

  for (const { plan, invoiceId, bookedAt, endsAt } of issued) {
    if (plan.settlement === 'due') continue
    const invoice = await tx.invoice.findUniqueOrThrow({ where: { id: invoiceId } })
    // Paid through Stripe Checkout when booked.
    const payment = await tx.payment.create({
      data: {
        invoiceId,
        status: 'succeeded',
        amountCents: invoice.totalCents,
        checkoutSessionId: `cs_demo_${plan.key}`,
        paymentIntentId: `pi_demo_${plan.key}`,
        createdAt: bookedAt,
      },
    })
    const totals = { totalCents: invoice.totalCents, paidCents: invoice.totalCents, refundedCents: 0 }
    if (plan.settlement === 'part_refunded') {
      totals.refundedCents = Math.floor(invoice.totalCents / 2)
      await tx.refund.create({
        data: {
          invoiceId,
          paymentId: payment.id,
          amountCents: totals.refundedCents,
          status: 'succeeded',
          reason: 'The video connection failed halfway through; half the fee refunded.',
          stripeRefundId: `re_demo_${plan.key}`,
          requestedById: manager.id,
          createdAt: new Date(endsAt.getTime() + DAY_MS),
          updatedAt: new Date(endsAt.getTime() + DAY_MS),
        },
      })
    }
    await tx.invoice.update({
      where: { id: invoiceId },
      data: {
        ...totals,
        status: invoiceStateFor(totals),
        issuedAt: bookedAt,
        paidAt: bookedAt,
        createdAt: bookedAt,
        version: { increment: 1 },
      },
    })
  }
}
