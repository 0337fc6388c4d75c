import { describe, expect, it } from 'vitest'
import { HALAXY_STANDIN_DEFAULTS } from '~/domain/halaxy/client.server.ts'
import { action as halaxyWebhook } from '~/routes/webhooks+/halaxy.$event.ts'
import { action as stripeWebhook } from '~/routes/webhooks+/stripe.ts'
import { db } from '~/utils/db.server.ts'
import { signStripePayload } from '../../tests/mocks/stripe/events.server.ts'
import { readBodyText } from './request-body.server.ts'

const KB = 1024

/** A body streamed in 64 KB chunks with no declared length; counts how much was pulled from it. */
function streamed(totalBytes: number) {
  const pulled = { bytes: 0 }
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.bytes >= totalBytes) return controller.close()
      const chunk = new Uint8Array(Math.min(64 * KB, totalBytes - pulled.bytes)).fill(0x78)
      pulled.bytes += chunk.byteLength
      controller.enqueue(chunk)
    },
  })
  return { body, pulled }
}

function post(url: string, body: BodyInit, headers: Record<string, string> = {}) {
  return new Request(url, { method: 'POST', headers, body, duplex: 'half' } as RequestInit)
}

describe('readBodyText', () => {
  it('reads a body within the ceiling, multi-byte characters across chunks included', async () => {
    const text = `{"name":"Zoë ${'ü'.repeat(40 * KB)}"}`
    await expect(readBodyText(post('http://haven.test/x', text), 100 * KB)).resolves.toEqual({
      ok: true,
      text,
    })
    await expect(readBodyText(post('http://haven.test/x', ''), 10)).resolves.toEqual({ ok: true, text: '' })
  })

  it('refuses a declared length over the ceiling without reading anything', async () => {
    const { body, pulled } = streamed(10 * KB * KB)
    const request = post('http://haven.test/x', body, { 'content-length': String(10 * KB * KB) })
    await expect(readBodyText(request, KB * KB)).resolves.toEqual({ ok: false })
    expect(pulled.bytes).toBeLessThanOrEqual(64 * KB)
  })

  it('refuses a declared length that is not a number', async () => {
    await expect(
      readBodyText(post('http://haven.test/x', 'hi', { 'content-length': 'lots' }), KB),
    ).resolves.toEqual({
      ok: false,
    })
  })

  it('refuses a copy of a request (request.clone()) past the ceiling too, without waiting on the original', async () => {
    const { body } = streamed(2 * KB * KB)
    await expect(readBodyText(post('http://haven.test/x', body).clone(), KB * KB)).resolves.toEqual({
      ok: false,
    })
  })

  it('stops reading an undeclared (or endless) body as soon as it passes the ceiling', async () => {
    const { body, pulled } = streamed(50 * KB * KB)
    await expect(readBodyText(post('http://haven.test/x', body), KB * KB)).resolves.toEqual({ ok: false })
    expect(pulled.bytes).toBeLessThanOrEqual(KB * KB + 2 * 64 * KB)
  })
})

describe('the webhook routes refuse large bodies with 413 and store nothing', () => {
  const context = {} as never

  it('/webhooks/stripe: declared, undeclared, and a validly signed large event', async () => {
    const declared = streamed(50 * KB * KB)
    const answerDeclared = await stripeWebhook({
      request: post('http://localhost/webhooks/stripe', declared.body, {
        'content-length': String(50 * KB * KB),
        'stripe-signature': 't=1,v1=0',
      }),
      params: {},
      context,
    })
    expect(answerDeclared.status).toBe(413)
    expect(declared.pulled.bytes).toBeLessThanOrEqual(64 * KB)

    const undeclared = streamed(50 * KB * KB)
    const answerUndeclared = await stripeWebhook({
      request: post('http://localhost/webhooks/stripe', undeclared.body, { 'stripe-signature': 't=1,v1=0' }),
      params: {},
      context,
    })
    expect(answerUndeclared.status).toBe(413)
    expect(undeclared.pulled.bytes).toBeLessThanOrEqual(KB * KB + 2 * 64 * KB)

    // Even a correctly signed event is refused once past the ceiling: Stripe's are a few KB.
    const payload = JSON.stringify({
      id: 'evt_large',
      object: 'event',
      type: 'checkout.session.completed',
      data: { object: { id: 'cs_large', padding: 'x'.repeat(2 * KB * KB) } },
    })
    const signed = await stripeWebhook({
      request: post('http://localhost/webhooks/stripe', payload, {
        'stripe-signature': signStripePayload(payload),
      }),
      params: {},
      context,
    })
    expect(signed.status).toBe(413)
    expect(await signed.json()).toEqual({ error: 'The payload is too large (at most 1024 KB)' })
    expect(await db.stripeEvent.count()).toBe(0)
  })

  it('/webhooks/halaxy/<event>: declared and undeclared', async () => {
    const headers = { authorization: `Bearer ${HALAXY_STANDIN_DEFAULTS.webhookSecret}` }
    const params = { event: 'appointment-created' }
    const url = 'http://localhost/webhooks/halaxy/appointment-created'
    const declared = streamed(10 * KB * KB)
    const answerDeclared = await halaxyWebhook({
      request: post(url, declared.body, { ...headers, 'content-length': String(10 * KB * KB) }),
      params,
      context,
    })
    expect(answerDeclared.status).toBe(413)
    expect(declared.pulled.bytes).toBeLessThanOrEqual(64 * KB)

    const undeclared = streamed(10 * KB * KB)
    const answerUndeclared = await halaxyWebhook({
      request: post(url, undeclared.body, headers),
      params,
      context,
    })
    expect(answerUndeclared.status).toBe(413)
    expect(undeclared.pulled.bytes).toBeLessThanOrEqual(256 * KB + 2 * 64 * KB)
    expect(await db.halaxyInbound.count()).toBe(0)
  })
})
