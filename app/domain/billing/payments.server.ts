// Paying for a booking with Stripe Checkout. The appointment is held while the patient pays
// and confirmed only once Stripe says the payment succeeded. Every signal (the webhook, the
// return page, the reconciliation job) ends in `applyCheckoutSession`, which makes Haven's
// records match Stripe's session however often, late or out of order it is called.
import { DomainError, NotFoundError } from '~/domain/errors.ts'
import { db } from '~/utils/db.server.ts'
import { getEnv } from '~/utils/env.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { audit } from '../audit/audit.server.ts'
import { AppointmentActionError, SlotUnavailableError } from '../scheduling/appointment-errors.ts'
import { confirmHold, releaseHold } from '../scheduling/holds.server.ts'
import { queueEmail } from '../notify/messages.server.ts'
import { invoiceStateFor } from './invoice-math.ts'
import { TIME_TAKEN_REASON } from './refund-reasons.ts'
import { queueRefund } from './refunds.server.ts'
import {
  createCheckoutSession,
  retrieveCheckoutSession,
  type CheckoutSessionState,
  type StripeFailure,
} from './stripe.server.ts'

/** Stripe Checkout keeps a session open for at least 30 minutes. */
const CHECKOUT_MINUTES = 31
/** A pending payment older than this is asked about (a webhook may have been missed). */
const RECONCILE_AFTER_MINUTES = 10

/** No such payment, or not this person's to pay: the same answer. */
export class PaymentNotFoundError extends NotFoundError {
  constructor() {
    super('We could not find that booking.')
  }
}

/** Why a checkout could not start, for the patient: their time stays held meanwhile. */
export class CheckoutUnavailableError extends DomainError {
  constructor(readonly retryable: boolean) {
    super(
      'conflict',
      retryable
        ? 'We could not reach the payment service just now. Your time is still held: please try again in a moment.'
        : 'The payment service refused this payment. Please contact the practice.',
    )
  }
}

const appUrl = (path: string) => new URL(path, getEnv().APP_URL).toString()

/**
 * Sends the patient to pay for their held appointment: an open Checkout Session if one is
 * already on its way (a double click, a retry), otherwise a new one for what is still owed.
 * The payment's id is Stripe's idempotency key, so a retried request never opens two.
 */
export async function startCheckout(input: { appointmentId: string; patientId: string; now?: Date }) {
  const now = input.now ?? new Date()
  const appointment = await db.appointment.findFirst({
    where: { id: input.appointmentId, patientId: input.patientId },
    include: {
      invoice: { include: { payments: { orderBy: { createdAt: 'desc' } } } },
      patient: { select: { email: true } },
      psychologist: { select: { name: true } },
      appointmentType: { select: { name: true } },
    },
  })
  if (!appointment?.invoice) throw new PaymentNotFoundError()
  if (appointment.status !== 'held')
    throw new AppointmentActionError(
      appointment.status === 'confirmed'
        ? 'This session is already paid for and confirmed.'
        : 'This booking is no longer held, so it cannot be paid for. Please choose a time again.',
    )
  const { invoice } = appointment
  const open = invoice.payments.find(
    (payment) =>
      payment.status === 'pending' && payment.checkoutUrl && payment.createdAt > minutesAgo(now, 25),
  )
  if (open) return { url: open.checkoutUrl!, paymentId: open.id }

  const payment = await db.payment.create({
    data: { invoiceId: invoice.id, amountCents: invoice.totalCents - invoice.paidCents },
  })
  const result = await createCheckoutSession({
    amountCents: payment.amountCents,
    // What the patient sees on Stripe's page and their statement: no clinical detail.
    description: `${appointment.appointmentType.name} with ${appointment.psychologist.name} (invoice ${invoice.number})`,
    customerEmail: appointment.patient.email,
    successUrl: appUrl(`/patient/appointments/${appointment.id}/pay?session_id={CHECKOUT_SESSION_ID}`),
    cancelUrl: appUrl(`/patient/appointments/${appointment.id}/pay?cancelled=1`),
    expiresAt: new Date(now.getTime() + CHECKOUT_MINUTES * 60_000),
    metadata: { invoiceId: invoice.id, appointmentId: appointment.id, paymentId: payment.id },
    idempotencyKey: `checkout-${payment.id}`,
  })
  if (!result.ok) {
    await recordCheckoutFailure(payment.id, result)
    throw new CheckoutUnavailableError(result.retryable)
  }
  await db.payment.update({
    where: { id: payment.id },
    data: { checkoutSessionId: result.session.id, checkoutUrl: result.session.url },
  })
  return { url: result.session.url!, paymentId: payment.id }
}

function minutesAgo(now: Date, minutes: number) {
  return new Date(now.getTime() - minutes * 60_000)
}

async function recordCheckoutFailure(paymentId: string, failure: StripeFailure) {
  // Staff see Stripe's words; the patient sees the plain message and can try again.
  logger.warn({ paymentId, retryable: failure.retryable }, 'checkout session could not be created')
  await db.payment.update({
    where: { id: paymentId },
    data: { status: 'failed', failureMessage: failure.error.slice(0, 500) },
  })
}

type Outcome = 'confirmed' | 'refunded_time_taken' | 'processing' | 'pending' | 'expired' | 'failed'

/**
 * Brings Haven in line with a Checkout Session as Stripe reports it now. Idempotent: each
 * step checks the state it moves from, so a repeated or stale signal changes nothing.
 */
export async function applyCheckoutSession(session: CheckoutSessionState): Promise<Outcome> {
  const payment = await db.payment.findFirst({
    where: {
      OR: [
        { checkoutSessionId: session.id },
        ...(session.metadata.paymentId ? [{ id: session.metadata.paymentId }] : []),
      ],
    },
  })
  if (!payment) {
    logger.warn({ checkoutSessionId: session.id }, 'checkout session for no known payment ignored')
    throw new PaymentNotFoundError()
  }
  if (session.status === 'complete' && session.paymentStatus === 'paid')
    return settlePaid(payment.id, session)
  if (session.status === 'complete') {
    await db.payment.updateMany({
      where: { id: payment.id, status: 'pending' },
      data: { status: 'processing', checkoutSessionId: session.id, paymentIntentId: session.paymentIntentId },
    })
    return 'processing'
  }
  if (session.status === 'expired') {
    await closeUnpaid(payment.id, 'expired', 'The checkout expired before it was paid.')
    return 'expired'
  }
  return 'pending'
}

/** A payment that settled (card or, later, a bank debit): record it, then confirm the booking. */
async function settlePaid(paymentId: string, session: CheckoutSessionState): Promise<Outcome> {
  const invoice = await db.$transaction(async (tx) => {
    await tx.$queryRaw`select 1 from "Payment" where id = ${paymentId} for update`
    const payment = await tx.payment.findUniqueOrThrow({
      where: { id: paymentId },
      include: { invoice: true },
    })
    if (payment.status === 'succeeded') return payment.invoice
    await tx.payment.update({
      where: { id: payment.id },
      data: {
        status: 'succeeded',
        checkoutSessionId: session.id,
        paymentIntentId: session.paymentIntentId,
        amountCents: session.amountTotal,
      },
    })
    const paidCents = Math.min(payment.invoice.totalCents, payment.invoice.paidCents + session.amountTotal)
    const updated = await tx.invoice.update({
      where: { id: payment.invoiceId },
      data: {
        paidCents,
        paidAt: new Date(),
        status: invoiceStateFor({ ...payment.invoice, paidCents }),
        voidedAt: null,
        version: { increment: 1 },
      },
    })
    await audit(tx, {
      actorId: null,
      action: 'payment.succeeded',
      entity: 'invoice',
      entityId: payment.invoiceId,
      detail: { paymentId: payment.id, amountCents: session.amountTotal },
    })
    return updated
  })
  return confirmPaidAppointment(invoice.id, invoice.appointmentId)
}

/**
 * The paid appointment is confirmed; if its time went to someone else after the hold ran
 * out (or the booking was cancelled meanwhile), the payment is refunded in full instead.
 */
async function confirmPaidAppointment(invoiceId: string, appointmentId: string): Promise<Outcome> {
  try {
    await confirmHold({ appointmentId })
    return 'confirmed'
  } catch (error) {
    if (!(error instanceof SlotUnavailableError || error instanceof AppointmentActionError)) throw error
  }
  await db.$transaction(async (tx) => {
    // Once per invoice: a repeated signal finds the refund already decided.
    const already = await tx.refund.count({ where: { invoiceId, reason: TIME_TAKEN_REASON } })
    if (already > 0) return
    const invoice = await tx.invoice.findUniqueOrThrow({
      where: { id: invoiceId },
      include: { patient: { select: { id: true, email: true } } },
    })
    const owed = invoice.paidCents - invoice.refundedCents
    if (owed === 0) return
    await queueRefund(tx, { invoiceId, amountCents: owed, reason: TIME_TAKEN_REASON, actorId: null })
    // The patient learns it by email as well as on the payment page.
    await queueEmail(tx, {
      template: 'booking-time-taken',
      to: invoice.patient.email,
      userId: invoice.patient.id,
      appointmentId,
    })
  })
  return 'refunded_time_taken'
}

export { TIME_TAKEN_REASON }

/** An unpaid checkout ended (expired, or the bank refused a debit): the held time is let go. */
async function closeUnpaid(paymentId: string, status: 'expired' | 'failed', message: string) {
  const payment = await db.payment.findUniqueOrThrow({ where: { id: paymentId }, include: { invoice: true } })
  const { count } = await db.payment.updateMany({
    where: { id: payment.id, status: { in: ['pending', 'processing'] } },
    data: { status, failureMessage: message },
  })
  if (count === 0) return
  // Another attempt may still be under way (the patient pressed "Pay" again).
  const others = await db.payment.count({
    where: { invoiceId: payment.invoiceId, status: { in: ['pending', 'processing', 'succeeded'] } },
  })
  if (others === 0) await releaseHold({ appointmentId: payment.invoice.appointmentId })
}

/** A bank debit that Stripe reports failed after the checkout completed. */
export async function applyAsyncPaymentFailed(session: CheckoutSessionState) {
  const payment = await db.payment.findFirst({ where: { checkoutSessionId: session.id } })
  if (!payment) throw new PaymentNotFoundError()
  await closeUnpaid(payment.id, 'failed', 'The bank did not complete the payment.')
}

/** Asks Stripe about one payment and applies the answer (the return page, the reconciler). */
export async function syncPayment(paymentId: string): Promise<Outcome | 'unknown'> {
  const payment = await db.payment.findUnique({ where: { id: paymentId } })
  if (!payment?.checkoutSessionId) return 'unknown'
  const result = await retrieveCheckoutSession(payment.checkoutSessionId)
  if (!result.ok) {
    if (result.retryable) return 'unknown'
    throw new Error(`Stripe refused to read checkout session for payment ${payment.id}: ${result.error}`)
  }
  return applyCheckoutSession(result.session)
}

/**
 * The reconciliation job: every payment still pending or processing after a while is asked
 * about, so a webhook Stripe never delivered (or Haven never received) heals itself.
 */
export async function reconcilePendingPayments(now = new Date()) {
  const stale = await db.payment.findMany({
    where: {
      status: { in: ['pending', 'processing'] },
      checkoutSessionId: { not: null },
      updatedAt: { lt: minutesAgo(now, RECONCILE_AFTER_MINUTES) },
    },
    select: { id: true },
    take: 200,
    orderBy: { updatedAt: 'asc' },
  })
  const outcomes: Record<string, number> = {}
  for (const { id } of stale) {
    const outcome = await syncPayment(id)
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1
    // Touch it, so one that is still open is asked again later rather than every run.
    if (outcome === 'pending' || outcome === 'processing' || outcome === 'unknown')
      await db.payment.update({ where: { id }, data: { updatedAt: now } })
  }
  return outcomes
}

/**
 * What the patient's payment page shows for their appointment. Coming back from Stripe
 * (`sessionId`), the session is read first, so the page tells the truth even before the
 * webhook has arrived.
 */
export async function paymentPage(input: { appointmentId: string; patientId: string; sessionId?: string }) {
  const find = () =>
    db.appointment.findFirst({
      where: { id: input.appointmentId, patientId: input.patientId },
      include: {
        psychologist: { select: { name: true } },
        appointmentType: { select: { name: true } },
        invoice: {
          include: {
            payments: { orderBy: { createdAt: 'desc' }, take: 1 },
            refunds: { orderBy: { createdAt: 'desc' } },
          },
        },
      },
    })
  let appointment = await find()
  if (!appointment) return null
  const returning = appointment.invoice?.payments[0]
  // Back from Stripe and not yet confirmed: read the session now rather than wait for the webhook.
  if (input.sessionId && returning?.checkoutSessionId === input.sessionId && appointment.status === 'held') {
    await syncPayment(returning.id)
    appointment = (await find())!
  }
  const invoice = appointment.invoice
  const payment = invoice?.payments[0] ?? null
  return {
    id: appointment.id,
    status: appointment.status,
    start: appointment.startsAt.toISOString(),
    timeZone: appointment.timeZone,
    summary: `${appointment.appointmentType.name} with ${appointment.psychologist.name}`,
    modality: appointment.modality,
    holdExpiresAt: appointment.holdExpiresAt?.toISOString() ?? null,
    invoice: invoice
      ? {
          id: invoice.id,
          number: invoice.number,
          status: invoice.status,
          owedCents: invoice.totalCents - invoice.paidCents,
          paidCents: invoice.paidCents,
        }
      : null,
    payment: payment ? { status: payment.status } : null,
    timeTakenRefund: invoice?.refunds.find((refund) => refund.reason === TIME_TAKEN_REASON) ?? null,
  }
}
