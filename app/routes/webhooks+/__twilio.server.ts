import { verifyTwilioWebhook } from '~/domain/twilio.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { payloadTooLarge, readBodyText } from '~/utils/request-body.server.ts'

// Twilio's webhooks are small forms (an inbound SMS is at most 1,600 characters of text).
const MAX_BODY_BYTES = 64 * 1024

type TwilioWebhook = { ok: true; params: Record<string, string> } | { ok: false; response: Response }

/**
 * The parameters of a Twilio webhook: a form POST signed with X-Twilio-Signature for the exact
 * public URL it was sent to. Otherwise the answer to give, having changed nothing: 405 for
 * another method, 413 for a body past the ceiling, 400 for a body that is not a form, 403 for
 * a missing or wrong signature.
 */
export async function readTwilioWebhook(request: Request, webhook: string): Promise<TwilioWebhook> {
  const refuse = (status: number, error: string) => ({
    ok: false as const,
    response: Response.json({ error }, { status }),
  })
  if (request.method !== 'POST') return refuse(405, 'POST only')
  const body = await readBodyText(request, MAX_BODY_BYTES)
  if (!body.ok) return { ok: false, response: payloadTooLarge(MAX_BODY_BYTES) }
  const contentType = request.headers.get('content-type') ?? ''
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(contentType)) {
    return refuse(400, 'The payload is not a form')
  }
  const params = Object.fromEntries(new URLSearchParams(body.text))
  const signature = request.headers.get('x-twilio-signature')
  if (!verifyTwilioWebhook({ url: request.url, signature, params })) {
    logger.warn({ webhook, signed: signature !== null }, 'twilio webhook refused: bad signature')
    return refuse(403, 'Invalid signature')
  }
  return { ok: true, params }
}
