import { delay, http, HttpResponse } from 'msw'
import { z } from 'zod'
import { listOutbox, recordOutboxMessage } from './outbox.server.ts'

/**
 * Stand-in for Resend's send-email endpoint. The real SDK talks to it through msw;
 * accepted emails land in the outbox folder. Recipients choose a failure to rehearse:
 *   `+fail-500@` → 500 internal_server_error
 *   `+fail-429@` → 429 rate_limit_exceeded with Retry-After
 *   `+fail-400@` → 422 validation_error (a permanent rejection)
 *   `+fail-timeout@` → never answers, so the caller's timeout fires
 */

const recipient = z.string().regex(/^[^@\s]+@[^@\s]+$|<[^@\s<>]+@[^@\s<>]+>$/, 'must be an email address')

// Resend's attachment as its API takes it. Haven only sends content, never a `path` to fetch.
const attachment = z.object({
  content: z.base64().min(1),
  filename: z.string().min(1).max(255),
  content_type: z
    .string()
    .regex(/^[\w.+-]+\/[\w.+-]+(;.*)?$/)
    .optional(),
})

// Resend: header names can't be empty; names and values can't hold line breaks or null characters.
const headersField = z.record(z.string().regex(/^[!#$%&'*+.^`|~\w-]+$/), z.string().regex(/^[^\r\n\0]*$/))

const sendEmailBody = z.object({
  from: recipient,
  to: z.union([recipient, z.array(recipient).min(1).max(50)]),
  subject: z.string().min(1),
  html: z.string().min(1),
  text: z.string().optional(),
  attachments: z.array(attachment).optional(),
  headers: headersField.optional(),
})

// Resend's error body: { statusCode, name, message }.
function resendError(statusCode: number, name: string, message: string, headers?: Record<string, string>) {
  return HttpResponse.json({ statusCode, name, message }, { status: statusCode, headers })
}

function injectedFault(recipients: string[]) {
  const addresses = recipients.join(' ')
  if (addresses.includes('+fail-500@')) {
    return resendError(
      500,
      'internal_server_error',
      'An unexpected error occurred. (stand-in fault +fail-500)',
    )
  }
  if (addresses.includes('+fail-429@')) {
    return resendError(429, 'rate_limit_exceeded', 'Too many requests. (stand-in fault +fail-429)', {
      'retry-after': '1',
    })
  }
  if (addresses.includes('+fail-400@')) {
    return resendError(422, 'validation_error', 'Invalid `to` field. (stand-in fault +fail-400)')
  }
  return null
}

export const resendHandlers = [
  http.post('https://api.resend.com/emails', async ({ request }) => {
    const authorization = request.headers.get('authorization') ?? ''
    if (!/^Bearer \S+$/.test(authorization)) {
      return resendError(401, 'missing_api_key', 'Missing API key in the authorization header.')
    }

    const idempotencyKey = request.headers.get('idempotency-key')
    if (idempotencyKey !== null && (idempotencyKey.length < 1 || idempotencyKey.length > 256)) {
      return resendError(400, 'invalid_idempotency_key', 'The key must be between 1-256 chars.')
    }

    let body: unknown
    try {
      body = await request.json()
    } catch {
      return resendError(422, 'validation_error', 'The request body is not valid JSON.')
    }
    const parsed = sendEmailBody.safeParse(body)
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((issue) => `\`${issue.path.join('.')}\``))]
      return resendError(422, 'validation_error', `Invalid or missing ${fields.join(', ')} field.`)
    }
    const { from, subject, html, text } = parsed.data
    // Recorded only when there are any, so an email without them reads as before.
    const attachments = parsed.data.attachments?.length
      ? parsed.data.attachments.map(({ filename, content, content_type }) => ({
          filename,
          contentType: content_type ?? 'application/octet-stream',
          content,
        }))
      : undefined
    const headers =
      parsed.data.headers && Object.keys(parsed.data.headers).length > 0 ? parsed.data.headers : undefined
    const to = typeof parsed.data.to === 'string' ? [parsed.data.to] : parsed.data.to

    if (to.some((address) => address.includes('+fail-timeout@'))) await delay('infinite')
    const fault = injectedFault(to)
    if (fault) return fault

    // Like Resend: a repeated key returns the first email instead of sending again.
    if (idempotencyKey !== null) {
      const earlier = (await listOutbox()).find((message) => message.idempotencyKey === idempotencyKey)
      if (earlier) {
        const samePayload =
          earlier.from === from &&
          earlier.subject === subject &&
          earlier.html === html &&
          earlier.to.join(',') === to.join(',') &&
          JSON.stringify(earlier.attachments) === JSON.stringify(attachments) &&
          JSON.stringify(earlier.headers) === JSON.stringify(headers)
        if (!samePayload) {
          return resendError(
            409,
            'invalid_idempotent_request',
            'Same idempotency key used with a different request payload.',
          )
        }
        return HttpResponse.json({ id: earlier.id })
      }
    }

    const message = await recordOutboxMessage({
      to,
      from,
      subject,
      html,
      text: text ?? '',
      idempotencyKey,
      attachments,
      headers,
    })
    return HttpResponse.json({ id: message.id })
  }),
]
