import { type ActionFunctionArgs } from '@remix-run/node'
import { recordStripeEvent } from '~/domain/billing/stripe-events.server.ts'
import { verifyWebhook } from '~/domain/billing/stripe.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { payloadTooLarge, readBodyText } from '~/utils/request-body.server.ts'

// Stripe's webhook endpoint. The signature is checked on the raw body (a parsed and
// re-serialised body would not match); a bad one changes nothing and answers 400. Stripe's
// events are a few KB, so a body past the ceiling is refused before the signature is checked.
const MAX_BODY_BYTES = 1024 * 1024

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') return Response.json({ error: 'POST only' }, { status: 405 })
  const payload = await readBodyText(request, MAX_BODY_BYTES)
  if (!payload.ok) return payloadTooLarge(MAX_BODY_BYTES)
  const verified = verifyWebhook(payload.text, request.headers.get('stripe-signature'))
  if (!verified.ok) {
    logger.warn({ reason: verified.error }, 'stripe webhook refused: bad signature')
    return Response.json({ error: 'Invalid signature' }, { status: 400 })
  }
  const outcome = await recordStripeEvent(verified.event)
  return Response.json({ received: true, outcome })
}

export function loader() {
  return Response.json({ error: 'POST only' }, { status: 405 })
}
