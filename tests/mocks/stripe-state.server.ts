import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import Stripe from 'stripe'
import { readStripeConfig } from '~/domain/billing/stripe.server.ts'

/**
 * The Stripe stand-in's state and behaviour: Checkout Sessions, the payments behind them,
 * refunds and the events they raise. Kept in files so the web and worker processes (and
 * each copy of this module the bundlers make) share one Stripe. No msw here: the dev pages
 * import this module, and msw is not installed in production (tests/mocks/stripe.ts is the
 * HTTP side).
 *
 * Events are recorded, signed with the webhook secret and, when HAVEN_STRIPE_WEBHOOK_URL is
 * set, POSTed there like Stripe does: failures are recorded and retried a few times, never
 * thrown at whoever caused the event.
 */

export type StripeFault = 'down' | '500'

/** What Stripe would answer: an HTTP status and a JSON body (errors as `{ error: {…} }`). */
export type StripeApiResponse = { status: number; body: unknown; replayed?: boolean }

export type CheckoutSessionRecord = {
  session: Stripe.Checkout.Session
  lineItems: Array<{ name: string; unitAmount: number; quantity: number; currency: string }>
  /** payment_intent_data[metadata]: not part of the session object, given to its payment. */
  paymentIntentMetadata: Record<string, string>
}

type PaymentRecord = {
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

export type RefundRecord = { refund: Stripe.Refund; settleAt: number }

export type DeliveryAttempt = {
  /** ISO 8601, UTC. */
  at: string
  /** The webhook endpoint's HTTP status; null when there was no response. */
  status: number | null
  error: string | null
}

export type RecordedStripeEvent = {
  sequence: number
  event: Stripe.Event
  /** The exact body POSTed (and signed). */
  payload: string
  /** The Stripe-Signature header of the latest attempt. */
  signature: string
  delivery: {
    /** Null when HAVEN_STRIPE_WEBHOOK_URL was unset: the event is only recorded. */
    url: string | null
    state: 'not_sent' | 'pending' | 'delivered' | 'failed'
    attempts: DeliveryAttempt[]
  }
}

type Form = { [key: string]: FormValue }
type FormValue = string | FormValue[] | Form

// ── Storage ─────────────────────────────────────────────────────────────────────────

const namePattern = /^[A-Za-z0-9._-]{1,64}$/
// Ids arrive in URLs: only this shape may become a file name.
const idPattern = /^[A-Za-z0-9_]{1,128}$/

/** Read on every call, so a test can give itself a folder with HAVEN_STRIPE_DIR=<name>. */
export function stripeStandInDir() {
  const name = process.env.HAVEN_STRIPE_DIR || 'dev'
  if (!namePattern.test(name) || name === '.' || name === '..') {
    throw new Error('HAVEN_STRIPE_DIR must be a folder name (letters, digits, . _ -), not a path')
  }
  return path.join(os.tmpdir(), 'haven-stripe', name)
}

/** Where the stand-in POSTs its signed webhook events; null: they are only recorded. */
export function stripeWebhookUrl() {
  return process.env.HAVEN_STRIPE_WEBHOOK_URL || null
}

const kinds = ['sessions', 'payments', 'refunds', 'disputes', 'events', 'idempotency'] as const
type Kind = (typeof kinds)[number]

class Store {
  constructor(readonly dir: string) {}

  file(kind: Kind, id: string) {
    return path.join(this.dir, kind, `${id}.json`)
  }

  async read<T>(kind: Kind, id: string): Promise<T | null> {
    if (!idPattern.test(id)) return null
    return readJson<T>(this.file(kind, id))
  }

  async write(kind: Kind, id: string, value: unknown) {
    await writeJson(this.file(kind, id), value)
  }

  async list<T>(kind: Kind): Promise<T[]> {
    const folder = path.join(this.dir, kind)
    let names: string[]
    try {
      names = await fs.readdir(folder)
    } catch (error) {
      if (isMissing(error)) return []
      throw error
    }
    const values: Array<T | null> = await Promise.all(
      names
        .filter((name) => name.endsWith('.json') && !name.startsWith('.'))
        .map((name) => readJson<T>(path.join(folder, name))),
    )
    return values.filter((value) => value !== null)
  }

  async nextSequence() {
    const file = path.join(this.dir, 'sequence.json')
    const next = ((await readJson<number>(file)) ?? 0) + 1
    await writeJson(file, next)
    return next
  }

  /**
   * One writer at a time across processes: a lock folder (mkdir is atomic). Nothing slow
   * happens inside it (webhooks are sent after it is released), so a lock older than a
   * few seconds was left by a process that died.
   */
  async locked<T>(work: () => Promise<T>): Promise<T> {
    await fs.mkdir(this.dir, { recursive: true })
    const lock = path.join(this.dir, '.lock')
    const giveUpAt = Date.now() + 10_000
    for (;;) {
      try {
        await fs.mkdir(lock)
        break
      } catch (error) {
        if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error
        const since = await fs.stat(lock).then(
          (stat) => stat.mtimeMs,
          () => null,
        )
        if (since !== null && Date.now() - since > 5_000) {
          await fs.rm(lock, { recursive: true, force: true })
          continue
        }
        if (Date.now() > giveUpAt) throw new Error(`the Stripe stand-in's state stayed locked: ${lock}`)
        await sleep(3 + Math.random() * 7)
      }
    }
    try {
      return await work()
    } finally {
      await fs.rm(lock, { recursive: true, force: true })
    }
  }
}

function currentStore() {
  return new Store(stripeStandInDir())
}

async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as T
  } catch (error) {
    if (isMissing(error)) return null
    throw error
  }
}

// Write then rename, so a reader in another process never sees half a file.
async function writeJson(file: string, value: unknown) {
  await fs.mkdir(path.dirname(file), { recursive: true })
  const partial = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${randomBytes(4).toString('hex')}.partial`,
  )
  await fs.writeFile(partial, JSON.stringify(value, null, 2))
  await fs.rename(partial, file)
}

function isMissing(error: unknown) {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT'
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

// ── Transactions and events ─────────────────────────────────────────────────────────

type PendingEvent = { type: Stripe.Event.Type; object: unknown; previous?: Record<string, unknown> }
type Tx = { store: Store; now: number; emit: (event: PendingEvent) => void }

/**
 * Runs `work` under the lock, records the events it emitted, then starts their delivery.
 * `delivered` settles once every event has had its first delivery attempt; it never rejects.
 */
async function transaction<T>(store: Store, work: (tx: Tx) => Promise<T>) {
  const recorded: RecordedStripeEvent[] = []
  const value = await store.locked(async () => {
    const pending: PendingEvent[] = []
    const result = await work({
      store,
      now: Date.now(),
      // A snapshot: the object may change again later in the same transaction.
      emit: (event) => pending.push(structuredClone(event)),
    })
    for (const event of pending) recorded.push(await recordEvent(store, event))
    return result
  })
  return { value, events: recorded, delivered: deliverInOrder(store, recorded) }
}

const webhookUserAgent = 'Stripe/1.0 (+https://stripe.com/docs/webhooks)'

async function recordEvent(store: Store, pending: PendingEvent): Promise<RecordedStripeEvent> {
  const event = {
    id: stripeId('evt_1'),
    object: 'event',
    api_version: Stripe.API_VERSION,
    created: Math.floor(Date.now() / 1000),
    data: {
      object: pending.object,
      ...(pending.previous ? { previous_attributes: pending.previous } : {}),
    },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: pending.type,
  } as unknown as Stripe.Event
  const payload = JSON.stringify(event, null, 2)
  const url = stripeWebhookUrl()
  const record: RecordedStripeEvent = {
    sequence: await store.nextSequence(),
    event,
    payload,
    signature: signStripePayload(payload),
    delivery: { url, state: url ? 'pending' : 'not_sent', attempts: [] },
  }
  await store.write('events', event.id, record)
  return record
}

/** A Stripe-Signature header for a payload, as Stripe makes it (tests forge and re-sign events with it). */
export function signStripePayload(payload: string, secret = readStripeConfig().webhookSecret) {
  return secret ? Stripe.webhooks.generateTestHeaderString({ payload, secret }) : ''
}

// Stripe retries for days; a few quick attempts are enough to rehearse a failing endpoint.
const retryDelaysMs = [500, 2_000, 5_000]

async function deliverInOrder(store: Store, events: RecordedStripeEvent[]) {
  for (const event of events) {
    if (event.delivery.url) await attemptDelivery(store, event.event.id, 0)
  }
}

async function attemptDelivery(store: Store, eventId: string, attempt: number): Promise<void> {
  try {
    const record = await store.read<RecordedStripeEvent>('events', eventId)
    if (!record?.delivery.url) return
    // Like Stripe, every attempt is signed afresh, so its timestamp is recent.
    const signature = signStripePayload(record.payload)
    let status: number | null = null
    let error: string | null = null
    if (!signature) {
      error = 'no webhook secret to sign with (STRIPE_WEBHOOK_SECRET)'
    } else {
      try {
        const response = await fetch(record.delivery.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'stripe-signature': signature,
            'user-agent': webhookUserAgent,
          },
          body: record.payload,
          signal: AbortSignal.timeout(10_000),
        })
        status = response.status
        await response.arrayBuffer().catch(() => undefined)
        if (!response.ok) error = `the endpoint answered ${response.status}`
      } catch (caught) {
        error = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught)
      }
    }
    const willRetry = error !== null && attempt < retryDelaysMs.length
    await store.locked(async () => {
      const current = await store.read<RecordedStripeEvent>('events', eventId)
      if (!current) return // cleared meanwhile
      current.signature = signature || current.signature
      current.delivery.attempts.push({ at: new Date().toISOString(), status, error })
      current.delivery.state = error === null ? 'delivered' : willRetry ? 'pending' : 'failed'
      await store.write('events', eventId, current)
    })
    if (willRetry) {
      setTimeout(() => void attemptDelivery(store, eventId, attempt + 1), retryDelaysMs[attempt]).unref()
    }
  } catch {
    // Delivery is best effort and must never surface in the request that caused the event;
    // whatever went wrong here is visible as an event stuck in `pending`.
  }
}

// ── Ids, errors, form values ────────────────────────────────────────────────────────

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

function stripeId(prefix: string, length = 24) {
  const bytes = randomBytes(length)
  return prefix + Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join('')
}

function stripeError(
  status: number,
  type: 'invalid_request_error' | 'idempotency_error' | 'api_error' | 'card_error',
  message: string,
  details: { code?: string; param?: string } = {},
): StripeApiResponse {
  return {
    status,
    body: {
      error: {
        type,
        message,
        ...details,
        ...(details.code
          ? { doc_url: `https://docs.stripe.com/error-codes/${details.code.replace(/_/g, '-')}` }
          : {}),
      },
    },
  }
}

const invalid = (message: string, details: { code?: string; param?: string } = {}) =>
  stripeError(400, 'invalid_request_error', message, details)

class InvalidRequest extends Error {
  constructor(readonly response: StripeApiResponse) {
    super('invalid request')
  }
}

function fail(message: string, details: { code?: string; param?: string } = {}): never {
  throw new InvalidRequest(invalid(message, details))
}

/**
 * Parses Stripe's form encoding: `line_items[0][price_data][unit_amount]=4000`,
 * `metadata[invoiceId]=inv_1`, `payment_method_types[0]=card`. Numbered keys become arrays.
 */
export function parseStripeForm(body: string): Form {
  const root: Form = {}
  for (const [key, value] of new URLSearchParams(body)) {
    const [head, ...rest] = key.split('[')
    const segments = [head ?? '', ...rest.map((part) => part.replace(/\]$/, ''))]
    let node: Form = root
    segments.forEach((segment, index) => {
      const name = segment === '' ? String(Object.keys(node).length) : segment
      if (index === segments.length - 1) {
        node[name] = value
        return
      }
      const next = node[name]
      if (typeof next === 'object' && !Array.isArray(next)) node = next
      else node = node[name] = {}
    })
  }
  return arraysFromNumberedKeys(root) as Form
}

function arraysFromNumberedKeys(value: FormValue): FormValue {
  if (typeof value === 'string' || Array.isArray(value)) return value
  const keys = Object.keys(value)
  const converted: Form = {}
  for (const key of keys) converted[key] = arraysFromNumberedKeys(value[key] as FormValue)
  if (keys.length > 0 && keys.every((key) => /^\d+$/.test(key))) {
    return keys.sort((a, b) => Number(a) - Number(b)).map((key) => converted[key] as FormValue)
  }
  return converted
}

/** The allowed parameters: `true` any value, `'map'` string keys and values, a nested shape, or `[shape]`. */
type Shape = true | 'map' | { [key: string]: Shape } | [Shape]

function rejectUnknown(value: FormValue, shape: Shape, prefix: string) {
  if (shape === true) return
  if (shape === 'map') {
    if (typeof value !== 'object' || Array.isArray(value)) {
      if (value === '') return // an empty string unsets, as in Stripe
      fail(`Invalid object`, { code: 'parameter_invalid_empty', param: prefix })
    }
    for (const [key, entry] of Object.entries(value)) {
      if (typeof entry !== 'string') fail(`Invalid string: ${prefix}[${key}]`, { param: `${prefix}[${key}]` })
    }
    return
  }
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) fail(`Invalid array`, { param: prefix })
    value.forEach((item, index) => rejectUnknown(item, shape[0], `${prefix}[${index}]`))
    return
  }
  if (typeof value !== 'object' || Array.isArray(value)) fail(`Invalid object`, { param: prefix })
  for (const [key, entry] of Object.entries(value)) {
    const param = prefix ? `${prefix}[${key}]` : key
    const inner = shape[key]
    if (inner === undefined)
      fail(`Received unknown parameter: ${param}`, { code: 'parameter_unknown', param })
    rejectUnknown(entry, inner, param)
  }
}

function text(form: Form, key: string, param = key): string | undefined {
  const value = form[key]
  if (value === undefined || value === '') return undefined
  if (typeof value !== 'string') fail(`Invalid string: ${param}`, { param })
  return value
}

function integer(form: Form, key: string, param = key): number | undefined {
  const value = text(form, key, param)
  if (value === undefined) return undefined
  if (!/^-?\d+$/.test(value)) fail(`Invalid integer: ${value}`, { code: 'parameter_invalid_integer', param })
  return Number(value)
}

function metadataOf(form: Form, key: string, param = key): Record<string, string> {
  const value = form[key]
  if (value === undefined || value === '') return {}
  const entries = Object.entries(value as Form).filter(([, entry]) => entry !== '') as Array<[string, string]>
  if (entries.length > 50) fail('Metadata can have up to 50 keys.', { param })
  for (const [name, entry] of entries) {
    if (name.length > 40) fail(`Metadata keys can have up to 40 characters.`, { param: `${param}[${name}]` })
    if (entry.length > 500)
      fail(`Metadata values can have up to 500 characters.`, { param: `${param}[${name}]` })
  }
  return Object.fromEntries(entries)
}

function isUrl(value: string) {
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}

const dollars = (cents: number) => `$${(cents / 100).toFixed(2)}`

// ── Checkout Sessions ───────────────────────────────────────────────────────────────

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

function newSession(form: Form, now: number): CheckoutSessionRecord {
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
async function readSession(tx: Tx, id: string): Promise<CheckoutSessionRecord | null> {
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

const noSuchSession = (id: string) =>
  stripeError(404, 'invalid_request_error', `No such checkout.session: '${id}'`, {
    code: 'resource_missing',
    param: 'session',
  })

// ── Payments, charges and disputes ──────────────────────────────────────────────────

function chargeObject(payment: PaymentRecord, refunds: Stripe.Refund[]) {
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

async function refundsOf(store: Store, paymentIntentId: string) {
  return (await store.list<RefundRecord>('refunds'))
    .map((record) => record.refund)
    .filter((refund) => refund.payment_intent === paymentIntentId)
}

// ── Refunds ─────────────────────────────────────────────────────────────────────────

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

async function newRefund(tx: Tx, form: Form): Promise<StripeApiResponse> {
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
      `Refund amount (${dollars(amount)}) is greater than unrefunded amount on charge (${dollars(remaining)})`,
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
async function readRefund(tx: Tx, id: string) {
  const record = await tx.store.read<RefundRecord>('refunds', id)
  if (record && record.refund.status === 'pending' && tx.now >= record.settleAt) {
    await settle(tx, record, 'succeeded')
  }
  return record
}

// In the process that created the refund; any other reader settles it too once it is due.
function settleWhenDue(store: Store, id: string) {
  setTimeout(async () => {
    // Cleared (or its folder removed) meanwhile: nothing to settle, and nothing to recreate.
    if (!(await store.read<RefundRecord>('refunds', id).catch(() => null))) return
    await transaction(store, (tx) => readRefund(tx, id)).catch(() => undefined)
  }, refundSettleMs + 50).unref()
}

// ── The API, as the msw handlers call it ────────────────────────────────────────────

type Operation = (tx: Tx) => Promise<StripeApiResponse>

type IdempotencyRecord = { key: string; fingerprint: string; status: number; body: unknown }

/**
 * Runs one API call. With an Idempotency-Key the first successful response is saved and
 * replayed; the same key with other parameters is refused, like Stripe. Validation errors
 * and injected faults are not saved (Stripe saves nothing when the endpoint never ran),
 * so a retry after a fault goes through.
 */
async function apiCall(
  request: { method: string; path: string; form: Form; idempotencyKey: string | null },
  operation: Operation,
): Promise<StripeApiResponse> {
  const store = currentStore()
  const { idempotencyKey } = request
  if (idempotencyKey !== null && (idempotencyKey.length < 1 || idempotencyKey.length > 255)) {
    return invalid('Idempotency keys can be up to 255 characters long.', { param: 'Idempotency-Key' })
  }
  const fingerprint = hash(`${request.method} ${request.path} ${JSON.stringify(canonical(request.form))}`)
  const keyFile = idempotencyKey === null ? null : hash(idempotencyKey)
  const { value, delivered } = await transaction(store, async (tx) => {
    if (keyFile !== null) {
      const earlier = await store.read<IdempotencyRecord>('idempotency', keyFile)
      if (earlier) {
        if (earlier.fingerprint !== fingerprint) {
          return stripeError(
            400,
            'idempotency_error',
            `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
          )
        }
        return { status: earlier.status, body: earlier.body, replayed: true }
      }
    }
    let response: StripeApiResponse
    try {
      response = await operation(tx)
    } catch (error) {
      if (error instanceof InvalidRequest) return error.response
      throw error
    }
    if (keyFile !== null && idempotencyKey !== null && response.status < 400) {
      await store.write('idempotency', keyFile, {
        key: idempotencyKey,
        fingerprint,
        status: response.status,
        body: response.body,
      } satisfies IdempotencyRecord)
    }
    return response
  })
  void delivered
  return value
}

function hash(value: string) {
  return createHash('sha256').update(value).digest('hex').slice(0, 48)
}

function canonical(value: FormValue): unknown {
  if (typeof value === 'string') return value
  if (Array.isArray(value)) return value.map(canonical)
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, canonical(value[key] as FormValue)]),
  )
}

export const stripeApi = {
  createCheckoutSession(form: Form, idempotencyKey: string | null) {
    return apiCall({ method: 'POST', path: '/v1/checkout/sessions', form, idempotencyKey }, async (tx) => {
      const record = newSession(form, tx.now)
      await tx.store.write('sessions', record.session.id, record)
      return { status: 200, body: record.session }
    })
  },

  retrieveCheckoutSession(id: string) {
    return apiCall(
      { method: 'GET', path: `/v1/checkout/sessions/${id}`, form: {}, idempotencyKey: null },
      async (tx) => {
        const record = await readSession(tx, id)
        return record ? { status: 200, body: record.session } : noSuchSession(id)
      },
    )
  },

  expireCheckoutSession(id: string, form: Form, idempotencyKey: string | null) {
    return apiCall(
      { method: 'POST', path: `/v1/checkout/sessions/${id}/expire`, form, idempotencyKey },
      async (tx) => {
        rejectUnknown(form, { expand: [true] }, '')
        const record = await readSession(tx, id)
        if (!record) return noSuchSession(id)
        if (record.session.status !== 'open') {
          fail(
            `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of \`${record.session.status}\`.`,
            { param: 'session' },
          )
        }
        await expire(tx, record)
        return { status: 200, body: record.session }
      },
    )
  },

  async createRefund(form: Form, idempotencyKey: string | null) {
    const response = await apiCall({ method: 'POST', path: '/v1/refunds', form, idempotencyKey }, (tx) =>
      newRefund(tx, form),
    )
    if (response.status === 200 && !response.replayed)
      settleWhenDue(currentStore(), (response.body as Stripe.Refund).id)
    return response
  },

  retrieveDispute(id: string) {
    return apiCall(
      { method: 'GET', path: `/v1/disputes/${id}`, form: {}, idempotencyKey: null },
      async (tx) => {
        const dispute = await tx.store.read<Stripe.Dispute>('disputes', id)
        return dispute
          ? { status: 200, body: dispute }
          : stripeError(404, 'invalid_request_error', `No such dispute: '${id}'`, {
              code: 'resource_missing',
              param: 'dispute',
            })
      },
    )
  },

  retrieveRefund(id: string) {
    return apiCall(
      { method: 'GET', path: `/v1/refunds/${id}`, form: {}, idempotencyKey: null },
      async (tx) => {
        const record = await readRefund(tx, id)
        return record
          ? { status: 200, body: record.refund }
          : stripeError(404, 'invalid_request_error', `No such refund: '${id}'`, {
              code: 'resource_missing',
              param: 'id',
            })
      },
    )
  },
}

// ── Fault switch ────────────────────────────────────────────────────────────────────

/** The fault every call to the stand-in meets, if any (shared by every process). */
export async function getStripeFault(): Promise<StripeFault | null> {
  const stored = await readJson<{ fault: StripeFault }>(path.join(stripeStandInDir(), 'fault.json'))
  return stored?.fault === 'down' || stored?.fault === '500' ? stored.fault : null
}

/** 'down': every call fails to connect; '500': every call answers 500 api_error; null: healthy. */
export async function setStripeFault(fault: StripeFault | null): Promise<void> {
  const file = path.join(stripeStandInDir(), 'fault.json')
  if (fault === null) await fs.rm(file, { force: true })
  else await writeJson(file, { fault })
}

// ── Helpers for tests and the dev pages ─────────────────────────────────────────────

export type PayResult =
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

/** Every event the stand-in raised, oldest first, with its signed payload and delivery outcome. */
export async function listDeliveredEvents(): Promise<RecordedStripeEvent[]> {
  const events = await currentStore().list<RecordedStripeEvent>('events')
  return events.sort((a, b) => a.sequence - b.sequence)
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

/** Forgets every session, payment, refund, event and saved idempotent reply, and the fault. */
export async function clearStripeStandIn(): Promise<void> {
  const store = currentStore()
  await store.locked(async () => {
    await Promise.all(
      kinds.map((kind) => fs.rm(path.join(store.dir, kind), { recursive: true, force: true })),
    )
    await fs.rm(path.join(store.dir, 'sequence.json'), { force: true })
    await fs.rm(path.join(store.dir, 'fault.json'), { force: true })
  })
}
