import type Stripe from 'stripe'
import { transaction, type Tx } from './events.server.ts'
import { type PaymentRecord } from './payments.server.ts'
import {
  fail,
  type Form,
  integer,
  isUrl,
  metadataOf,
  rejectUnknown,
  type Shape,
  stripeError,
  stripeId,
  text,
} from './requests.server.ts'
import { currentStore } from './store.server.ts'

// Checkout Sessions: created by Haven, paid (or left to expire) on the dev Checkout page.

export type CheckoutSessionRecord = {
  session: Stripe.Checkout.Session
  lineItems: Array<{ name: string; unitAmount: number; quantity: number; currency: string }>
  /** payment_intent_data[metadata]: not part of the session object, given to its payment. */
  paymentIntentMetadata: Record<string, string>
}

const sessionCreateShape: Shape = {
  mode: true,
  line_items: [
    {
      quantity: true,
      price_data: { currency: true, unit_amount: true, product_data: { name: true, description: true } },
    },
  ],
  allowed_payment_method_types: [true],
  payment_method_types: [true],
  customer_email: true,
  client_reference_id: true,
  metadata: 'map',
  payment_intent_data: { metadata: 'map', description: true },
  success_url: true,
  cancel_url: true,
  expires_at: true,
  locale: true,
  expand: [true],
}

function appUrl() {
  return (process.env.APP_URL || 'http://localhost:3000').replace(/\/+$/, '')
}

export function newSession(form: Form, now: number): CheckoutSessionRecord {
  rejectUnknown(form, sessionCreateShape, '')

  const mode = text(form, 'mode')
  if (!mode) fail('Missing required param: mode.', { code: 'parameter_missing', param: 'mode' })
  if (mode !== 'payment') fail('The Stripe stand-in supports mode=payment only.', { param: 'mode' })

  const successUrl = text(form, 'success_url')
  if (!successUrl)
    fail('Missing required param: success_url.', { code: 'parameter_missing', param: 'success_url' })
  if (!isUrl(successUrl)) fail('Not a valid URL', { code: 'url_invalid', param: 'success_url' })
  const cancelUrl = text(form, 'cancel_url')
  if (cancelUrl !== undefined && !isUrl(cancelUrl))
    fail('Not a valid URL', { code: 'url_invalid', param: 'cancel_url' })

  // Removed in the 2026-09-30 (endive) API versions, which Haven's SDK pins.
  if (form.payment_method_types !== undefined) {
    fail('payment_method_types is no longer supported; use allowed_payment_method_types.', {
      code: 'payment_method_types_no_longer_supported',
      param: 'payment_method_types',
    })
  }
  const methods = (form.allowed_payment_method_types as string[] | undefined) ?? ['card']
  methods.forEach((method, index) => {
    if (method !== 'card') {
      fail(`The payment method type "${method}" is not supported by the Stripe stand-in.`, {
        code: 'parameter_invalid_string',
        param: `allowed_payment_method_types[${index}]`,
      })
    }
  })

  const items = form.line_items as Form[] | undefined
  if (!items?.length) {
    fail('You must provide at least one line item in `payment` mode.', {
      code: 'parameter_missing',
      param: 'line_items',
    })
  }
  const lineItems = items.map((item, index) => {
    const param = `line_items[${index}]`
    const quantity = integer(item, 'quantity', `${param}[quantity]`)
    if (quantity === undefined)
      fail('Missing required param: quantity.', { code: 'parameter_missing', param: `${param}[quantity]` })
    if (quantity < 1) fail('Quantity must be at least 1.', { param: `${param}[quantity]` })
    const price = item.price_data as Form | undefined
    if (!price) fail('You must specify either `price` or `price_data`.', { code: 'parameter_missing', param })
    const currency = text(price, 'currency', `${param}[price_data][currency]`)?.toLowerCase()
    if (!currency)
      fail('Missing required param: currency.', {
        code: 'parameter_missing',
        param: `${param}[price_data][currency]`,
      })
    if (currency !== 'aud') {
      fail(`The Stripe stand-in only takes aud (Haven's currency), not ${currency}.`, {
        code: 'parameter_invalid_string',
        param: `${param}[price_data][currency]`,
      })
    }
    const unitAmount = integer(price, 'unit_amount', `${param}[price_data][unit_amount]`)
    if (unitAmount === undefined) {
      fail('Missing required param: unit_amount.', {
        code: 'parameter_missing',
        param: `${param}[price_data][unit_amount]`,
      })
    }
    if (unitAmount < 0)
      fail('This value must be greater than or equal to 0.', {
        code: 'parameter_invalid_integer',
        param: `${param}[price_data][unit_amount]`,
      })
    const name = text(
      (price.product_data as Form | undefined) ?? {},
      'name',
      `${param}[price_data][product_data][name]`,
    )
    if (!name)
      fail('Missing required param: name.', {
        code: 'parameter_missing',
        param: `${param}[price_data][product_data][name]`,
      })
    return { name, unitAmount, quantity, currency }
  })
  const amountTotal = lineItems.reduce((sum, item) => sum + item.unitAmount * item.quantity, 0)
  if (amountTotal < 50) {
    fail("The Checkout Session's total amount due must add up to at least $0.50 aud", {
      code: 'amount_too_small',
    })
  }

  const customerEmail = text(form, 'customer_email')
  if (customerEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(customerEmail)) {
    fail(`Invalid email address: ${customerEmail}`, { code: 'email_invalid', param: 'customer_email' })
  }
  const clientReferenceId = text(form, 'client_reference_id')
  if (clientReferenceId !== undefined && clientReferenceId.length > 200) {
    fail('client_reference_id can have up to 200 characters.', { param: 'client_reference_id' })
  }

  const created = Math.floor(now / 1000)
  const expiresAt = integer(form, 'expires_at') ?? created + 24 * 60 * 60
  if (expiresAt < created + 30 * 60) {
    fail('The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.', {
      code: 'parameter_invalid_integer',
      param: 'expires_at',
    })
  }
  if (expiresAt > created + 24 * 60 * 60) {
    fail('The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.', {
      code: 'parameter_invalid_integer',
      param: 'expires_at',
    })
  }

  const paymentIntentData = (form.payment_intent_data as Form | undefined) ?? {}
  const id = stripeId('cs_test_a1', 48)
  const session: Stripe.Checkout.Session = {
    id,
    object: 'checkout.session',
    adaptive_pricing: null,
    after_expiration: null,
    allow_promotion_codes: null,
    allowed_payment_method_types: methods,
    amount_subtotal: amountTotal,
    amount_total: amountTotal,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: cancelUrl ?? null,
    client_reference_id: clientReferenceId ?? null,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created,
    currency: 'aud',
    currency_conversion: null,
    custom_fields: [],
    custom_text: {
      after_submit: null,
      shipping_address: null,
      submit: null,
      terms_of_service_acceptance: null,
    },
    customer: null,
    customer_account: null,
    customer_creation: 'if_required',
    customer_details: null,
    customer_email: customerEmail ?? null,
    discounts: [],
    expires_at: expiresAt,
    integration_identifier: null,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: null,
    managed_payments: null,
    metadata: metadataOf(form, 'metadata'),
    mode: 'payment',
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: 'if_required',
    payment_method_configuration_details: null,
    payment_method_options: null,
    payment_method_types: ['card'],
    payment_status: 'unpaid',
    permissions: null,
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: 'open',
    submit_type: null,
    subscription: null,
    success_url: successUrl,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted',
    url: `${appUrl()}/dev/stripe/checkout/${id}`,
    wallet_options: null,
  }
  const paymentIntentMetadata = metadataOf(paymentIntentData, 'metadata', 'payment_intent_data[metadata]')
  return { session, lineItems, paymentIntentMetadata }
}

/** A session past its expires_at becomes expired the first time anyone looks at it. */
export async function readSession(tx: Tx, id: string): Promise<CheckoutSessionRecord | null> {
  const record = await tx.store.read<CheckoutSessionRecord>('sessions', id)
  if (!record) return null
  const { session } = record
  if (session.status === 'open' && tx.now >= session.expires_at * 1000) {
    await expire(tx, record)
  }
  return record
}

async function expire(tx: Tx, record: CheckoutSessionRecord) {
  record.session.status = 'expired'
  record.session.url = null
  await tx.store.write('sessions', record.session.id, record)
  tx.emit({ type: 'checkout.session.expired', object: record.session })
}

export const noSuchSession = (id: string) =>
  stripeError(404, 'invalid_request_error', `No such checkout.session: '${id}'`, {
    code: 'resource_missing',
    param: 'session',
  })

type PayResult =
  | { ok: true; session: Stripe.Checkout.Session; paymentIntentId: string }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'not_open'; session: Stripe.Checkout.Session }

/**
 * The customer pays on the Checkout page. 'paid': a card payment that succeeds at once;
 * 'async_pending': a payment that confirms later (settle it with settleAsyncPayment).
 * Either way the session completes and `checkout.session.completed` is sent; this resolves
 * after its first delivery attempt.
 */
export async function payCheckoutSession(
  id: string,
  { outcome }: { outcome: 'paid' | 'async_pending' },
): Promise<PayResult> {
  const { value, delivered } = await transaction(currentStore(), async (tx): Promise<PayResult> => {
    const record = await readSession(tx, id)
    if (!record) return { ok: false, reason: 'not_found' }
    if (record.session.status !== 'open') return { ok: false, reason: 'not_open', session: record.session }
    const payment: PaymentRecord = {
      id: stripeId('pi_3'),
      chargeId: outcome === 'paid' ? stripeId('ch_3') : null,
      paymentMethodId: stripeId('pm_1'),
      amount: record.session.amount_total ?? 0,
      currency: record.session.currency ?? 'aud',
      status: outcome === 'paid' ? 'succeeded' : 'processing',
      metadata: record.paymentIntentMetadata,
      sessionId: id,
      customerEmail: record.session.customer_email,
      description: record.lineItems.map((item) => item.name).join(', '),
      created: Math.floor(tx.now / 1000),
      disputed: false,
    }
    await tx.store.write('payments', payment.id, payment)
    Object.assign(record.session, {
      status: 'complete',
      payment_status: outcome === 'paid' ? 'paid' : 'unpaid',
      payment_intent: payment.id,
      url: null,
      customer_details: {
        address: null,
        business_name: null,
        email: record.session.customer_email,
        individual_name: null,
        name: null,
        phone: null,
        tax_exempt: 'none',
        tax_ids: [],
      },
    } satisfies Partial<Stripe.Checkout.Session>)
    await tx.store.write('sessions', id, record)
    tx.emit({ type: 'checkout.session.completed', object: record.session })
    return { ok: true, session: record.session, paymentIntentId: payment.id }
  })
  await delivered
  return value
}

/** The delayed payment of an 'async_pending' session succeeds or fails; sends the matching event. */
export async function settleAsyncPayment(
  id: string,
  { outcome }: { outcome: 'succeeded' | 'failed' },
): Promise<Stripe.Checkout.Session> {
  const { value, delivered } = await transaction(currentStore(), async (tx) => {
    const record = await readSession(tx, id)
    const paymentId = record?.session.payment_intent
    const payment =
      typeof paymentId === 'string' ? await tx.store.read<PaymentRecord>('payments', paymentId) : null
    if (!record || !payment || payment.status !== 'processing') {
      throw new Error(`${id} has no payment waiting to settle`)
    }
    payment.status = outcome === 'succeeded' ? 'succeeded' : 'requires_payment_method'
    if (outcome === 'succeeded') {
      payment.chargeId = stripeId('ch_3')
      record.session.payment_status = 'paid'
    }
    await tx.store.write('payments', payment.id, payment)
    await tx.store.write('sessions', id, record)
    tx.emit({
      type:
        outcome === 'succeeded'
          ? 'checkout.session.async_payment_succeeded'
          : 'checkout.session.async_payment_failed',
      object: record.session,
    })
    return record.session
  })
  await delivered
  return value
}

/** A session as the dev Checkout page shows it (expired first if it is past due). */
export async function getCheckoutSession(id: string): Promise<CheckoutSessionRecord | null> {
  const { value, delivered } = await transaction(currentStore(), (tx) => readSession(tx, id))
  void delivered
  return value
}

/** Sessions, newest first (past-due ones expire as they are listed). */
export async function listCheckoutSessions(): Promise<CheckoutSessionRecord[]> {
  const store = currentStore()
  const { value, delivered } = await transaction(store, async (tx) => {
    const records = await store.list<CheckoutSessionRecord>('sessions')
    for (const record of records) {
      if (record.session.status === 'open' && tx.now >= record.session.expires_at * 1000)
        await expire(tx, record)
    }
    return records
  })
  void delivered
  return value.sort(
    (a, b) => b.session.created - a.session.created || a.session.id.localeCompare(b.session.id),
  )
}
