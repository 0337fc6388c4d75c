// Refunds are decided in Haven and carried out by a job: the Refund row (requested) and its
// job are written in the same transaction as the decision, so a refund is never lost and
// never sent twice (the refund's id is Stripe's idempotency key).
import { DomainError } from '~/domain/errors.ts'
import { db, type Tx } from '~/utils/db.server.ts'
import { enqueue } from '~/utils/jobs.server.ts'
import { formatAud } from '~/utils/money.ts'
import { stripeRefundQueue } from '~/utils/queues.server.ts'
import { audit } from '../audit/audit.server.ts'
import { cancellationRefundCents, invoiceStateFor, refundableCents } from './invoice-math.ts'
import { createRefund, type RefundState } from './stripe.server.ts'

/** Why a refund cannot be made as asked, in words for the manager; beside the field it is about. */
export class RefundRefusedError extends DomainError {
  constructor(message: string, field?: 'amount' | 'reason') {
    super('conflict', message, field)
  }
}

const REASON_MAX = 500

/** Refunds still on their way to Stripe or settling there: they count against what is refundable. */
async function inFlightCents(tx: Tx, invoiceId: string) {
  const { _sum } = await tx.refund.aggregate({
    where: { invoiceId, status: { in: ['requested', 'pending'] } },
    _sum: { amountCents: true },
  })
  return _sum.amountCents ?? 0
}

/**
 * Records a refund of `amountCents` against an invoice's successful payment and queues it,
 * in the caller's transaction. The invoice row is locked first, so two refunds decided at
 * once can never together exceed what was paid.
 */
export async function queueRefund(
  tx: Tx,
  input: { invoiceId: string; amountCents: number; reason: string; actorId: string | null },
) {
  await tx.$queryRaw`select 1 from "Invoice" where id = ${input.invoiceId} for update`
  const invoice = await tx.invoice.findUnique({
    where: { id: input.invoiceId },
    include: { payments: { where: { status: 'succeeded' }, orderBy: { createdAt: 'asc' } } },
  })
  if (!invoice) throw new RefundRefusedError('That invoice does not exist.')
  const payment = invoice.payments[0]
  if (!payment)
    throw new RefundRefusedError('Nothing has been paid on this invoice, so there is nothing to refund.')
  const available = refundableCents(invoice, { inFlightCents: await inFlightCents(tx, invoice.id) })
  if (!Number.isInteger(input.amountCents) || input.amountCents <= 0)
    throw new RefundRefusedError('Enter an amount more than $0.00.', 'amount')
  if (input.amountCents > available)
    throw new RefundRefusedError(
      available === 0
        ? 'This invoice has already been refunded in full (or refunds are on their way).'
        : `At most ${formatAud(available)} can be refunded.`,
      'amount',
    )
  const reason = input.reason.trim()
  if (!reason) throw new RefundRefusedError('Give a reason for the refund.', 'reason')
  if (reason.length > REASON_MAX)
    throw new RefundRefusedError(`Keep the reason under ${REASON_MAX} characters.`, 'reason')
  const refund = await tx.refund.create({
    data: {
      invoiceId: invoice.id,
      paymentId: payment.id,
      amountCents: input.amountCents,
      reason,
      requestedById: input.actorId,
    },
  })
  await audit(tx, {
    actorId: input.actorId,
    action: 'refund.requested',
    entity: 'invoice',
    entityId: invoice.id,
    detail: { refundId: refund.id, amountCents: refund.amountCents },
  })
  await enqueue(tx, stripeRefundQueue, { refundId: refund.id })
  return refund
}

/** A manager refunds part or all of an invoice, with a reason. */
export async function requestRefund(input: {
  invoiceId: string
  amountCents: number
  reason: string
  actorId: string
}) {
  return db.$transaction((tx) => queueRefund(tx, input))
}

/**
 * What a cancellation means for its invoice, in the cancellation's own transaction: an
 * unpaid invoice is voided; a paid one is refunded in full with notice, and by the
 * practice's late-cancellation share inside the notice window.
 */
export async function settleInvoiceOnCancellation(
  tx: Tx,
  cancellation: { appointmentId: string; late: boolean; actorId: string | null; now: Date },
) {
  const invoice = await tx.invoice.findUnique({ where: { appointmentId: cancellation.appointmentId } })
  if (!invoice) return
  if (invoice.paidCents === 0) {
    await tx.invoice.updateMany({
      where: { id: invoice.id, status: { in: ['draft', 'issued'] } },
      data: { status: 'void', voidedAt: cancellation.now, version: { increment: 1 } },
    })
    return
  }
  const practice = await tx.practice.findUniqueOrThrow({ where: { id: 'practice' } })
  const amountCents = cancellationRefundCents(
    { ...invoice, inFlightCents: await inFlightCents(tx, invoice.id) },
    { late: cancellation.late, lateRefundPercent: practice.lateCancellationRefundPercent },
  )
  if (amountCents === 0) return
  await queueRefund(tx, {
    invoiceId: invoice.id,
    amountCents,
    reason: cancellation.late
      ? `Late cancellation: ${practice.lateCancellationRefundPercent}% refunded under the practice's policy`
      : 'Cancelled with notice',
    actorId: cancellation.actorId,
  })
}

class RetryableRefundError extends Error {}

/**
 * The refund job: asks Stripe to refund, once. The refund's own id is the idempotency key,
 * so a retry after a lost answer returns the refund Stripe already made.
 */
export async function sendRefund(refundId: string) {
  const refund = await db.refund.findUnique({ where: { id: refundId }, include: { payment: true } })
  if (!refund || refund.status !== 'requested') return
  if (!refund.payment.paymentIntentId) {
    await db.refund.update({
      where: { id: refund.id },
      data: { status: 'failed', failureMessage: 'The payment has no Stripe payment to refund.' },
    })
    return
  }
  const result = await createRefund({
    paymentIntentId: refund.payment.paymentIntentId,
    amountCents: refund.amountCents,
    idempotencyKey: `refund-${refund.id}`,
    metadata: { refundId: refund.id, invoiceId: refund.invoiceId },
  })
  if (!result.ok) {
    if (result.retryable) throw new RetryableRefundError(result.error)
    await db.refund.update({
      where: { id: refund.id },
      data: { status: 'failed', failureMessage: result.error.slice(0, 500) },
    })
    return
  }
  await db.refund.update({ where: { id: refund.id }, data: { stripeRefundId: result.refund.id } })
  await applyRefundState(result.refund)
}

const REFUND_STATUS: Record<RefundState['status'], 'pending' | 'succeeded' | 'failed' | 'canceled'> = {
  pending: 'pending',
  requires_action: 'pending',
  succeeded: 'succeeded',
  failed: 'failed',
  canceled: 'canceled',
}

/**
 * Brings a refund in line with Stripe's view of it; the invoice counts it once, when it
 * first succeeds (a redelivered or stale event finds it already counted).
 */
export async function applyRefundState(state: RefundState) {
  await db.$transaction(async (tx) => {
    const refund = await tx.refund.findFirst({
      where: {
        OR: [
          { stripeRefundId: state.id },
          ...(state.metadata.refundId ? [{ id: state.metadata.refundId }] : []),
        ],
      },
    })
    if (!refund) return
    await tx.$queryRaw`select 1 from "Invoice" where id = ${refund.invoiceId} for update`
    const current = await tx.refund.findUniqueOrThrow({ where: { id: refund.id } })
    const status = REFUND_STATUS[state.status]
    // Settled refunds stay settled: Stripe's states only move forward.
    if (current.status === 'succeeded' || current.status === 'failed' || current.status === 'canceled') return
    await tx.refund.update({
      where: { id: refund.id },
      data: { status, stripeRefundId: state.id, failureMessage: state.failureReason ?? '' },
    })
    if (status !== 'succeeded') return
    const invoice = await tx.invoice.findUniqueOrThrow({ where: { id: refund.invoiceId } })
    const refundedCents = Math.min(invoice.paidCents, invoice.refundedCents + refund.amountCents)
    await tx.invoice.update({
      where: { id: invoice.id },
      data: {
        refundedCents,
        status: invoiceStateFor({ ...invoice, refundedCents }),
        version: { increment: 1 },
      },
    })
    await audit(tx, {
      actorId: null,
      action: 'refund.succeeded',
      entity: 'invoice',
      entityId: invoice.id,
      detail: { refundId: refund.id, amountCents: refund.amountCents },
    })
  })
}
