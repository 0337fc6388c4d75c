import { createServer } from 'node:http'
import { type AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { startStandIns } from '../../../tests/mocks/index.ts'
import { clearOutbox, getOutboxMessage, listOutbox } from '../../../tests/mocks/outbox.server.ts'
import {
  STANDIN_SENDER,
  takeTwilioCallbacks,
  twilioWebhookRequest,
} from '../../../tests/mocks/twilio/webhooks.server.ts'
import {
  readSmsConfig,
  sendSms,
  SMS_STANDIN_DEFAULTS,
  type OutgoingSms,
  type SmsConfig,
} from './sms.server.ts'
import { statusCallbackUrl, verifyTwilioWebhook } from '../twilio.server.ts'

// The real adapter and the real Twilio SDK, answered by the Twilio stand-in through msw.

const config: SmsConfig = {
  accountSid: `AC${'1'.repeat(32)}`,
  authToken: 'test_auth_token',
  messagingServiceSid: `MG${'2'.repeat(32)}`,
  timeoutMs: 5_000,
}

const STATUS_URL = 'http://localhost:3000/webhooks/twilio/status'

const sms = (overrides: Partial<OutgoingSms> = {}): OutgoingSms => ({
  to: '+61412345678',
  body: 'Haven Psychology: your session is on Tue 9 Jun, 10:00 am AEST. https://haven.test/a/1',
  statusCallback: STATUS_URL,
  ...overrides,
})

let stopStandIns: () => void

beforeAll(() => {
  stopStandIns = startStandIns()
})

afterAll(() => stopStandIns())

beforeEach(async () => {
  await clearOutbox()
  takeTwilioCallbacks()
})

describe('sendSms', () => {
  it("sends through the Messaging Service and returns Twilio's SID; the stand-in records the SMS", async () => {
    const result = await sendSms(sms(), config)

    expect(result).toEqual({
      ok: true,
      providerId: expect.stringMatching(/^SM[0-9a-f]{32}$/),
      status: 'accepted',
    })
    if (!result.ok) return
    expect(await getOutboxMessage(result.providerId)).toEqual({
      id: result.providerId,
      channel: 'sms',
      to: ['+61412345678'],
      from: config.messagingServiceSid,
      subject: '',
      html: '',
      text: sms().body,
      createdAt: expect.any(String),
      idempotencyKey: null,
    })
  })

  it('is followed by signed status callbacks, queued → sent → delivered, none for accepted', async () => {
    const result = await sendSms(sms(), config)
    if (!result.ok) throw new Error(result.error)

    const callbacks = takeTwilioCallbacks()
    expect(callbacks.map(({ params }) => params.MessageStatus)).toEqual(['queued', 'sent', 'delivered'])
    for (const callback of callbacks) {
      expect(callback.url).toBe(STATUS_URL)
      expect(callback.params).toMatchObject({
        MessageSid: result.providerId,
        To: '+61412345678',
        From: STANDIN_SENDER,
        AccountSid: config.accountSid,
      })
      const request = twilioWebhookRequest(callback)
      // Signed with the account's token, as Twilio signs: the app's check accepts it.
      expect(
        verifyTwilioWebhook(
          { url: request.url, signature: request.headers.get('x-twilio-signature'), params: callback.params },
          config,
          { APP_URL: 'http://localhost:3000' },
        ),
      ).toBe(true)
    }
  })

  it('is followed by an undelivered callback with its error code for an unreachable handset', async () => {
    await sendSms(sms({ to: '+61400030003' }), config)

    const last = takeTwilioCallbacks().at(-1)
    expect(last?.params).toMatchObject({ MessageStatus: 'undelivered', ErrorCode: '30003' })
  })

  it('with HAVEN_TWILIO_CALLBACKS=post (npm run dev), POSTs them to the StatusCallback in order', async () => {
    const received: { signature: string | undefined; params: Record<string, string> }[] = []
    const server = createServer((request, response) => {
      let body = ''
      request.on('data', (chunk: Buffer) => (body += chunk.toString()))
      request.on('end', () => {
        const signature = request.headers['x-twilio-signature']
        received.push({
          signature: typeof signature === 'string' ? signature : undefined,
          params: Object.fromEntries(new URLSearchParams(body)),
        })
        response.end()
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    vi.stubEnv('HAVEN_TWILIO_CALLBACKS', 'post')
    try {
      const { port } = server.address() as AddressInfo
      const url = `http://127.0.0.1:${port}/webhooks/twilio/status`
      await sendSms(sms({ statusCallback: url }), config)

      await vi.waitFor(() => expect(received).toHaveLength(3), { timeout: 5_000 })
      expect(received.map(({ params }) => params.MessageStatus)).toEqual(['queued', 'sent', 'delivered'])
      const [first] = received
      const signedFor = { url, signature: first!.signature ?? null, params: first!.params }
      expect(verifyTwilioWebhook(signedFor, config, { APP_URL: `http://127.0.0.1:${port}` })).toBe(true)
      expect(takeTwilioCallbacks()).toEqual([])
    } finally {
      vi.unstubAllEnvs()
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('sends no callbacks without a status callback URL', async () => {
    await sendSms(sms({ statusCallback: '' }), config)

    expect(takeTwilioCallbacks()).toEqual([])
  })

  it.each([
    ['+61400000211', 21211],
    ['0412 345 678', 21211],
    ['+61400021614', 21614],
  ])('treats %s as an invalid number, permanently (%i), with the number redacted', async (to, code) => {
    const result = await sendSms(sms({ to }), config)

    expect(result).toEqual({
      ok: false,
      retryable: false,
      code,
      invalidNumber: true,
      error: expect.stringMatching(new RegExp(`^${code} \\(400\\): `)),
    })
    expect(JSON.stringify(result)).not.toMatch(/\d{6,}|345 678/)
    expect(await listOutbox()).toHaveLength(0)
  })

  it('treats an opted-out recipient as permanent and says so (21610)', async () => {
    const result = await sendSms(sms({ to: '+61400021610' }), config)

    expect(result).toEqual({
      ok: false,
      retryable: false,
      code: 21610,
      optedOut: true,
      error: '21610 (400): Attempt to send to unsubscribed recipient',
    })
  })

  it('treats a rate limit as retryable and passes on Retry-After (20429)', async () => {
    const result = await sendSms(sms({ to: '+61400020429' }), config)

    expect(result).toEqual({
      ok: false,
      retryable: true,
      code: 20429,
      error: '20429 (429): Too Many Requests',
      retryAfterSeconds: 1,
    })
  })

  it('treats a 500 as retryable', async () => {
    const result = await sendSms(sms({ to: '+61400000500' }), config)

    expect(result).toEqual({
      ok: false,
      retryable: true,
      code: 20500,
      error: '20500 (500): Internal Server Error',
    })
  })

  it('treats a dropped connection as retryable', async () => {
    const result = await sendSms(sms({ to: '+61400000001' }), config)

    expect(result).toMatchObject({
      ok: false,
      retryable: true,
      error: expect.stringMatching(/^no response: /),
    })
    expect(JSON.stringify(result)).not.toContain('0000001')
  })

  it('treats a timeout as retryable', async () => {
    const result = await sendSms(sms({ to: '+61400000408' }), { ...config, timeoutMs: 200 })

    expect(result).toMatchObject({
      ok: false,
      retryable: true,
      error: expect.stringMatching(/^no response: /),
    })
  })

  it('treats wrong credentials as permanent', async () => {
    const result = await sendSms(sms(), { ...config, authToken: '' })

    expect(result).toEqual({ ok: false, retryable: false, error: 'TWILIO_AUTH_TOKEN is not set' })
    const wrongAccount = await sendSms(sms(), { ...config, accountSid: 'not-an-account' })
    expect(wrongAccount).toMatchObject({
      ok: false,
      retryable: false,
      error: expect.stringMatching(/^configuration: /),
    })
    expect(await listOutbox()).toHaveLength(0)
  })

  it('fails permanently, naming what is missing, without an account', async () => {
    const result = await sendSms(sms(), { ...config, accountSid: undefined, messagingServiceSid: undefined })

    expect(result).toEqual({
      ok: false,
      retryable: false,
      error: 'TWILIO_ACCOUNT_SID, TWILIO_MESSAGING_SERVICE_SID are not set',
    })
  })
})

describe('readSmsConfig', () => {
  it('reads the account, token and Messaging Service', () => {
    expect(
      readSmsConfig({
        TWILIO_ACCOUNT_SID: 'AC123',
        TWILIO_AUTH_TOKEN: 'token',
        TWILIO_MESSAGING_SERVICE_SID: 'MG123',
      }),
    ).toEqual({ accountSid: 'AC123', authToken: 'token', messagingServiceSid: 'MG123', timeoutMs: 15_000 })
  })

  it('uses stand-in values only with the stand-ins', () => {
    expect(readSmsConfig({ HAVEN_STANDINS: true })).toMatchObject(SMS_STANDIN_DEFAULTS)
    expect(readSmsConfig({ HAVEN_STANDINS: false })).toMatchObject({
      accountSid: undefined,
      authToken: undefined,
      messagingServiceSid: undefined,
    })
  })
})

describe('statusCallbackUrl', () => {
  it('is the status webhook under the public address', () => {
    expect(statusCallbackUrl({ APP_URL: 'https://haven.fly.dev/' })).toBe(
      'https://haven.fly.dev/webhooks/twilio/status',
    )
  })
})

describe('verifyTwilioWebhook', () => {
  const params = { MessageSid: 'SM1', MessageStatus: 'sent' }
  const signed = (url: string, authToken = config.authToken!) =>
    twilioWebhookRequest({ url, params, authToken }).headers.get('x-twilio-signature')
  const verify = (request: { url: string; signature: string | null }, appUrl = 'https://haven.fly.dev') =>
    verifyTwilioWebhook({ ...request, params }, config, { APP_URL: appUrl })

  it('checks the signature over the public address, not the address the request arrived at', () => {
    const signature = signed('https://haven.fly.dev/webhooks/twilio/status?x=1')

    // Behind Fly's proxy the app sees its internal address; the path and query are what count.
    expect(verify({ url: 'http://10.0.0.5:3000/webhooks/twilio/status?x=1', signature })).toBe(true)
    expect(verify({ url: 'http://10.0.0.5:3000/webhooks/twilio/status', signature })).toBe(false)
    expect(verify({ url: 'http://10.0.0.5:3000/webhooks/twilio/inbound?x=1', signature })).toBe(false)
    expect(
      verify({ url: 'http://10.0.0.5:3000/webhooks/twilio/status?x=1', signature }, 'https://evil.test'),
    ).toBe(false)
  })

  it('refuses a missing signature, another key, or no key to check with', () => {
    const url = 'https://haven.fly.dev/webhooks/twilio/status'
    expect(verify({ url, signature: null })).toBe(false)
    expect(verify({ url, signature: signed(url, 'another_token') })).toBe(false)
    expect(
      verifyTwilioWebhook(
        { url, signature: signed(url), params },
        { authToken: undefined },
        { APP_URL: url },
      ),
    ).toBe(false)
  })
})
