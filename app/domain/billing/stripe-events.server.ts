// Stripe's webhooks: each event is verified, stored once by its id and handed to a job in
// the same transaction; the job re-reads the object from Stripe before acting, so a
// duplicated, delayed or out-of-order event can only ever bring Haven up to date.
import { type Prisma } from '~/generated/prisma/client.ts'
import { db } from '~/utils/db.server.ts'
import { isUniqueViolation } from '~/utils/db-errors.server.ts'
import { enqueue } from '~/utils/jobs.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { stripeEventQueue } from '~/utils/queues.server.ts'
import { audit } from '../audit/audit.server.ts'
import { applyAsyncPaymentFailed, applyCheckoutSession, PaymentNotFoundError } from './payments.server.ts'
import { applyRefundState } from './refunds.server.ts'
import {
  type DisputeState,
  retrieveCheckoutSession,
  retrieveDispute,
  retrieveRefund,
  type StripeEvent,
  type StripeFailure,
} from './stripe.server.ts'

const CHECKOUT_EVENTS = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
] as const
const REFUND_EVENTS = ['refund.created', 'refund.updated', 'refund.failed', 'charge.refunded'] as const
const DISPUTE_EVENTS = ['charge.dispute.created', 'charge.dispute.updated', 'charge.dispute.closed'] as const

const HANDLED_EVENT_TYPES: ReadonlySet<string> = new Set([
  ...CHECKOUT_EVENTS,
  ...REFUND_EVENTS,
  ...DISPUTE_EVENTS,
])

type EventObject = {
  id: string
  payment_intent?: string | { id: string } | null
  status?: string
  amount?: number
}

const intentId = (object: EventObject) =>
  typeof object.payment_intent === 'string' ? object.payment_intent : (object.payment_intent?.id ?? null)

/**
 * Stores a verified event once and queues its handling. Unknown types are ignored (with a
 * log line, not an error: Stripe sends what the endpoint subscribes to, and that can grow).
 */
export async function recordStripeEvent(event: StripeEvent): Promise<'queued' | 'duplicate' | 'ignored'> {
  if (!HANDLED_EVENT_TYPES.has(event.type)) {
    logger.info({ stripeEventId: event.id, type: event.type }, 'stripe event type not handled; ignored')
    return 'ignored'
  }
  const object = event.data.object as unknown as EventObject
  // Ids, statuses and amounts only: the rest is re-read from Stripe when the job runs.
  const payload: Prisma.InputJsonValue = {
    created: event.created,
    paymentIntentId: intentId(object),
    status: object.status ?? null,
    amount: object.amount ?? null,
  }
  try {
    await db.$transaction(async (tx) => {
      await tx.stripeEvent.create({ data: { id: event.id, type: event.type, objectId: object.id, payload } })
      await enqueue(tx, stripeEventQueue, { eventId: event.id })
    })
    return 'queued'
  } catch (error) {
    if (isUniqueViolation(error)) return 'duplicate'
    throw error
  }
}

class RetryableStripeError extends Error {}

function unwrap<T>(result: ({ ok: true } & T) | StripeFailure): T {
  if (result.ok) return result
  if (result.retryable) throw new RetryableStripeError(result.error)
  throw new Error(`Stripe refused: ${result.error}`)
}

/** The job: handles one stored event, once. A retryable Stripe failure throws, so the queue retries. */
export async function processStripeEvent(eventId: string) {
  const event = await db.stripeEvent.findUnique({ where: { id: eventId } })
  if (!event || event.processedAt) return
  const payload = event.payload as { paymentIntentId: string | null }
  try {
    if ((CHECKOUT_EVENTS as readonly string[]).includes(event.type)) {
      const { session } = unwrap(await retrieveCheckoutSession(event.objectId))
      if (event.type === 'checkout.session.async_payment_failed') await applyAsyncPaymentFailed(session)
      else await applyCheckoutSession(session)
    } else if (event.type === 'charge.refunded') {
      // The charge names its payment: every refund of it still settling is read again.
      const waiting = await db.refund.findMany({
        where: {
          payment: { paymentIntentId: payload.paymentIntentId },
          stripeRefundId: { not: null },
          status: 'pending',
        },
      })
      for (const refund of waiting)
        await applyRefundState(unwrap(await retrieveRefund(refund.stripeRefundId!)).refund)
    } else if ((REFUND_EVENTS as readonly string[]).includes(event.type)) {
      await applyRefundState(unwrap(await retrieveRefund(event.objectId)).refund)
    } else {
      await recordDispute(unwrap(await retrieveDispute(event.objectId)).dispute)
    }
  } catch (error) {
    if (!(error instanceof PaymentNotFoundError)) throw error
    // A checkout that is not Haven's (another integration on the same Stripe account).
  }
  await db.stripeEvent.update({ where: { id: event.id }, data: { processedAt: new Date() } })
}

/**
 * A chargeback: flagged on the payment for the manager; the money is Stripe's to move. The
 * dispute is read back from Stripe, so a late `updated` can never reopen a closed one.
 */
async function recordDispute(dispute: DisputeState) {
  if (!dispute.paymentIntentId) return
  await db.$transaction(async (tx) => {
    const payment = await tx.payment.findUnique({ where: { paymentIntentId: dispute.paymentIntentId! } })
    if (!payment || payment.disputeStatus === dispute.status) return
    await tx.payment.update({ where: { id: payment.id }, data: { disputeStatus: dispute.status } })
    await audit(tx, {
      actorId: null,
      action: 'payment.disputed',
      entity: 'invoice',
      entityId: payment.invoiceId,
      detail: { paymentId: payment.id, disputeStatus: dispute.status },
    })
  })
}
