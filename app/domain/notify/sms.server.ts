import twilio from 'twilio'
import { type Env, getEnv } from '~/utils/env.server.ts'
import { standInsEnabled } from '~/utils/standins.server.ts'
import { describeError, parseRetryAfter } from '~/utils/vendor-errors.ts'

// The one place that talks to Twilio Messaging. It never logs: numbers and texts are personal,
// and its error strings end up in Message.lastError, so numbers are redacted from them.

export type SmsConfig = {
  accountSid: string | undefined
  authToken: string | undefined
  messagingServiceSid: string | undefined
  timeoutMs: number
}

export type OutgoingSms = {
  /** E.164, e.g. +61412345678. */
  to: string
  body: string
  /** Where Twilio posts the message's delivery statuses: statusCallbackUrl(). */
  statusCallback: string
}

export type SendSmsResult =
  | { ok: true; providerId: string; status: string }
  | {
      ok: false
      retryable: boolean
      error: string
      /** Twilio's error code, e.g. 21610. */
      code?: number
      /** Twilio refused: the recipient replied STOP to this sender (21610). */
      optedOut?: true
      /** Twilio refused: not a number that can take a text (21211, 21614). */
      invalidNumber?: true
      retryAfterSeconds?: number
    }

// The stand-in checks only the shapes (AC…, MG…) and that a token is given; env validation
// allows none of these then. The account SID is Twilio's documented placeholder shape.
export const SMS_STANDIN_DEFAULTS = {
  accountSid: `AC${'0'.repeat(32)}`,
  authToken: 'standin_twilio_auth_token',
  messagingServiceSid: `MG${'0'.repeat(32)}`,
} as const

export function readSmsConfig(
  env: Partial<
    Pick<Env, 'TWILIO_ACCOUNT_SID' | 'TWILIO_AUTH_TOKEN' | 'TWILIO_MESSAGING_SERVICE_SID' | 'HAVEN_STANDINS'>
  > = getEnv(),
): SmsConfig {
  const standIns = standInsEnabled(env)
  return {
    accountSid: env.TWILIO_ACCOUNT_SID || (standIns ? SMS_STANDIN_DEFAULTS.accountSid : undefined),
    authToken: env.TWILIO_AUTH_TOKEN || (standIns ? SMS_STANDIN_DEFAULTS.authToken : undefined),
    messagingServiceSid:
      env.TWILIO_MESSAGING_SERVICE_SID || (standIns ? SMS_STANDIN_DEFAULTS.messagingServiceSid : undefined),
    timeoutMs: 15_000,
  }
}

const webhookPaths = { status: '/webhooks/twilio/status', inbound: '/webhooks/twilio/inbound' } as const

/** The public address Twilio posts an SMS's delivery statuses to (messages.create's StatusCallback). */
export function statusCallbackUrl(env: Pick<Env, 'APP_URL'> = getEnv()) {
  return publicUrl(webhookPaths.status, env)
}

/** The public address Twilio posts replies to (the Messaging Service's incoming-message webhook). */
export function inboundWebhookUrl(env: Pick<Env, 'APP_URL'> = getEnv()) {
  return publicUrl(webhookPaths.inbound, env)
}

function publicUrl(pathAndSearch: string, env: Pick<Env, 'APP_URL'>) {
  return `${env.APP_URL.replace(/\/+$/, '')}${pathAndSearch}`
}

export async function sendSms(sms: OutgoingSms, config: SmsConfig = readSmsConfig()): Promise<SendSmsResult> {
  const missing = [
    ['TWILIO_ACCOUNT_SID', config.accountSid],
    ['TWILIO_AUTH_TOKEN', config.authToken],
    ['TWILIO_MESSAGING_SERVICE_SID', config.messagingServiceSid],
  ].flatMap(([name, value]) => (value ? [] : [name]))
  if (missing.length > 0) {
    return {
      ok: false,
      retryable: false,
      error: `${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not set`,
    }
  }

  let client: ReturnType<typeof twilio>
  try {
    client = twilio(config.accountSid, config.authToken, { timeout: config.timeoutMs })
  } catch (error) {
    // The SDK checks the SID's shape before any request: a misconfiguration, not an outage.
    return { ok: false, retryable: false, error: `configuration: ${describeError(error)}` }
  }
  try {
    const message = await client.messages.create({
      messagingServiceSid: config.messagingServiceSid,
      to: sms.to,
      body: sms.body,
      statusCallback: sms.statusCallback,
    })
    return { ok: true, providerId: message.sid, status: message.status }
  } catch (error) {
    if (error instanceof twilio.RestException) {
      return failure(
        error,
        client.httpClient.lastResponse?.headers as Record<string, string | undefined> | undefined,
      )
    }
    // Not an answer from Twilio: no connection, a timeout, or a reply it could not read.
    return { ok: false, retryable: true, error: `no response: ${redact(describeError(error))}` }
  }
}

const INVALID_NUMBER_CODES = new Set([21211, 21614])
const OPTED_OUT_CODE = 21610
const TOO_MANY_REQUESTS_CODE = 20429

function failure(
  error: twilio.RestException,
  headers: Record<string, string | undefined> | undefined,
): SendSmsResult {
  const { status, code } = error
  const retryable = status === 429 || code === TOO_MANY_REQUESTS_CODE || status >= 500
  const retryAfterSeconds = retryable ? parseRetryAfter(headers?.['retry-after']) : undefined
  return {
    ok: false,
    retryable,
    error: `${code ?? 'error'} (${status}): ${redact(error.message)}`,
    ...(code === undefined ? {} : { code }),
    ...(code === OPTED_OUT_CODE ? { optedOut: true as const } : {}),
    ...(code !== undefined && INVALID_NUMBER_CODES.has(code) ? { invalidNumber: true as const } : {}),
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  }
}

// Twilio's messages quote the number ("Invalid 'To' Phone Number: +6140…"): runs of 6 or more
// digits, with the separators people write, are replaced; error codes (5 digits) stay.
function redact(message: string) {
  return message.replace(/\+?\d(?:[\s().-]?\d){5,}/g, '[number]')
}

/**
 * Whether a webhook request really comes from Twilio: its X-Twilio-Signature over the exact
 * public address it was sent to (APP_URL, then the path and query the request arrived with)
 * and its form parameters, keyed with the account's auth token.
 */
export function verifyTwilioWebhook(
  request: { url: string; signature: string | null; params: Record<string, string> },
  config: Pick<SmsConfig, 'authToken'> = readSmsConfig(),
  env: Pick<Env, 'APP_URL'> = getEnv(),
): boolean {
  if (!config.authToken || !request.signature) return false
  const { pathname, search } = new URL(request.url)
  return twilio.validateRequest(
    config.authToken,
    request.signature,
    publicUrl(`${pathname}${search}`, env),
    request.params,
  )
}
