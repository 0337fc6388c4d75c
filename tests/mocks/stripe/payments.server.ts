import type Stripe from 'stripe'
import { transaction } from './events.server.ts'
import { stripeId } from './requests.server.ts'
import { currentStore } from './store.server.ts'

// Payments a Checkout Session made, the charge behind each, and the disputes raised on them.

export type PaymentRecord = {
  id: string
  chargeId: string | null
  paymentMethodId: string
  amount: number
  currency: string
  status: 'processing' | 'succeeded' | 'requires_payment_method'
  metadata: Record<string, string>
  sessionId: string
  customerEmail: string | null
  description: string
  created: number
  disputed: boolean
}

export function chargeObject(payment: PaymentRecord, refunds: Stripe.Refund[]) {
  const amountRefunded = refunds
    .filter((refund) => refund.status !== 'failed' && refund.status !== 'canceled')
    .reduce((sum, refund) => sum + refund.amount, 0)
  return {
    id: payment.chargeId,
    object: 'charge',
    amount: payment.amount,
    amount_captured: payment.amount,
    amount_refunded: amountRefunded,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: `txn_${payment.chargeId?.slice(3)}`,
    billing_details: { address: null, email: payment.customerEmail, name: null, phone: null, tax_id: null },
    calculated_statement_descriptor: 'HAVEN PSYCHOLOGY',
    captured: true,
    created: payment.created,
    currency: payment.currency,
    customer: null,
    description: payment.description,
    disputed: payment.disputed,
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    fraud_details: {},
    livemode: false,
    metadata: payment.metadata,
    on_behalf_of: null,
    outcome: {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: 'approved_by_network',
      reason: null,
      risk_level: 'normal',
      seller_message: 'Payment complete.',
      type: 'authorized',
    },
    paid: true,
    payment_intent: payment.id,
    payment_method: payment.paymentMethodId,
    payment_method_details: { type: 'card', card: { brand: 'visa', country: 'AU', last4: '4242' } },
    receipt_email: payment.customerEmail,
    receipt_number: null,
    receipt_url: null,
    refunded: amountRefunded >= payment.amount,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: 'succeeded',
    transfer_data: null,
    transfer_group: null,
  }
}

/** The cardholder disputes the payment: sends `charge.dispute.created`; refunds are refused from then on. */
export async function deliverDisputeCreated(paymentIntentId: string): Promise<Stripe.Event> {
  const { events, delivered } = await transaction(currentStore(), async (tx) => {
    const payment = await tx.store.read<PaymentRecord>('payments', paymentIntentId)
    if (!payment?.chargeId) throw new Error(`${paymentIntentId} has no successful charge to dispute`)
    payment.disputed = true
    await tx.store.write('payments', payment.id, payment)
    const created = Math.floor(tx.now / 1000)
    const dispute = {
      id: stripeId('du_1'),
      object: 'dispute',
      amount: payment.amount,
      balance_transactions: [],
      charge: payment.chargeId,
      created,
      currency: payment.currency,
      enhanced_eligibility_types: [],
      evidence: {},
      evidence_details: {
        due_by: created + 7 * 24 * 60 * 60,
        has_evidence: false,
        past_due: false,
        submission_count: 0,
      },
      is_charge_refundable: false,
      livemode: false,
      metadata: {},
      payment_intent: payment.id,
      reason: 'fraudulent',
      status: 'needs_response',
    } as unknown as Stripe.Dispute
    await tx.store.write('disputes', dispute.id, dispute)
    tx.emit({ type: 'charge.dispute.created', object: dispute })
  })
  await delivered
  const [event] = events
  if (!event) throw new Error('the dispute event was not recorded')
  return event.event
}

const closedDisputeStatuses: ReadonlySet<Stripe.Dispute.Status> = new Set(['won', 'lost', 'warning_closed'])

/**
 * The dispute moves on (evidence sent, then won or lost): sends `charge.dispute.updated`, or
 * `charge.dispute.closed` when the new status ends it. Returns the event, to deliver in any order.
 */
export async function moveDispute(id: string, status: Stripe.Dispute.Status): Promise<Stripe.Event> {
  const { events, delivered } = await transaction(currentStore(), async (tx) => {
    const dispute = await tx.store.read<Stripe.Dispute>('disputes', id)
    if (!dispute) throw new Error(`no dispute ${id}`)
    const previous = { status: dispute.status }
    dispute.status = status
    await tx.store.write('disputes', id, dispute)
    tx.emit({
      type: closedDisputeStatuses.has(status) ? 'charge.dispute.closed' : 'charge.dispute.updated',
      object: dispute,
      previous,
    })
  })
  await delivered
  const [event] = events
  if (!event) throw new Error('the dispute event was not recorded')
  return event.event
}
