import type Stripe from 'stripe'
import { formatAud } from '~/utils/money.ts'
import { transaction, type Tx } from './events.server.ts'
import { chargeObject, type PaymentRecord } from './payments.server.ts'
import {
  fail,
  type Form,
  integer,
  metadataOf,
  rejectUnknown,
  type Shape,
  stripeError,
  stripeId,
  type StripeApiResponse,
  text,
} from './requests.server.ts'
import { currentStore, type Store } from './store.server.ts'

// Refunds: created pending, settled a moment later (or at once, or failed, by a test).

type RefundRecord = { refund: Stripe.Refund; settleAt: number }

async function refundsOf(store: Store, paymentIntentId: string) {
  return (await store.list<RefundRecord>('refunds'))
    .map((record) => record.refund)
    .filter((refund) => refund.payment_intent === paymentIntentId)
}

/** How long a refund stays `pending` before it succeeds on its own. */
const refundSettleMs = 1_500

const refundCreateShape: Shape = {
  payment_intent: true,
  charge: true,
  amount: true,
  metadata: 'map',
  reason: true,
  expand: [true],
}

export async function newRefund(tx: Tx, form: Form): Promise<StripeApiResponse> {
  rejectUnknown(form, refundCreateShape, '')
  const paymentIntentId = text(form, 'payment_intent')
  if (!paymentIntentId) {
    if (text(form, 'charge')) fail('The Stripe stand-in refunds by payment_intent only.', { param: 'charge' })
    fail('One of the following params should be provided for this request: payment_intent or charge.', {
      code: 'parameter_missing',
    })
  }
  const reason = text(form, 'reason')
  if (reason !== undefined && !['duplicate', 'fraudulent', 'requested_by_customer'].includes(reason)) {
    fail(`Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer`, {
      code: 'parameter_invalid_string',
      param: 'reason',
    })
  }
  const payment = await tx.store.read<PaymentRecord>('payments', paymentIntentId)
  if (!payment) {
    return stripeError(404, 'invalid_request_error', `No such payment_intent: '${paymentIntentId}'`, {
      code: 'resource_missing',
      param: 'payment_intent',
    })
  }
  if (payment.status !== 'succeeded' || !payment.chargeId) {
    fail(`This PaymentIntent (${payment.id}) does not have a successful charge to refund.`, {
      code: 'charge_not_refundable',
      param: 'payment_intent',
    })
  }
  if (payment.disputed) {
    fail(`Charge ${payment.chargeId} has been disputed; respond to the dispute instead of refunding.`, {
      code: 'charge_disputed',
    })
  }
  const refunds = await refundsOf(tx.store, payment.id)
  const refunded = refunds
    .filter((refund) => refund.status !== 'failed' && refund.status !== 'canceled')
    .reduce((sum, refund) => sum + refund.amount, 0)
  const remaining = payment.amount - refunded
  if (remaining <= 0) {
    fail(`Charge ${payment.chargeId} has already been refunded.`, { code: 'charge_already_refunded' })
  }
  const amount = integer(form, 'amount') ?? remaining
  if (amount < 1) fail('Invalid positive integer', { code: 'parameter_invalid_integer', param: 'amount' })
  if (amount > remaining) {
    fail(
      `Refund amount (${formatAud(amount)}) is greater than unrefunded amount on charge (${formatAud(remaining)})`,
      { code: 'amount_too_large', param: 'amount' },
    )
  }
  const refund: Stripe.Refund = {
    id: stripeId('re_3'),
    object: 'refund',
    amount,
    balance_transaction: stripeId('txn_3'),
    charge: payment.chargeId,
    created: Math.floor(tx.now / 1000),
    currency: payment.currency,
    customer: null,
    customer_account: null,
    destination_details: {
      card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' },
      type: 'card',
    },
    metadata: metadataOf(form, 'metadata'),
    payment_intent: payment.id,
    payment_method: payment.paymentMethodId,
    reason: (reason as Stripe.Refund.Reason | undefined) ?? null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'pending',
    transfer_reversal: null,
  }
  await tx.store.write('refunds', refund.id, {
    refund,
    settleAt: tx.now + refundSettleMs,
  } satisfies RefundRecord)
  tx.emit({ type: 'refund.created', object: refund })
  return { status: 200, body: refund }
}

async function settle(tx: Tx, record: RefundRecord, outcome: 'succeeded' | 'failed', failureReason?: string) {
  const { refund } = record
  const previous = { status: refund.status }
  refund.status = outcome
  if (outcome === 'failed') {
    refund.failure_reason = failureReason ?? 'lost_or_stolen_card'
    refund.failure_balance_transaction = stripeId('txn_3')
  }
  await tx.store.write('refunds', refund.id, record)
  tx.emit({ type: 'refund.updated', object: refund, previous })
  if (outcome === 'failed') {
    tx.emit({ type: 'refund.failed', object: refund })
    return
  }
  const payment = await tx.store.read<PaymentRecord>('payments', String(refund.payment_intent))
  if (payment) {
    tx.emit({ type: 'charge.refunded', object: chargeObject(payment, await refundsOf(tx.store, payment.id)) })
  }
}

/** A pending refund whose time has come succeeds when it is next read. */
export async function readRefund(tx: Tx, id: string) {
  const record = await tx.store.read<RefundRecord>('refunds', id)
  if (record && record.refund.status === 'pending' && tx.now >= record.settleAt) {
    await settle(tx, record, 'succeeded')
  }
  return record
}

// In the process that created the refund; any other reader settles it too once it is due.
export function settleWhenDue(store: Store, id: string) {
  setTimeout(async () => {
    // Cleared (or its folder removed) meanwhile: nothing to settle, and nothing to recreate.
    if (!(await store.read<RefundRecord>('refunds', id).catch(() => null))) return
    await transaction(store, (tx) => readRefund(tx, id)).catch(() => undefined)
  }, refundSettleMs + 50).unref()
}

/** Settles a pending refund now instead of after its short wait ('failed' rehearses a bank refusing it). */
export async function settleRefund(
  id: string,
  { outcome, failureReason }: { outcome: 'succeeded' | 'failed'; failureReason?: string },
): Promise<Stripe.Refund> {
  const { value, delivered } = await transaction(currentStore(), async (tx) => {
    const record = await tx.store.read<RefundRecord>('refunds', id)
    if (!record) throw new Error(`no refund ${id}`)
    if (record.refund.status === 'pending') await settle(tx, record, outcome, failureReason)
    return record.refund
  })
  await delivered
  return value
}

/** Refunds, newest first (due ones settle as they are listed). */
export async function listRefunds(): Promise<Stripe.Refund[]> {
  const store = currentStore()
  const { value, delivered } = await transaction(store, async (tx) => {
    const records = await store.list<RefundRecord>('refunds')
    for (const record of records) {
      if (record.refund.status === 'pending' && tx.now >= record.settleAt)
        await settle(tx, record, 'succeeded')
    }
    return records.map((record) => record.refund)
  })
  void delivered
  return value.sort((a, b) => b.created - a.created || a.id.localeCompare(b.id))
}
