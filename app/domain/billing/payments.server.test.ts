// Paying for a booking end to end against the Stripe stand-in: checkout, signed events fed
// to the webhook path (duplicated, reordered, missed), late payments, refunds and disputes.
import { randomBytes, randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { action as webhookAction } from '~/routes/webhooks+/stripe.ts'
import { stripeRefundQueue } from '~/utils/queues.server.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import { startStandIns } from '../../../tests/mocks/index.ts'
import { listOutbox } from '../../../tests/mocks/outbox.server.ts'
import { payCheckoutSession } from '../../../tests/mocks/stripe/checkout-sessions.server.ts'
import { listDeliveredEvents, signStripePayload } from '../../../tests/mocks/stripe/events.server.ts'
import { setStripeFault } from '../../../tests/mocks/stripe/faults.server.ts'
import { deliverDisputeCreated, moveDispute } from '../../../tests/mocks/stripe/payments.server.ts'
import { settleRefund } from '../../../tests/mocks/stripe/refunds.server.ts'
import { queuedJobs } from '../../../tests/setup/jobs.ts'
import { deliverMessage } from '../notify/messages.server.ts'
import { availableSlots } from '../scheduling/availability.server.ts'
import { bookAppointment } from '../scheduling/booking.server.ts'
import { cancelAppointmentAsPatient } from '../scheduling/cancellation.server.ts'
import { releaseExpiredHolds } from '../scheduling/holds.server.ts'
import { type Slot } from '../scheduling/slots.ts'
import {
  CheckoutUnavailableError,
  reconcilePendingPayments,
  startCheckout,
  syncPayment,
  TIME_TAKEN_REASON,
} from './payments.server.ts'
import { sendRefund } from './refunds.server.ts'
import { processStripeEvent } from './stripe-events.server.ts'

let stopStandIns: () => void
let patientId: string
let otherPatientId: string
let standard: string

beforeAll(async () => {
  process.env.HAVEN_STRIPE_DIR = `test-${randomBytes(4).toString('hex')}`
  stopStandIns = startStandIns()
  await seedDemoPractice(db)
  patientId = (await db.user.findUniqueOrThrow({ where: { email: 'patient7@haven.test' } })).id
  otherPatientId = (await db.user.findUniqueOrThrow({ where: { email: 'patient8@haven.test' } })).id
  standard = (await db.appointmentType.findFirstOrThrow({ where: { name: 'Standard session' } })).id
})

afterAll(() => stopStandIns())

async function slots(slug: string) {
  const profile = await db.psychologistProfile.findFirstOrThrow({ where: { slug } })
  return availableSlots(profile, { durationMinutes: 50 })
}

function hold(slug: string, slot: Slot, options: { patient?: string; now?: Date } = {}) {
  return bookAppointment({
    patientId: options.patient ?? patientId,
    slug,
    appointmentTypeId: standard,
    locationId: slot.locationId,
    start: slot.start,
    requestKey: randomUUID(),
    holdMinutes: 30,
    now: options.now,
  })
}

const sessionIdOf = (url: string) => url.split('/').at(-1)!

/** The newest event the stand-in recorded of a type, for a session or payment. */
async function eventFor(type: string, objectId: string) {
  const events = (await listDeliveredEvents()).filter(
    (recorded) =>
      recorded.event.type === type && (recorded.event.data.object as { id: string }).id === objectId,
  )
  return events.at(-1)!
}

/** Sends a recorded event through the real webhook route, signature and all. */
async function postWebhook(payload: string, signature: string) {
  const request = new Request('http://localhost/webhooks/stripe', {
    method: 'POST',
    headers: { 'stripe-signature': signature, 'content-type': 'application/json' },
    body: payload,
  })
  const response = await webhookAction({ request, params: {}, context: {} as never })
  const body = (await response.json()) as { outcome?: string }
  return { status: response.status, outcome: body.outcome }
}

async function deliver(type: string, objectId: string) {
  const recorded = await eventFor(type, objectId)
  const answer = await postWebhook(recorded.payload, recorded.signature)
  if (answer.outcome === 'queued') await processStripeEvent(recorded.event.id)
  return answer
}

const state = async (appointmentId: string) => {
  const appointment = await db.appointment.findUniqueOrThrow({
    where: { id: appointmentId },
    include: { invoice: { include: { payments: true, refunds: true } } },
  })
  return {
    appointment: appointment.status,
    invoice: appointment.invoice!.status,
    paid: appointment.invoice!.paidCents,
    refunded: appointment.invoice!.refundedCents,
    payments: appointment.invoice!.payments.map((payment) => payment.status),
    refunds: appointment.invoice!.refunds,
  }
}

describe('paying for a booking', () => {
  it('confirms the booking only when the paid event arrives, once however often it is delivered', async () => {
    const [slot] = await slots('hannah-kowalski')
    const appointment = await hold('hannah-kowalski', slot!)
    const checkout = await startCheckout({ appointmentId: appointment.id, patientId })
    // A second press of "Pay" goes to the same Checkout page.
    expect((await startCheckout({ appointmentId: appointment.id, patientId })).url).toBe(checkout.url)
    expect(checkout.url).toMatch(/\/dev\/stripe\/checkout\/cs_/)
    expect(await state(appointment.id)).toMatchObject({
      appointment: 'held',
      invoice: 'issued',
      payments: ['pending'],
    })

    const sessionId = sessionIdOf(checkout.url)
    await payCheckoutSession(sessionId, { outcome: 'paid' })
    expect(await deliver('checkout.session.completed', sessionId)).toEqual({ status: 200, outcome: 'queued' })
    expect(await state(appointment.id)).toMatchObject({
      appointment: 'confirmed',
      invoice: 'paid',
      paid: appointment.feeCents,
      payments: ['succeeded'],
    })
    // Stripe delivers again: stored once, nothing changes twice.
    expect(await deliver('checkout.session.completed', sessionId)).toEqual({
      status: 200,
      outcome: 'duplicate',
    })
    expect(await db.stripeEvent.count({ where: { objectId: sessionId } })).toBe(1)
    expect((await state(appointment.id)).paid).toBe(appointment.feeCents)
  })

  it('refuses a bad or missing signature with 400 and stores nothing', async () => {
    const [, slot] = await slots('hannah-kowalski')
    const appointment = await hold('hannah-kowalski', slot!)
    const { url } = await startCheckout({ appointmentId: appointment.id, patientId })
    await payCheckoutSession(sessionIdOf(url), { outcome: 'paid' })
    const recorded = await eventFor('checkout.session.completed', sessionIdOf(url))
    const tampered = recorded.payload.replace(/"amount_total":\s*\d+/, '"amount_total": 1')
    expect((await postWebhook(tampered, recorded.signature)).status).toBe(400)
    expect((await postWebhook(recorded.payload, '')).status).toBe(400)
    const forged = signStripePayload(recorded.payload, 'whsec_wrong')
    expect((await postWebhook(recorded.payload, forged)).status).toBe(400)
    expect(await db.stripeEvent.count({ where: { id: recorded.event.id } })).toBe(0)
    expect((await state(appointment.id)).appointment).toBe('held')
  })

  it('ignores an event type it does not handle, with a 200 so Stripe stops sending it', async () => {
    const payload = JSON.stringify({
      id: 'evt_unhandled_1',
      object: 'event',
      type: 'customer.created',
      created: 1,
      data: { object: { id: 'cus_1', object: 'customer' } },
      livemode: false,
      api_version: null,
      pending_webhooks: 1,
      request: null,
    })
    const signature = signStripePayload(payload)
    expect(await postWebhook(payload, signature)).toEqual({ status: 200, outcome: 'ignored' })
    expect(await db.stripeEvent.count({ where: { id: 'evt_unhandled_1' } })).toBe(0)
  })

  it('is not fooled by events out of order: a stale "expired" after the payment changes nothing', async () => {
    const [, , slot] = await slots('hannah-kowalski')
    const appointment = await hold('hannah-kowalski', slot!)
    const { url } = await startCheckout({ appointmentId: appointment.id, patientId })
    const sessionId = sessionIdOf(url)
    await payCheckoutSession(sessionId, { outcome: 'paid' })
    const completed = await eventFor('checkout.session.completed', sessionId)
    // An "expired" event arriving first (forged as Stripe would sign it) is checked against Stripe.
    const expiredPayload = completed.payload
      .replace('"checkout.session.completed"', '"checkout.session.expired"')
      .replace(completed.event.id, `${completed.event.id}_x`)
    const signature = signStripePayload(expiredPayload)
    expect((await postWebhook(expiredPayload, signature)).outcome).toBe('queued')
    await processStripeEvent(`${completed.event.id}_x`)
    expect((await state(appointment.id)).appointment).toBe('confirmed')
    await deliver('checkout.session.completed', sessionId)
    expect(await state(appointment.id)).toMatchObject({
      appointment: 'confirmed',
      invoice: 'paid',
      payments: ['succeeded'],
    })
  })

  it('heals a missed webhook: the reconciliation job asks Stripe about pending payments', async () => {
    const [, , , slot] = await slots('hannah-kowalski')
    const appointment = await hold('hannah-kowalski', slot!)
    const { url } = await startCheckout({ appointmentId: appointment.id, patientId })
    await payCheckoutSession(sessionIdOf(url), { outcome: 'paid' })
    // No webhook handled. Too soon for the reconciler: it leaves fresh payments alone.
    expect(await reconcilePendingPayments()).toEqual({})
    expect((await state(appointment.id)).appointment).toBe('held')
    const outcomes = await reconcilePendingPayments(new Date(Date.now() + 11 * 60_000))
    expect(outcomes.confirmed).toBeGreaterThanOrEqual(1)
    expect(await state(appointment.id)).toMatchObject({ appointment: 'confirmed', invoice: 'paid' })
  })

  it('keeps the time held and says so when Stripe cannot be reached', async () => {
    const [, , , , slot] = await slots('hannah-kowalski')
    const appointment = await hold('hannah-kowalski', slot!)
    await setStripeFault('down')
    try {
      const failure = await startCheckout({ appointmentId: appointment.id, patientId }).catch(
        (error) => error,
      )
      expect(failure).toBeInstanceOf(CheckoutUnavailableError)
      expect(failure.retryable).toBe(true)
    } finally {
      await setStripeFault(null)
    }
    expect(await state(appointment.id)).toMatchObject({
      appointment: 'held',
      invoice: 'issued',
      payments: ['failed'],
    })
    // Trying again works, with a new payment.
    const retry = await startCheckout({ appointmentId: appointment.id, patientId })
    expect(retry.url).toMatch(/cs_/)
  })
})

describe('racing signals', () => {
  it('confirms once when the return page and the webhook job apply the payment at the same moment', async () => {
    const [slot] = (await slots('amelia-nguyen')).slice(6)
    const appointment = await hold('amelia-nguyen', slot!)
    const { url, paymentId } = await startCheckout({ appointmentId: appointment.id, patientId })
    await payCheckoutSession(sessionIdOf(url), { outcome: 'paid' })
    const recorded = await eventFor('checkout.session.completed', sessionIdOf(url))
    await postWebhook(recorded.payload, recorded.signature)
    await Promise.all([processStripeEvent(recorded.event.id), syncPayment(paymentId), syncPayment(paymentId)])
    expect(await state(appointment.id)).toMatchObject({ appointment: 'confirmed', invoice: 'paid' })
  })
})

describe('late payments', () => {
  it('confirms a payment after the hold ran out while the time is still free', async () => {
    const [slot] = (await slots('daniel-tran')).slice(2)
    const appointment = await hold('daniel-tran', slot!)
    const { url } = await startCheckout({ appointmentId: appointment.id, patientId })
    expect(await releaseExpiredHolds(new Date(Date.now() + 31 * 60_000))).toBeGreaterThanOrEqual(1)
    expect(await state(appointment.id)).toMatchObject({ appointment: 'expired', invoice: 'void' })
    await payCheckoutSession(sessionIdOf(url), { outcome: 'paid' })
    await deliver('checkout.session.completed', sessionIdOf(url))
    expect(await state(appointment.id)).toMatchObject({ appointment: 'confirmed', invoice: 'paid' })
  })

  it('refunds in full, automatically, when the time went to someone else', async () => {
    const [slot] = (await slots('daniel-tran')).slice(4)
    const appointment = await hold('daniel-tran', slot!)
    const { url } = await startCheckout({ appointmentId: appointment.id, patientId })
    await releaseExpiredHolds(new Date(Date.now() + 31 * 60_000))
    await hold('daniel-tran', slot!, { patient: otherPatientId })
    await payCheckoutSession(sessionIdOf(url), { outcome: 'paid' })
    await deliver('checkout.session.completed', sessionIdOf(url))
    // Delivered twice: still one refund.
    await processStripeEvent((await eventFor('checkout.session.completed', sessionIdOf(url))).event.id)
    const after = await state(appointment.id)
    expect(after).toMatchObject({ appointment: 'expired', invoice: 'paid' })
    expect(after.refunds).toHaveLength(1)
    expect(after.refunds[0]).toMatchObject({
      amountCents: appointment.feeCents,
      reason: TIME_TAKEN_REASON,
      status: 'requested',
    })
    expect((await queuedJobs(stripeRefundQueue.name)).map((job) => job.data)).toContainEqual({
      refundId: after.refunds[0]!.id,
    })
    // Told by email, once, with no clinical detail: who, when and how much.
    const messages = await db.message.findMany({ where: { appointmentId: appointment.id } })
    expect(messages.map((message) => message.template)).toEqual(['booking-time-taken'])
    await deliverMessage(messages[0]!.id)
    const [email] = await listOutbox({ to: 'patient7@haven.test' })
    expect(email!.subject).toBe('Your Haven Psychology payment has been refunded')
    expect(email!.text).toContain(`$${(appointment.feeCents / 100).toFixed(2)}`)
    expect(email!.text).toContain('Daniel Tran')

    await sendRefund(after.refunds[0]!.id)
    const sent = await db.refund.findUniqueOrThrow({ where: { id: after.refunds[0]!.id } })
    expect(sent.stripeRefundId).toMatch(/^re_/)
    await settleRefund(sent.stripeRefundId!, { outcome: 'succeeded' })
    await deliver('refund.updated', sent.stripeRefundId!)
    expect(await state(appointment.id)).toMatchObject({ invoice: 'refunded', refunded: appointment.feeCents })
    // Sending it again (a retried job) asks Stripe nothing more.
    await sendRefund(sent.id)
    expect((await db.refund.findUniqueOrThrow({ where: { id: sent.id } })).status).toBe('succeeded')
  })
})

describe('cancellations and refunds', () => {
  async function paidBooking(slot: Slot) {
    const appointment = await hold('james-okafor', slot)
    const { url } = await startCheckout({ appointmentId: appointment.id, patientId })
    await payCheckoutSession(sessionIdOf(url), { outcome: 'paid' })
    await deliver('checkout.session.completed', sessionIdOf(url))
    return db.appointment.findUniqueOrThrow({ where: { id: appointment.id } })
  }

  it('refunds in full a cancellation with notice, and nothing for a late one under a 0% policy', async () => {
    await db.practice.update({ where: { id: 'practice' }, data: { lateCancellationRefundPercent: 0 } })
    const free = await slots('james-okafor')
    const distant = await paidBooking(
      free.find((slot) => slot.start.getTime() - Date.now() > 72 * 3_600_000)!,
    )
    await cancelAppointmentAsPatient({ appointmentId: distant.id, patientId, version: distant.version })
    const refunds = (await state(distant.id)).refunds
    expect(refunds.map((refund) => [refund.amountCents, refund.reason])).toEqual([
      [distant.feeCents, 'Cancelled with notice'],
    ])

    const soon = await paidBooking(free[0]!)
    // Cancelled ten hours before the start: inside the 48-hour window.
    const late = new Date(soon.startsAt.getTime() - 10 * 3_600_000)
    await cancelAppointmentAsPatient({ appointmentId: soon.id, patientId, version: soon.version, now: late })
    expect(await state(soon.id)).toMatchObject({ appointment: 'late_cancelled', refunds: [] })
  })

  it('refunds the policy share of a late cancellation, rounded down', async () => {
    await db.practice.update({ where: { id: 'practice' }, data: { lateCancellationRefundPercent: 50 } })
    try {
      const free = await slots('james-okafor')
      const soon = await paidBooking(free[1]!)
      const late = new Date(soon.startsAt.getTime() - 10 * 3_600_000)
      await cancelAppointmentAsPatient({
        appointmentId: soon.id,
        patientId,
        version: soon.version,
        now: late,
      })
      expect((await state(soon.id)).refunds.map((refund) => refund.amountCents)).toEqual([
        Math.floor(soon.feeCents / 2),
      ])
    } finally {
      await db.practice.update({ where: { id: 'practice' }, data: { lateCancellationRefundPercent: 0 } })
    }
  })

  it('voids the invoice of an unpaid hold that is cancelled', async () => {
    const [slot] = (await slots('amelia-nguyen')).slice(1)
    const appointment = await hold('amelia-nguyen', slot!)
    await cancelAppointmentAsPatient({
      appointmentId: appointment.id,
      patientId,
      version: appointment.version,
    })
    expect(await state(appointment.id)).toMatchObject({
      appointment: 'cancelled',
      invoice: 'void',
      refunds: [],
    })
  })

  it('flags a disputed payment for the manager', async () => {
    const [slot] = (await slots('amelia-nguyen')).slice(3)
    const appointment = await hold('amelia-nguyen', slot!)
    const { url } = await startCheckout({ appointmentId: appointment.id, patientId })
    const paid = await payCheckoutSession(sessionIdOf(url), { outcome: 'paid' })
    await deliver('checkout.session.completed', sessionIdOf(url))
    if (!paid.ok) throw new Error('payment failed')
    const dispute = await deliverDisputeCreated(paid.paymentIntentId)
    await deliver('charge.dispute.created', (dispute.data.object as { id: string }).id)
    const payment = await db.payment.findFirstOrThrow({ where: { paymentIntentId: paid.paymentIntentId } })
    expect(payment.disputeStatus).toBeTruthy()
  })

  it('never moves a dispute backwards when its events arrive out of order', async () => {
    const [slot] = (await slots('amelia-nguyen')).slice(4)
    const appointment = await hold('amelia-nguyen', slot!)
    const { url } = await startCheckout({ appointmentId: appointment.id, patientId })
    const paid = await payCheckoutSession(sessionIdOf(url), { outcome: 'paid' })
    await deliver('checkout.session.completed', sessionIdOf(url))
    if (!paid.ok) throw new Error('payment failed')
    const disputeId = ((await deliverDisputeCreated(paid.paymentIntentId)).data.object as { id: string }).id
    await moveDispute(disputeId, 'under_review')
    await moveDispute(disputeId, 'lost')
    const [created, updated, closed] = await Promise.all(
      ['created', 'updated', 'closed'].map((step) => eventFor(`charge.dispute.${step}`, disputeId)),
    )
    const payment = () => db.payment.findFirstOrThrow({ where: { paymentIntentId: paid.paymentIntentId } })
    const disputeStatus = async () => (await payment()).disputeStatus

    // Stripe's order is created, updated, closed; the updated one arrives last.
    for (const recorded of [created!, closed!, updated!]) {
      expect((await postWebhook(recorded.payload, recorded.signature)).outcome).toBe('queued')
      await processStripeEvent(recorded.event.id)
      expect(await disputeStatus()).toBe('lost')
    }
    const audited = await db.auditEvent.findMany({
      where: { action: 'payment.disputed', entityId: (await payment()).invoiceId },
    })
    expect(audited.map((event) => (event.detail as { disputeStatus: string }).disputeStatus)).toEqual([
      'lost',
    ])
  })
})
