import twilio from 'twilio'
import { type Env, getEnv } from '~/utils/env.server.ts'
import { standInsEnabled } from '~/utils/standins.server.ts'
import { describeError, parseRetryAfter } from '~/utils/vendor-errors.ts'

// The Twilio account Haven's adapters share (Messaging in notify/sms.server.ts, Video in
// telehealth/twilio-video.server.ts): its credentials, the public addresses Twilio posts to,
// and the signature check for what it posts.

export type TwilioAccount = {
  accountSid: string | undefined
  authToken: string | undefined
}

// The stand-ins check only the shape (AC…) and that a token is given; env validation allows
// none of these then. The account SID is Twilio's documented placeholder shape.
export const TWILIO_STANDIN_ACCOUNT = {
  accountSid: `AC${'0'.repeat(32)}`,
  authToken: 'standin_twilio_auth_token',
} as const

export function readTwilioAccount(
  env: Partial<Pick<Env, 'TWILIO_ACCOUNT_SID' | 'TWILIO_AUTH_TOKEN' | 'HAVEN_STANDINS'>> = getEnv(),
): TwilioAccount {
  const standIns = standInsEnabled(env)
  return {
    accountSid: env.TWILIO_ACCOUNT_SID || (standIns ? TWILIO_STANDIN_ACCOUNT.accountSid : undefined),
    authToken: env.TWILIO_AUTH_TOKEN || (standIns ? TWILIO_STANDIN_ACCOUNT.authToken : undefined),
  }
}

const webhookPaths = {
  status: '/webhooks/twilio/status',
  inbound: '/webhooks/twilio/inbound',
  video: '/webhooks/twilio/video',
} as const

/** The public address Twilio posts an SMS's delivery statuses to (messages.create's StatusCallback). */
export function statusCallbackUrl(env: Pick<Env, 'APP_URL'> = getEnv()) {
  return publicUrl(webhookPaths.status, env)
}

/** The public address Twilio posts replies to (the Messaging Service's incoming-message webhook). */
export function inboundWebhookUrl(env: Pick<Env, 'APP_URL'> = getEnv()) {
  return publicUrl(webhookPaths.inbound, env)
}

/** The public address Twilio posts a video room's events to (rooms.create's StatusCallback). */
export function videoStatusCallbackUrl(env: Pick<Env, 'APP_URL'> = getEnv()) {
  return publicUrl(webhookPaths.video, env)
}

function publicUrl(pathAndSearch: string, env: Pick<Env, 'APP_URL'>) {
  return `${env.APP_URL.replace(/\/+$/, '')}${pathAndSearch}`
}

/**
 * Whether a webhook request really comes from Twilio: its X-Twilio-Signature over the exact
 * public address it was sent to (APP_URL, then the path and query the request arrived with)
 * and its form parameters, keyed with the account's auth token.
 */
export function verifyTwilioWebhook(
  request: { url: string; signature: string | null; params: Record<string, string> },
  account: Pick<TwilioAccount, 'authToken'> = readTwilioAccount(),
  env: Pick<Env, 'APP_URL'> = getEnv(),
): boolean {
  if (!account.authToken || !request.signature) return false
  const { pathname, search } = new URL(request.url)
  return twilio.validateRequest(
    account.authToken,
    request.signature,
    publicUrl(`${pathname}${search}`, env),
    request.params,
  )
}

/** A request Twilio did not carry out, in words fit to store (no personal data once redacted). */
export type TwilioFailure = {
  ok: false
  retryable: boolean
  error: string
  /** Twilio's error code, e.g. 53113. */
  code?: number
  retryAfterSeconds?: number
}

/** The SDK's client for the account, or why there is none (settings missing or malformed: not retryable). */
export function twilioClient(
  settings: Record<string, string | undefined>,
  account: TwilioAccount,
  timeoutMs: number,
): { ok: true; client: twilio.Twilio } | TwilioFailure {
  const missing = Object.entries(settings).flatMap(([name, value]) => (value ? [] : [name]))
  if (missing.length > 0) {
    return {
      ok: false,
      retryable: false,
      error: `${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not set`,
    }
  }
  try {
    return { ok: true, client: twilio(account.accountSid, account.authToken, { timeout: timeoutMs }) }
  } catch (error) {
    // The SDK checks the SID's shape before any request: a misconfiguration, not an outage.
    return { ok: false, retryable: false, error: `configuration: ${describeError(error)}` }
  }
}

const TOO_MANY_REQUESTS_CODE = 20429

/**
 * What a request's throw means. Twilio's answer: retryable when 429 (with its Retry-After) or
 * 5xx, permanent otherwise. No answer at all (no connection, a timeout, a reply it could not
 * read): retryable. `redact` removes what the vendor's words may quote.
 */
export function twilioFailure(
  error: unknown,
  client: twilio.Twilio,
  redact: (words: string) => string = (words) => words,
): TwilioFailure {
  if (!(error instanceof twilio.RestException)) {
    return { ok: false, retryable: true, error: `no response: ${redact(describeError(error))}` }
  }
  const { status, code } = error
  const retryable = status === 429 || code === TOO_MANY_REQUESTS_CODE || status >= 500
  const headers = client.httpClient.lastResponse?.headers as Record<string, string | undefined> | undefined
  const retryAfterSeconds = retryable ? parseRetryAfter(headers?.['retry-after']) : undefined
  return {
    ok: false,
    retryable,
    error: `${code ?? 'error'} (${status}): ${redact(error.message)}`,
    ...(code === undefined ? {} : { code }),
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  }
}
