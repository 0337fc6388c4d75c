import Stripe from 'stripe'
import { type Env, getEnv } from '~/utils/env.server.ts'
import { standInsEnabled } from '~/utils/standins.server.ts'
import { describeError } from '~/utils/vendor-errors.ts'

// The one place that talks to Stripe. It never logs: customer emails and payment details
// are personal, and its error strings end up in job records and logs, so they are redacted.

export type StripeConfig = {
  secretKey: string | undefined
  webhookSecret: string | undefined
  timeoutMs: number
}

export type StripeFailure = { ok: false; retryable: boolean; error: string }

export type CheckoutSessionState = {
  id: string
  url: string | null
  status: 'open' | 'complete' | 'expired'
  paymentStatus: 'paid' | 'unpaid' | 'no_payment_required'
  paymentIntentId: string | null
  amountTotal: number
  currency: string
  metadata: Record<string, string>
  expiresAt: Date
}

export type RefundState = {
  id: string
  status: 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled'
  amount: number
  paymentIntentId: string | null
  failureReason: string | null
  metadata: Record<string, string>
}

/** A dispute's status in Stripe's own words, as `Payment.disputeStatus` keeps it. */
export const DISPUTE_STATUSES = [
  'warning_needs_response',
  'warning_under_review',
  'warning_closed',
  'needs_response',
  'under_review',
  'appeal_needs_response',
  'appeal_under_review',
  'won',
  'lost',
  'prevented',
] as const
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number]

/** A chargeback as Stripe holds it now. */
export type DisputeState = {
  id: string
  status: DisputeStatus
  paymentIntentId: string | null
}

export type StripeEvent = Stripe.Event

type CheckoutSessionResult = { ok: true; session: CheckoutSessionState } | StripeFailure
type RefundResult = { ok: true; refund: RefundState } | StripeFailure
type DisputeResult = { ok: true; dispute: DisputeState } | StripeFailure

// The version the installed SDK's types describe; a newer SDK fails typecheck here until
// the webhook handlers have been checked against the new shapes.
const apiVersion = '2026-10-28.endive'

// The stand-in only checks the shape of the key; env validation allows no key then.
const standInSecretKey = 'sk_test_standin_local'
const standInWebhookSecret = 'whsec_standin_local'

export function readStripeConfig(
  env: Partial<Pick<Env, 'STRIPE_SECRET_KEY' | 'STRIPE_WEBHOOK_SECRET' | 'HAVEN_STANDINS'>> = getEnv(),
): StripeConfig {
  const standIns = standInsEnabled(env)
  return {
    secretKey: env.STRIPE_SECRET_KEY || (standIns ? standInSecretKey : undefined),
    webhookSecret: env.STRIPE_WEBHOOK_SECRET || (standIns ? standInWebhookSecret : undefined),
    timeoutMs: 15_000,
  }
}

const clients = new Map<string, Stripe>()

function stripeClient(secretKey: string, timeoutMs: number) {
  const key = `${timeoutMs}:${secretKey}`
  let client = clients.get(key)
  if (!client) {
    client = new Stripe(secretKey, {
      apiVersion,
      timeout: timeoutMs,
      // The SDK retries connection errors, 409s and 5xx once, with an idempotency key;
      // anything longer is the job queue's business.
      maxNetworkRetries: 1,
      appInfo: { name: 'Haven' },
    })
    clients.set(key, client)
  }
  return client
}

const missingKey: StripeFailure = { ok: false, retryable: false, error: 'STRIPE_SECRET_KEY is not set' }

// Ids end up in request paths; anything else is refused before it reaches the SDK.
const idPattern = /^[A-Za-z0-9_]{1,255}$/

export async function createCheckoutSession(
  input: {
    amountCents: number
    description: string
    customerEmail: string
    successUrl: string
    cancelUrl: string
    expiresAt: Date
    metadata: Record<string, string>
    idempotencyKey: string
  },
  config: StripeConfig = readStripeConfig(),
): Promise<CheckoutSessionResult> {
  if (!config.secretKey) return missingKey
  try {
    const session = await stripeClient(config.secretKey, config.timeoutMs).checkout.sessions.create(
      {
        mode: 'payment',
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: 'aud',
              unit_amount: input.amountCents,
              product_data: { name: input.description },
            },
          },
        ],
        // The pinned API version dropped payment_method_types; this filter takes its place.
        allowed_payment_method_types: ['card'],
        customer_email: input.customerEmail,
        ...(input.metadata.invoiceId === undefined ? {} : { client_reference_id: input.metadata.invoiceId }),
        metadata: input.metadata,
        payment_intent_data: { metadata: input.metadata },
        success_url: input.successUrl,
        cancel_url: input.cancelUrl,
        expires_at: Math.floor(input.expiresAt.getTime() / 1000),
      },
      { idempotencyKey: input.idempotencyKey },
    )
    return { ok: true, session: toSessionState(session) }
  } catch (error) {
    return failure(error)
  }
}

export async function retrieveCheckoutSession(
  id: string,
  config: StripeConfig = readStripeConfig(),
): Promise<CheckoutSessionResult> {
  if (!config.secretKey) return missingKey
  if (!idPattern.test(id)) return invalidId('Checkout Session')
  try {
    const session = await stripeClient(config.secretKey, config.timeoutMs).checkout.sessions.retrieve(id)
    return { ok: true, session: toSessionState(session) }
  } catch (error) {
    return failure(error)
  }
}

export async function createRefund(
  input: {
    paymentIntentId: string
    amountCents: number
    idempotencyKey: string
    metadata: Record<string, string>
  },
  config: StripeConfig = readStripeConfig(),
): Promise<RefundResult> {
  if (!config.secretKey) return missingKey
  try {
    const refund = await stripeClient(config.secretKey, config.timeoutMs).refunds.create(
      { payment_intent: input.paymentIntentId, amount: input.amountCents, metadata: input.metadata },
      { idempotencyKey: input.idempotencyKey },
    )
    return { ok: true, refund: toRefundState(refund) }
  } catch (error) {
    return failure(error)
  }
}

export async function retrieveRefund(
  id: string,
  config: StripeConfig = readStripeConfig(),
): Promise<RefundResult> {
  if (!config.secretKey) return missingKey
  if (!idPattern.test(id)) return invalidId('Refund')
  try {
    const refund = await stripeClient(config.secretKey, config.timeoutMs).refunds.retrieve(id)
    return { ok: true, refund: toRefundState(refund) }
  } catch (error) {
    return failure(error)
  }
}

/** A dispute's current state: its events may arrive in any order, so only this is trusted. */
export async function retrieveDispute(
  id: string,
  config: StripeConfig = readStripeConfig(),
): Promise<DisputeResult> {
  if (!config.secretKey) return missingKey
  if (!idPattern.test(id)) return invalidId('Dispute')
  try {
    const dispute = await stripeClient(config.secretKey, config.timeoutMs).disputes.retrieve(id)
    return {
      ok: true,
      dispute: {
        id: dispute.id,
        // A status added by Stripe later still needs the manager's eye until Haven knows it.
        status: oneOf(DISPUTE_STATUSES, dispute.status, 'needs_response'),
        paymentIntentId: idOf(dispute.payment_intent),
      },
    }
  } catch (error) {
    return failure(error)
  }
}

/** Checks the Stripe-Signature header (default tolerance: five minutes) and parses the event. */
export function verifyWebhook(
  payload: string,
  signature: string | null,
  config: StripeConfig = readStripeConfig(),
): { ok: true; event: Stripe.Event } | { ok: false; error: string } {
  if (!config.webhookSecret) return { ok: false, error: 'STRIPE_WEBHOOK_SECRET is not set' }
  if (!signature) return { ok: false, error: 'the Stripe-Signature header is missing' }
  try {
    return { ok: true, event: Stripe.webhooks.constructEvent(payload, signature, config.webhookSecret) }
  } catch (error) {
    const reason =
      error instanceof Stripe.errors.StripeSignatureVerificationError
        ? error.message.split('\n')[0]
        : describeError(error)
    return { ok: false, error: `signature verification failed: ${redact(reason ?? '')}` }
  }
}

function toSessionState(session: Stripe.Checkout.Session): CheckoutSessionState {
  return {
    id: session.id,
    url: session.url,
    status: oneOf(sessionStatuses, session.status, 'open'),
    // Anything Stripe adds later counts as not paid: money is only ever assumed on 'paid'.
    paymentStatus: oneOf(paymentStatuses, session.payment_status, 'unpaid'),
    paymentIntentId: idOf(session.payment_intent),
    amountTotal: session.amount_total ?? 0,
    currency: session.currency ?? 'aud',
    metadata: { ...session.metadata },
    expiresAt: new Date(session.expires_at * 1000),
  }
}

const sessionStatuses = ['open', 'complete', 'expired'] as const
const paymentStatuses = ['paid', 'unpaid', 'no_payment_required'] as const
const refundStatuses = ['pending', 'requires_action', 'succeeded', 'failed', 'canceled'] as const

/** Stripe's enums are open-ended; a value this code doesn't know becomes the cautious one. */
function oneOf<T extends string>(known: readonly T[], value: string | null, fallback: T): T {
  return known.find((candidate) => candidate === value) ?? fallback
}

function toRefundState(refund: Stripe.Refund): RefundState {
  return {
    id: refund.id,
    status: oneOf(refundStatuses, refund.status, 'pending'),
    amount: refund.amount,
    paymentIntentId: idOf(refund.payment_intent),
    failureReason: refund.failure_reason ?? null,
    metadata: { ...refund.metadata },
  }
}

function idOf(value: string | { id: string } | null) {
  return value === null ? null : typeof value === 'string' ? value : value.id
}

function invalidId(what: string): StripeFailure {
  return { ok: false, retryable: false, error: `not a ${what} id` }
}

function failure(error: unknown): StripeFailure {
  if (!(error instanceof Stripe.errors.StripeError)) {
    // The SDK turns every HTTP outcome into a StripeError; anything else is unexpected, so transient.
    return { ok: false, retryable: true, error: `unexpected: ${redact(describeError(error))}` }
  }
  const status = error.statusCode
  const retryable =
    error instanceof Stripe.errors.StripeConnectionError || // network failure or timeout
    status === undefined ||
    status === 429 ||
    status >= 500 ||
    status === 409 || // another request with this idempotency key is still in flight
    error.code === 'idempotency_key_in_use' ||
    error.code === 'lock_timeout'
  const code = error.code ? ` ${error.code}` : ''
  return {
    ok: false,
    retryable,
    error: `${error.type}${code} (${status ?? 'no response'}): ${redact(error.message)}`,
  }
}

// Stripe quotes customer emails in validation messages and masked keys in auth errors.
function redact(message: string) {
  return message
    .replace(/[^\s<>"'`()]+@[^\s<>"'`()]+/g, '[address]')
    .replace(/\b(sk|rk|pk)_(live|test)_[A-Za-z0-9*]+/g, '[key]')
    .replace(/\bwhsec_[A-Za-z0-9*]+/g, '[secret]')
}
