import twilio from 'twilio'
import { readSmsConfig, SMS_STANDIN_DEFAULTS } from '~/domain/notify/sms.server.ts'
import { inboundWebhookUrl } from '~/domain/twilio.server.ts'

/**
 * What the Twilio stand-in posts back to the app, signed like Twilio (X-Twilio-Signature over
 * the URL and the form parameters, keyed with the auth token): each message's status callbacks,
 * and replies from a patient's phone.
 *
 * With HAVEN_TWILIO_CALLBACKS=post (npm run dev, the Playwright server) a message's callbacks
 * are POSTed to its StatusCallback one after another, a moment apart, like Twilio does; failures
 * are dropped, as Twilio does not retry them. Otherwise (unit and integration tests) they are
 * held in order until a test takes or delivers them, so nothing happens behind a test's back.
 */

/** One webhook request Twilio would make: a form POST to `url`, signed with `authToken`. */
export type TwilioWebhook = { url: string; params: Record<string, string>; authToken: string }

/** Sends a webhook request: fetch in dev; a test may hand it to a route's action instead. */
export type WebhookTransport = (request: Request) => Promise<Response>

/** The number the stand-in's Messaging Service sends from (ACMA's range for fiction and drama). */
export const STANDIN_SENDER = '+61491570006'

const CALLBACK_STEP_MS = 400

// Kept on globalThis so a module reloaded by Vite's dev server keeps what is held.
const key = Symbol.for('haven.twilioCallbacks')
const holder = globalThis as typeof globalThis & { [key]?: TwilioWebhook[] }
const held = () => (holder[key] ??= [])

function postsCallbacks() {
  return process.env.HAVEN_TWILIO_CALLBACKS === 'post'
}

/** The signed request Twilio would send for a webhook. */
export function twilioWebhookRequest({ url, params, authToken }: TwilioWebhook): Request {
  return new Request(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(authToken, url, params),
      'user-agent': 'TwilioProxy/1.1',
    },
    body: new URLSearchParams(params),
  })
}

const fetchTransport: WebhookTransport = (request) => fetch(request, { signal: AbortSignal.timeout(10_000) })

/** Queues a message's status callbacks: posted in dev, held for the test otherwise. */
export function sendStatusCallbacks(callbacks: TwilioWebhook[]) {
  if (!postsCallbacks()) {
    held().push(...callbacks)
    return
  }
  void (async () => {
    for (const callback of callbacks) {
      await new Promise((resolve) => setTimeout(resolve, CALLBACK_STEP_MS).unref())
      try {
        const response = await fetchTransport(twilioWebhookRequest(callback))
        await response.arrayBuffer()
      } catch {
        // Like Twilio: a callback the app missed is not sent again.
      }
    }
  })()
}

/** Removes and returns the held status callbacks, oldest first (a test may reorder them). */
export function takeTwilioCallbacks(): TwilioWebhook[] {
  return held().splice(0)
}

/** Delivers the held status callbacks in order through `send`; their responses, in order. */
export async function deliverTwilioCallbacks(send: WebhookTransport): Promise<Response[]> {
  const responses: Response[] = []
  for (const callback of takeTwilioCallbacks()) responses.push(await send(twilioWebhookRequest(callback)))
  return responses
}

/**
 * A text from `from` to the practice's number, as Twilio posts it to the Messaging Service's
 * incoming-message webhook (the dev outbox's "Reply STOP" and tests).
 */
export function inboundSms({ from, body }: { from: string; body: string }): TwilioWebhook {
  const config = readSmsConfig()
  const sid = smsSid()
  const accountSid = config.accountSid ?? SMS_STANDIN_DEFAULTS.accountSid
  return {
    url: inboundWebhookUrl(),
    authToken: config.authToken ?? SMS_STANDIN_DEFAULTS.authToken,
    params: {
      ToCountry: 'AU',
      SmsMessageSid: sid,
      NumMedia: '0',
      FromCountry: 'AU',
      SmsSid: sid,
      SmsStatus: 'received',
      Body: body,
      To: STANDIN_SENDER,
      NumSegments: '1',
      MessageSid: sid,
      AccountSid: accountSid,
      MessagingServiceSid: config.messagingServiceSid ?? SMS_STANDIN_DEFAULTS.messagingServiceSid,
      From: from,
      ApiVersion: '2010-04-01',
    },
  }
}

/** Sends a text from `from` to the app's inbound webhook; the app's response. */
export async function simulateInboundSms(
  sms: { from: string; body: string },
  send: WebhookTransport = fetchTransport,
): Promise<Response> {
  return send(twilioWebhookRequest(inboundSms(sms)))
}

const hex = (bytes: number) =>
  Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('')

/** A message SID as Twilio makes them: SM and 32 hex digits. */
export function smsSid() {
  return `SM${hex(16)}`
}
