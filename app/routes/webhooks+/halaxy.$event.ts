import { type ActionFunctionArgs } from '@remix-run/node'
import {
  halaxyWebhookSecret,
  isAuthorizedWebhook,
  isHalaxyWebhookEvent,
  parseWebhookPayload,
  receiveWebhook,
} from '~/domain/halaxy/webhooks.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { payloadTooLarge, readBodyText } from '~/utils/request-body.server.ts'

// Halaxy's webhooks, one URL per event (/webhooks/halaxy/appointment-created, …): Halaxy's
// payload names the changed record but not what happened, so the URL says it. The static
// Authentication Header set in Halaxy is checked; the named records are queued to be read
// from Halaxy (the payload itself is never trusted as the record).
const MAX_BODY_BYTES = 256 * 1024

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== 'POST') return Response.json({ error: 'POST only' }, { status: 405 })
  const event = params.event ?? ''
  if (!isHalaxyWebhookEvent(event))
    return Response.json({ error: `No Halaxy webhook is called ${event.slice(0, 60)}` }, { status: 404 })
  if (!isAuthorizedWebhook(request.headers.get('authorization'), halaxyWebhookSecret())) {
    logger.warn({ event }, 'halaxy webhook refused: wrong or missing authentication header')
    return Response.json({ error: 'Wrong or missing authentication header' }, { status: 401 })
  }
  const raw = await readBodyText(request, MAX_BODY_BYTES)
  if (!raw.ok) return payloadTooLarge(MAX_BODY_BYTES)
  let body: unknown
  try {
    body = JSON.parse(raw.text)
  } catch {
    return Response.json({ error: 'The payload is not JSON' }, { status: 400 })
  }
  const parsed = parseWebhookPayload(event, body)
  if (!parsed.ok) {
    logger.warn({ event }, 'halaxy webhook refused: unexpected payload')
    return Response.json({ error: parsed.message }, { status: 400 })
  }
  await receiveWebhook(parsed.references)
  return Response.json({ received: parsed.references.length }, { status: 202 })
}

export function loader() {
  return Response.json({ error: 'POST only' }, { status: 405 })
}
