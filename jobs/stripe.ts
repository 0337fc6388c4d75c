import { type Job } from 'pg-boss'
import { reconcilePendingPayments } from '~/domain/billing/payments.server.ts'
import { sendRefund } from '~/domain/billing/refunds.server.ts'
import { processStripeEvent } from '~/domain/billing/stripe-events.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { stripeEventQueue, stripeRefundQueue } from '~/utils/queues.server.ts'

/** One stored webhook event; a thrown error (Stripe unreachable) makes pg-boss retry. */
export async function handleStripeEvent(jobs: Job<unknown>[]) {
  for (const job of jobs) {
    const { eventId } = stripeEventQueue.payload.parse(job.data)
    try {
      await processStripeEvent(eventId)
    } catch (error) {
      logger.warn(
        { queue: stripeEventQueue.name, jobId: job.id, eventId, error: (error as Error).message },
        'stripe event failed; will retry',
      )
      throw error
    }
  }
}

/** One refund sent to Stripe; retried with backoff while Stripe cannot be reached. */
export async function handleStripeRefund(jobs: Job<unknown>[]) {
  for (const job of jobs) {
    const { refundId } = stripeRefundQueue.payload.parse(job.data)
    try {
      await sendRefund(refundId)
    } catch (error) {
      logger.warn(
        { queue: stripeRefundQueue.name, jobId: job.id, refundId, error: (error as Error).message },
        'refund attempt failed; will retry',
      )
      throw error
    }
  }
}

export async function handleStripeReconcile() {
  const outcomes = await reconcilePendingPayments()
  if (Object.keys(outcomes).length > 0) logger.info({ outcomes }, 'pending payments reconciled')
}
