import { randomUUID } from 'node:crypto'
import fs from 'node:fs/promises'
import { createServer, type IncomingMessage } from 'node:http'
import { type AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { startStandIns } from '../../../tests/mocks/index.ts'
import { stripeApi } from '../../../tests/mocks/stripe/api.server.ts'
import {
  getCheckoutSession,
  payCheckoutSession,
  settleAsyncPayment,
} from '../../../tests/mocks/stripe/checkout-sessions.server.ts'
import { listDeliveredEvents } from '../../../tests/mocks/stripe/events.server.ts'
import { setStripeFault } from '../../../tests/mocks/stripe/faults.server.ts'
import { deliverDisputeCreated, moveDispute } from '../../../tests/mocks/stripe/payments.server.ts'
import { settleRefund } from '../../../tests/mocks/stripe/refunds.server.ts'
import { parseStripeForm } from '../../../tests/mocks/stripe/requests.server.ts'
import { clearStripeStandIn, stripeStandInDir } from '../../../tests/mocks/stripe/store.server.ts'
import {
  createCheckoutSession,
  createRefund,
  readStripeConfig,
  retrieveCheckoutSession,
  retrieveDispute,
  retrieveRefund,
  verifyWebhook,
  type StripeConfig,
} from './stripe.server.ts'

// The real adapter and the real Stripe SDK, answered by the Stripe stand-in through msw.

// This file's own stand-in state, so other test files running at the same time never meet it.
process.env.HAVEN_STRIPE_DIR = `unit-${randomUUID()}`

const config: StripeConfig = {
  secretKey: 'sk_test_unit',
  // What the stand-in signs with while HAVEN_STANDINS=true (tests/setup/env.ts).
  webhookSecret: 'whsec_standin_local',
  // As in production. A shorter one can fire while a loaded machine is still reading a reply,
  // and the SDK then leaves the stream's error unhandled.
  timeoutMs: 15_000,
}

const inAnHour = () => new Date(Date.now() + 60 * 60 * 1000)

const checkout = (overrides: Partial<Parameters<typeof createCheckoutSession>[0]> = {}) => ({
  amountCents: 24_000,
  description: 'Psychology session with Dr Mia Chen, Tue 3 Mar 2026',
  customerEmail: 'patient@example.com',
  successUrl: 'http://localhost:3000/patient/invoices/inv_1/paid?session={CHECKOUT_SESSION_ID}',
  cancelUrl: 'http://localhost:3000/patient/invoices/inv_1',
  expiresAt: inAnHour(),
  metadata: { invoiceId: 'inv_1', invoiceNumber: 'HP-000123' },
  idempotencyKey: `checkout-${randomUUID()}`,
  ...overrides,
})

async function openSession(overrides: Partial<Parameters<typeof createCheckoutSession>[0]> = {}) {
  const result = await createCheckoutSession(checkout(overrides), config)
  if (!result.ok) throw new Error(result.error)
  return result.session
}

async function paidSession(overrides: Partial<Parameters<typeof createCheckoutSession>[0]> = {}) {
  const session = await openSession(overrides)
  const paid = await payCheckoutSession(session.id, { outcome: 'paid' })
  if (!paid.ok) throw new Error(`could not pay ${session.id}`)
  return { session, paymentIntentId: paid.paymentIntentId }
}

const eventTypes = async () => (await listDeliveredEvents()).map((recorded) => recorded.event.type)

let stopStandIns: () => void

beforeAll(() => {
  delete process.env.HAVEN_STRIPE_WEBHOOK_URL
  stopStandIns = startStandIns()
})

afterAll(async () => {
  stopStandIns()
  await fs.rm(stripeStandInDir(), { recursive: true, force: true })
})

beforeEach(async () => {
  await clearStripeStandIn()
})

afterEach(() => {
  vi.useRealTimers()
})

describe('createCheckoutSession', () => {
  it('creates an open AUD session for one line item, and retrieves it', async () => {
    const input = checkout()
    const created = await createCheckoutSession(input, config)

    expect(created).toEqual({
      ok: true,
      session: {
        id: expect.stringMatching(/^cs_test_/),
        url: expect.stringMatching(/^http:\/\/localhost:3000\/dev\/stripe\/checkout\/cs_test_/),
        status: 'open',
        paymentStatus: 'unpaid',
        paymentIntentId: null,
        amountTotal: 24_000,
        currency: 'aud',
        metadata: { invoiceId: 'inv_1', invoiceNumber: 'HP-000123' },
        expiresAt: new Date(Math.floor(input.expiresAt.getTime() / 1000) * 1000),
      },
    })
    if (!created.ok) return
    expect(created.session.url).toBe(`http://localhost:3000/dev/stripe/checkout/${created.session.id}`)
    expect(await retrieveCheckoutSession(created.session.id, config)).toEqual(created)

    // What the adapter sent, as the stand-in understood it.
    const stored = await getCheckoutSession(created.session.id)
    expect(stored?.lineItems).toEqual([
      { name: input.description, unitAmount: 24_000, quantity: 1, currency: 'aud' },
    ])
    expect(stored?.paymentIntentMetadata).toEqual(input.metadata)
    expect(stored?.session).toMatchObject({
      mode: 'payment',
      client_reference_id: 'inv_1',
      customer_email: 'patient@example.com',
      success_url: input.successUrl,
      cancel_url: input.cancelUrl,
      allowed_payment_method_types: ['card'],
    })
  })

  it('returns the first session again for the same idempotency key', async () => {
    const input = checkout()
    const first = await createCheckoutSession(input, config)
    const retry = await createCheckoutSession(input, config)

    expect(retry).toEqual(first)
  })

  it('refuses the same idempotency key with different parameters, permanently', async () => {
    const input = checkout()
    await createCheckoutSession(input, config)
    const other = await createCheckoutSession({ ...input, amountCents: 10_000 }, config)

    expect(other).toEqual({
      ok: false,
      retryable: false,
      error: expect.stringMatching(/^StripeIdempotencyError \(400\): Keys for idempotent requests/),
    })
  })

  it('refuses an expiry under 30 minutes or over 24 hours away, permanently', async () => {
    const soon = await createCheckoutSession(
      checkout({ expiresAt: new Date(Date.now() + 29 * 60 * 1000) }),
      config,
    )
    const late = await createCheckoutSession(
      checkout({ expiresAt: new Date(Date.now() + 25 * 60 * 60 * 1000) }),
      config,
    )

    expect(soon).toEqual({
      ok: false,
      retryable: false,
      error: expect.stringMatching(
        /^StripeInvalidRequestError .*\(400\): The `expires_at` timestamp must be at least 30 minutes/,
      ),
    })
    expect(late).toMatchObject({
      ok: false,
      retryable: false,
      error: expect.stringMatching(/less than 24 hours/),
    })
  })

  it('treats a connection failure as retryable, without the address in the error', async () => {
    const result = await createCheckoutSession(
      checkout({ customerEmail: 'pat+stripe-down@example.com' }),
      config,
    )

    expect(result).toEqual({
      ok: false,
      retryable: true,
      error: expect.stringMatching(/^StripeConnectionError \(no response\)/),
    })
    expect(JSON.stringify(result)).not.toContain('pat+stripe-down@example.com')
  })

  it('treats a 500 as retryable', async () => {
    const result = await createCheckoutSession(
      checkout({ customerEmail: 'pat+stripe-500@example.com' }),
      config,
    )

    expect(result).toEqual({
      ok: false,
      retryable: true,
      error: expect.stringMatching(/^StripeAPIError \(500\)/),
    })
  })

  it('treats a 400 as permanent and keeps the customer email out of the error', async () => {
    const tooSmall = await createCheckoutSession(checkout({ amountCents: 20 }), config)
    const badEmail = await createCheckoutSession(checkout({ customerEmail: 'pat@localhost' }), config)

    expect(tooSmall).toEqual({
      ok: false,
      retryable: false,
      error: expect.stringMatching(/^StripeInvalidRequestError amount_too_small \(400\)/),
    })
    expect(badEmail).toEqual({
      ok: false,
      retryable: false,
      error: 'StripeInvalidRequestError email_invalid (400): Invalid email address: [address]',
    })
  })

  it('fails permanently without a secret key, and a bad key is refused as permanent', async () => {
    expect(await createCheckoutSession(checkout(), { ...config, secretKey: undefined })).toEqual({
      ok: false,
      retryable: false,
      error: 'STRIPE_SECRET_KEY is not set',
    })
    const badKey = await createCheckoutSession(checkout(), { ...config, secretKey: 'not-a-stripe-key' })
    expect(badKey).toMatchObject({ ok: false, retryable: false, error: expect.stringMatching(/\(401\)/) })
  })
})

describe('paying on the Checkout page', () => {
  it('completes the session with a payment intent and sends a signed checkout.session.completed', async () => {
    const { session, paymentIntentId } = await paidSession()

    const retrieved = await retrieveCheckoutSession(session.id, config)
    expect(retrieved).toMatchObject({
      ok: true,
      session: { status: 'complete', paymentStatus: 'paid', paymentIntentId, url: null },
    })
    expect(paymentIntentId).toMatch(/^pi_/)

    const [completed, ...others] = await listDeliveredEvents()
    expect(others).toEqual([])
    expect(completed?.event).toMatchObject({
      id: expect.stringMatching(/^evt_/),
      object: 'event',
      type: 'checkout.session.completed',
      livemode: false,
      api_version: '2026-10-28.endive',
      data: {
        object: {
          id: session.id,
          object: 'checkout.session',
          status: 'complete',
          payment_status: 'paid',
          payment_intent: paymentIntentId,
          client_reference_id: 'inv_1',
          metadata: { invoiceId: 'inv_1', invoiceNumber: 'HP-000123' },
        },
      },
    })
    // No webhook address in unit tests: the event is recorded, not sent.
    expect(completed?.delivery).toEqual({ url: null, state: 'not_sent', attempts: [] })

    const verified = verifyWebhook(completed?.payload ?? '', completed?.signature ?? null, readStripeConfig())
    expect(verified).toEqual({ ok: true, event: completed?.event })
  })

  it('rejects a tampered payload, another secret and a missing signature', async () => {
    await paidSession()
    const [completed] = await listDeliveredEvents()
    const payload = completed?.payload ?? ''
    const signature = completed?.signature ?? ''

    const tampered = payload.replace('"paid"', '"unpaid"')
    expect(tampered).not.toBe(payload)
    expect(verifyWebhook(tampered, signature, config)).toEqual({
      ok: false,
      error: expect.stringMatching(/^signature verification failed/),
    })
    expect(
      verifyWebhook(payload, signature, { ...config, webhookSecret: 'whsec_someone_else' }),
    ).toMatchObject({
      ok: false,
    })
    expect(verifyWebhook(payload, null, config)).toEqual({
      ok: false,
      error: 'the Stripe-Signature header is missing',
    })
    expect(verifyWebhook(payload, signature, { ...config, webhookSecret: undefined })).toEqual({
      ok: false,
      error: 'STRIPE_WEBHOOK_SECRET is not set',
    })
  })

  it('does not pay a session twice', async () => {
    const { session } = await paidSession()

    expect(await payCheckoutSession(session.id, { outcome: 'paid' })).toMatchObject({
      ok: false,
      reason: 'not_open',
    })
    expect(await eventTypes()).toEqual(['checkout.session.completed'])
  })

  it('completes unpaid with a delayed payment, then sends the async outcome', async () => {
    const session = await openSession()
    const pending = await payCheckoutSession(session.id, { outcome: 'async_pending' })
    if (!pending.ok) throw new Error('not paid')

    expect(await retrieveCheckoutSession(session.id, config)).toMatchObject({
      ok: true,
      session: { status: 'complete', paymentStatus: 'unpaid', paymentIntentId: pending.paymentIntentId },
    })
    // Nothing to refund until the money has arrived.
    expect(
      await createRefund(
        {
          paymentIntentId: pending.paymentIntentId,
          amountCents: 100,
          idempotencyKey: randomUUID(),
          metadata: {},
        },
        config,
      ),
    ).toMatchObject({ ok: false, retryable: false, error: expect.stringMatching(/charge_not_refundable/) })

    await settleAsyncPayment(session.id, { outcome: 'succeeded' })

    expect(await retrieveCheckoutSession(session.id, config)).toMatchObject({
      ok: true,
      session: { status: 'complete', paymentStatus: 'paid' },
    })
    expect(await eventTypes()).toEqual([
      'checkout.session.completed',
      'checkout.session.async_payment_succeeded',
    ])
  })

  it('sends async_payment_failed when a delayed payment fails', async () => {
    const session = await openSession()
    await payCheckoutSession(session.id, { outcome: 'async_pending' })
    await settleAsyncPayment(session.id, { outcome: 'failed' })

    expect(await retrieveCheckoutSession(session.id, config)).toMatchObject({
      ok: true,
      session: { status: 'complete', paymentStatus: 'unpaid' },
    })
    expect(await eventTypes()).toEqual([
      'checkout.session.completed',
      'checkout.session.async_payment_failed',
    ])
  })
})

describe('retrieveCheckoutSession', () => {
  it('reads a session past its expiry as expired, sending the event the first time', async () => {
    const session = await openSession()
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(session.expiresAt.getTime() + 1_000)

    const first = await retrieveCheckoutSession(session.id, config)
    const second = await retrieveCheckoutSession(session.id, config)

    expect(first).toMatchObject({ ok: true, session: { status: 'expired' } })
    expect(second).toEqual(first)
    expect(await eventTypes()).toEqual(['checkout.session.expired'])
  })

  it('reports an unknown session as permanent', async () => {
    expect(await retrieveCheckoutSession('cs_test_nope', config)).toMatchObject({
      ok: false,
      retryable: false,
      error: expect.stringMatching(/resource_missing \(404\)/),
    })
    expect(await retrieveCheckoutSession('../../v1/refunds', config)).toEqual({
      ok: false,
      retryable: false,
      error: 'not a Checkout Session id',
    })
  })
})

describe('refunds', () => {
  const refund = (paymentIntentId: string, amountCents: number, idempotencyKey: string = randomUUID()) =>
    createRefund({ paymentIntentId, amountCents, idempotencyKey, metadata: { refundId: 'ref_1' } }, config)

  it('refunds within what remains, refuses more, and refuses a fully refunded payment', async () => {
    const { paymentIntentId } = await paidSession()

    const first = await refund(paymentIntentId, 10_000)
    expect(first).toEqual({
      ok: true,
      refund: {
        id: expect.stringMatching(/^re_/),
        status: 'pending',
        amount: 10_000,
        paymentIntentId,
        failureReason: null,
        metadata: { refundId: 'ref_1' },
      },
    })

    expect(await refund(paymentIntentId, 14_001)).toEqual({
      ok: false,
      retryable: false,
      error:
        'StripeInvalidRequestError amount_too_large (400): Refund amount ($140.01) is greater than unrefunded amount on charge ($140.00)',
    })
    expect(await refund(paymentIntentId, 14_000)).toMatchObject({ ok: true, refund: { amount: 14_000 } })
    expect(await refund(paymentIntentId, 1)).toMatchObject({
      ok: false,
      retryable: false,
      error: expect.stringMatching(/charge_already_refunded \(400\)/),
    })
  })

  it('makes one refund per idempotency key', async () => {
    const { paymentIntentId } = await paidSession()

    const first = await refund(paymentIntentId, 5_000, 'refund-key-1')
    const retry = await refund(paymentIntentId, 5_000, 'refund-key-1')

    expect(retry).toEqual(first)
    expect(await eventTypes()).toEqual(['checkout.session.completed', 'refund.created'])
  })

  it('becomes succeeded shortly after, with refund.updated and charge.refunded', async () => {
    const { paymentIntentId } = await paidSession()
    const created = await refund(paymentIntentId, 24_000)
    if (!created.ok) throw new Error(created.error)

    await vi.waitFor(
      async () => {
        expect(await retrieveRefund(created.refund.id, config)).toMatchObject({
          ok: true,
          refund: { status: 'succeeded' },
        })
      },
      { timeout: 5_000, interval: 250 },
    )

    const events = await listDeliveredEvents()
    expect(events.map((recorded) => recorded.event.type)).toEqual([
      'checkout.session.completed',
      'refund.created',
      'refund.updated',
      'charge.refunded',
    ])
    expect(events[2]?.event.data).toMatchObject({
      object: { id: created.refund.id, status: 'succeeded' },
      previous_attributes: { status: 'pending' },
    })
    expect(events[3]?.event.data.object).toMatchObject({
      object: 'charge',
      payment_intent: paymentIntentId,
      amount: 24_000,
      amount_refunded: 24_000,
      refunded: true,
    })
  })

  it('can fail, which gives the amount back', async () => {
    const { paymentIntentId } = await paidSession()
    const created = await refund(paymentIntentId, 24_000)
    if (!created.ok) throw new Error(created.error)

    await settleRefund(created.refund.id, { outcome: 'failed' })

    expect(await retrieveRefund(created.refund.id, config)).toMatchObject({
      ok: true,
      refund: { status: 'failed', failureReason: 'lost_or_stolen_card' },
    })
    expect(await refund(paymentIntentId, 24_000)).toMatchObject({ ok: true })
  })

  it('refuses a refund of an unknown or disputed payment', async () => {
    expect(await refund('pi_unknown', 100)).toMatchObject({
      ok: false,
      retryable: false,
      error: expect.stringMatching(/resource_missing \(404\)/),
    })

    const { paymentIntentId } = await paidSession()
    const dispute = await deliverDisputeCreated(paymentIntentId)
    expect(dispute).toMatchObject({
      type: 'charge.dispute.created',
      data: { object: { object: 'dispute', payment_intent: paymentIntentId, status: 'needs_response' } },
    })
    expect(await refund(paymentIntentId, 100)).toMatchObject({
      ok: false,
      retryable: false,
      error: expect.stringMatching(/charge_disputed/),
    })
  })
})

describe('retrieveDispute', () => {
  it("reads Stripe's status, and takes one this code does not know yet as needing a response", async () => {
    const { paymentIntentId } = await paidSession()
    const { id } = (await deliverDisputeCreated(paymentIntentId)).data.object as { id: string }
    await moveDispute(id, 'under_review')
    expect(await retrieveDispute(id, config)).toEqual({
      ok: true,
      dispute: { id, status: 'under_review', paymentIntentId },
    })

    await moveDispute(id, 'awaiting_network_ruling')
    expect(await retrieveDispute(id, config)).toMatchObject({
      ok: true,
      dispute: { status: 'needs_response' },
    })
  })
})

describe('the fault switch', () => {
  afterEach(async () => {
    await setStripeFault(null)
  })

  it('fails every call while on, retryably, and lets the same request through afterwards', async () => {
    const { paymentIntentId, session } = await paidSession()
    const input = {
      paymentIntentId,
      amountCents: 1_000,
      idempotencyKey: 'refund-during-outage',
      metadata: {},
    }

    await setStripeFault('500')
    expect(await retrieveCheckoutSession(session.id, config)).toMatchObject({
      ok: false,
      retryable: true,
      error: expect.stringMatching(/\(500\)/),
    })
    await setStripeFault('down')
    expect(await createRefund(input, config)).toMatchObject({
      ok: false,
      retryable: true,
      error: expect.stringMatching(/^StripeConnectionError/),
    })
    expect(await retrieveRefund('re_anything', config)).toMatchObject({ ok: false, retryable: true })

    await setStripeFault(null)
    expect(await createRefund(input, config)).toMatchObject({ ok: true, refund: { amount: 1_000 } })
  })
})

describe('webhook delivery', () => {
  afterEach(() => {
    delete process.env.HAVEN_STRIPE_WEBHOOK_URL
  })

  it('POSTs signed events to HAVEN_STRIPE_WEBHOOK_URL and retries a failed delivery', async () => {
    const received: Array<{ body: string; signature: string | null }> = []
    const server = createServer((request: IncomingMessage, response) => {
      let body = ''
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
      request.on('end', () => {
        received.push({
          body,
          signature: (request.headers['stripe-signature'] as string | undefined) ?? null,
        })
        // The first attempt meets an endpoint that is down.
        response.statusCode = received.length === 1 ? 500 : 200
        response.end()
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = server.address() as AddressInfo
      process.env.HAVEN_STRIPE_WEBHOOK_URL = `http://127.0.0.1:${port}/webhooks/stripe`

      const session = await openSession()
      await payCheckoutSession(session.id, { outcome: 'paid' })

      await vi.waitFor(
        async () => {
          const [completed] = await listDeliveredEvents()
          expect(completed?.delivery.state).toBe('delivered')
        },
        { timeout: 5_000, interval: 100 },
      )
      const [completed] = await listDeliveredEvents()
      expect(completed?.delivery.attempts).toEqual([
        { at: expect.any(String), status: 500, error: 'the endpoint answered 500' },
        { at: expect.any(String), status: 200, error: null },
      ])
      expect(received).toHaveLength(2)
      for (const delivery of received) {
        const verified = verifyWebhook(delivery.body, delivery.signature, readStripeConfig())
        expect(verified).toMatchObject({ ok: true, event: { type: 'checkout.session.completed' } })
      }
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('records a failed delivery without troubling the caller', async () => {
    // Nothing listens on port 9 (discard) here.
    process.env.HAVEN_STRIPE_WEBHOOK_URL = 'http://127.0.0.1:9/webhooks/stripe'
    const session = await openSession()
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(session.expiresAt.getTime() + 1_000)

    // Reading a session past its expiry raises checkout.session.expired.
    expect(await retrieveCheckoutSession(session.id, config)).toMatchObject({ ok: true })
    await vi.waitFor(
      async () => {
        const [expired] = await listDeliveredEvents()
        expect(expired?.delivery.attempts.length).toBeGreaterThan(0)
      },
      { timeout: 3_000, interval: 100 },
    )
    const [expired] = await listDeliveredEvents()
    expect(expired?.delivery).toMatchObject({
      state: 'pending',
      attempts: [{ status: null, error: expect.any(String) }],
    })
  })
})

describe('the stand-in', () => {
  it('parses Stripe’s nested form encoding', () => {
    expect(
      parseStripeForm(
        'mode=payment&line_items[0][quantity]=1&line_items[0][price_data][unit_amount]=4000' +
          '&metadata[invoiceId]=inv_1&allowed_payment_method_types[0]=card&line_items[1][quantity]=2',
      ),
    ).toEqual({
      mode: 'payment',
      line_items: [{ quantity: '1', price_data: { unit_amount: '4000' } }, { quantity: '2' }],
      metadata: { invoiceId: 'inv_1' },
      allowed_payment_method_types: ['card'],
    })
  })

  it('refuses parameters Stripe does not know, and payment_method_types on this API version', async () => {
    const base =
      'mode=payment&success_url=http://localhost:3000/ok&expires_at=' +
      String(Math.floor(Date.now() / 1000) + 3600) +
      '&line_items[0][quantity]=1&line_items[0][price_data][currency]=aud' +
      '&line_items[0][price_data][unit_amount]=4000&line_items[0][price_data][product_data][name]=Session'

    expect(await stripeApi.createCheckoutSession(parseStripeForm(`${base}&colour=blue`), null)).toMatchObject(
      {
        status: 400,
        body: { error: { type: 'invalid_request_error', code: 'parameter_unknown', param: 'colour' } },
      },
    )
    expect(
      await stripeApi.createCheckoutSession(parseStripeForm(`${base}&payment_method_types[0]=card`), null),
    ).toMatchObject({ status: 400, body: { error: { code: 'payment_method_types_no_longer_supported' } } })
    expect(
      await stripeApi.createCheckoutSession(
        parseStripeForm(base.replace('currency]=aud', 'currency]=usd')),
        null,
      ),
    ).toMatchObject({ status: 400, body: { error: { param: 'line_items[0][price_data][currency]' } } })
    expect(await stripeApi.createCheckoutSession(parseStripeForm(base), null)).toMatchObject({ status: 200 })
  })
})

describe('readStripeConfig', () => {
  it('reads the keys from the environment', () => {
    expect(readStripeConfig({ STRIPE_SECRET_KEY: 'sk_live_x', STRIPE_WEBHOOK_SECRET: 'whsec_x' })).toEqual({
      secretKey: 'sk_live_x',
      webhookSecret: 'whsec_x',
      timeoutMs: 15_000,
    })
  })

  it('uses placeholder keys only with the stand-ins', () => {
    expect(readStripeConfig({ HAVEN_STANDINS: true })).toMatchObject({
      secretKey: 'sk_test_standin_local',
      webhookSecret: 'whsec_standin_local',
    })
    expect(readStripeConfig({ HAVEN_STANDINS: false })).toMatchObject({
      secretKey: undefined,
      webhookSecret: undefined,
    })
  })
})
