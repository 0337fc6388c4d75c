// Refunds are decided in Haven and carried out by a job: the Refund row (requested) and its
// job are written in the same transaction as the decision, so a refund is never lost and
// never sent twice (the refund's id is Stripe's idempotency key).
import { db, type Tx } from '~/utils/db.server.ts'
import { enqueue } from '~/utils/jobs.server.ts'
import { stripeRefundQueue } from '../../../jobs/queues.ts'
import { audit } from '../audit/audit.server.ts'
import { refundableCents } from './invoice-math.ts'

export class RefundRefusedError extends Error {}

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
    throw new RefundRefusedError('Enter an amount more than $0.00.')
  if (input.amountCents > available)
    throw new RefundRefusedError(
      available === 0
        ? 'This invoice has already been refunded in full (or refunds are on their way).'
        : `At most ${(available / 100).toFixed(2)} can be refunded.`,
    )
  const reason = input.reason.trim()
  if (!reason) throw new RefundRefusedError('Give a reason for the refund.')
  if (reason.length > REASON_MAX)
    throw new RefundRefusedError(`Keep the reason under ${REASON_MAX} characters.`)
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
