import { Resend, type ErrorResponse } from 'resend'
import { type Env, getEnv } from '~/utils/env.server.ts'
import { standInsEnabled } from '~/utils/standins.server.ts'
import { describeError, parseRetryAfter } from '~/utils/vendor-errors.ts'

// The one place that talks to Resend. It never logs: addresses and bodies are personal.

export type EmailConfig = { apiKey: string | undefined; from: string; timeoutMs: number }

export type EmailAttachment = {
  filename: string
  /** The file's text, e.g. an .ics calendar file; sent as UTF-8. */
  content: string
  contentType: string
}

export type OutgoingEmail = {
  to: string
  subject: string
  html: string
  text: string
  /** The same key on a retry makes Resend return the first send instead of sending twice. */
  idempotencyKey: string
  attachments?: EmailAttachment[]
  /** Extra email headers, e.g. List-Unsubscribe. */
  headers?: Record<string, string>
}

type SendEmailResult =
  | { ok: true; providerId: string }
  | { ok: false; retryable: boolean; error: string; retryAfterSeconds?: number }

const defaultFrom = 'Haven Psychology <no-reply@haven.test>'

// The stand-in only checks that a bearer token is present; env validation allows no key then.
const standInApiKey = 're_standin_local'

export function readEmailConfig(
  env: Partial<Pick<Env, 'RESEND_API_KEY' | 'EMAIL_FROM' | 'HAVEN_STANDINS'>> = getEnv(),
): EmailConfig {
  return {
    apiKey: env.RESEND_API_KEY || (standInsEnabled(env) ? standInApiKey : undefined),
    from: env.EMAIL_FROM || defaultFrom,
    timeoutMs: 15_000,
  }
}

export async function sendEmail(
  email: OutgoingEmail,
  config: EmailConfig = readEmailConfig(),
): Promise<SendEmailResult> {
  if (!config.apiKey) return { ok: false, retryable: false, error: 'RESEND_API_KEY is not set' }

  const resend = new Resend(config.apiKey)
  try {
    const { data, error, headers } = await resend.emails.send(
      {
        from: config.from,
        to: email.to,
        subject: email.subject,
        html: email.html,
        text: email.text,
        // A Buffer goes out base64-encoded, as Resend expects; a string would be taken as base64 already.
        attachments: email.attachments?.map(({ filename, content, contentType }) => ({
          filename,
          content: Buffer.from(content, 'utf8'),
          contentType,
        })),
        headers: email.headers,
      },
      { idempotencyKey: email.idempotencyKey, signal: AbortSignal.timeout(config.timeoutMs) },
    )
    if (error) return failure(error, headers)
    return { ok: true, providerId: data.id }
  } catch (error) {
    // The SDK reports fetch failures as `error`; a throw is unexpected, so treat it as transient.
    return { ok: false, retryable: true, error: `unexpected: ${redact(describeError(error))}` }
  }
}

function failure(error: ErrorResponse, headers: Record<string, string> | null): SendEmailResult {
  const status = error.statusCode
  const retryable =
    status === null || // no response: network failure, timeout or an unreadable reply
    status === 429 ||
    status >= 500 ||
    error.name === 'concurrent_idempotent_requests' // the first attempt is still in flight
  const retryAfterSeconds = retryable ? parseRetryAfter(headers?.['retry-after']) : undefined
  return {
    ok: false,
    retryable,
    error: `${error.name} (${status ?? 'no response'}): ${redact(error.message)}`,
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  }
}

// Provider messages can quote the recipient; the error ends up in Message.lastError and logs.
function redact(message: string) {
  return message.replace(/[^\s<>"'`()]+@[^\s<>"'`()]+/g, '[address]')
}
