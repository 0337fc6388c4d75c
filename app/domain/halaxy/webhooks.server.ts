// Halaxy's webhooks: one URL per event, a static auth header, and a payload naming the changed
// record and nothing more. A verified webhook only queues each named record to be read from
// Halaxy and applied (remote-change.server.ts); the payload itself is never taken as the record.
import { timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import { db } from '~/utils/db.server.ts'
import { type Env, getEnv } from '~/utils/env.server.ts'
import { enqueue } from '~/utils/jobs.server.ts'
import { halaxyInboundQueue } from '~/utils/queues.server.ts'
import { standInsEnabled } from '~/utils/standins.server.ts'
import { HALAXY_STANDIN_DEFAULTS } from './client.server.ts'
import { FHIR_ID } from './fhir.ts'
import { INBOUND_ID } from './poll.server.ts'

type InboundResourceType = 'Patient' | 'Appointment' | 'Invoice'

/** Halaxy's webhook events, each on its own URL (/webhooks/halaxy/<event>), and what they name. */
export const HALAXY_WEBHOOK_EVENTS = {
  'patient-created': 'Patient',
  'patient-updated': 'Patient',
  'appointment-created': 'Appointment',
  'appointment-updated': 'Appointment',
  'appointment-deleted': 'Appointment',
  'invoice-created': 'Invoice',
  'invoice-updated': 'Invoice',
  'invoice-deleted': 'Invoice',
} as const satisfies Record<string, InboundResourceType>

type HalaxyWebhookEvent = keyof typeof HALAXY_WEBHOOK_EVENTS

export function isHalaxyWebhookEvent(event: string): event is HalaxyWebhookEvent {
  return Object.hasOwn(HALAXY_WEBHOOK_EVENTS, event)
}

/** The secret Halaxy's webhooks carry (their "Authentication Header"); the stand-in's by default in dev. */
export function halaxyWebhookSecret(
  env: Partial<Pick<Env, 'HALAXY_WEBHOOK_SECRET' | 'HAVEN_STANDINS'>> = getEnv(),
) {
  return (
    env.HALAXY_WEBHOOK_SECRET || (standInsEnabled(env) ? HALAXY_STANDIN_DEFAULTS.webhookSecret : undefined)
  )
}

/**
 * Whether a request's Authorization header carries the secret ("Bearer <secret>" or the bare
 * secret: Halaxy's form takes either). Compared in constant time; no secret set refuses all.
 */
export function isAuthorizedWebhook(header: string | null, secret: string | undefined) {
  if (!secret || !header) return false
  const given = Buffer.from(header.replace(/^Bearer\s+/i, '').trim())
  const expected = Buffer.from(secret)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

// A subscription notification Bundle: entry[].resource.notificationEvent[].focus names the record.
const NotificationSchema = z.object({
  entry: z
    .array(
      z.object({
        resource: z.object({
          notificationEvent: z
            .array(
              z.object({ focus: z.object({ reference: z.string().min(1), type: z.string().optional() }) }),
            )
            .min(1),
        }),
      }),
    )
    .min(1),
})

/** A record in Halaxy that changed: what the inbound job reads and applies. */
export type WebhookReference = { resourceType: InboundResourceType; halaxyId: string }

/**
 * The records a webhook payload names, for this URL's event. A payload naming another kind of
 * record than its URL's, or none, is refused with the reason (Halaxy shows it to whoever set
 * the webhook up).
 */
export function parseWebhookPayload(
  event: HalaxyWebhookEvent,
  body: unknown,
): { ok: true; references: WebhookReference[] } | { ok: false; message: string } {
  const parsed = NotificationSchema.safeParse(body)
  if (!parsed.success)
    return {
      ok: false,
      message:
        'Expected a FHIR notification Bundle naming the changed record (entry[].resource.notificationEvent[].focus).',
    }
  const resourceType = HALAXY_WEBHOOK_EVENTS[event]
  const references = new Map<string, WebhookReference>()
  for (const entry of parsed.data.entry) {
    for (const notification of entry.resource.notificationEvent) {
      const parts = notification.focus.reference.split('/').filter(Boolean)
      const [type, id] = parts.slice(-2)
      if (type !== resourceType || !id || !FHIR_ID.test(id))
        return {
          ok: false,
          message: `The ${event} webhook names ${notification.focus.reference.slice(0, 200)}; expected a ${resourceType} reference.`,
        }
      references.set(id, { resourceType, halaxyId: id })
    }
  }
  return { ok: true, references: [...references.values()] }
}

/** A verified webhook: each named record is queued to be read (with the webhook's receipt), in one transaction. */
export async function receiveWebhook(references: WebhookReference[], now = new Date()) {
  await db.$transaction(async (tx) => {
    await tx.halaxyInbound.upsert({
      where: { id: INBOUND_ID },
      create: { id: INBOUND_ID, lastWebhookAt: now, webhooksReceived: 1 },
      update: { lastWebhookAt: now, webhooksReceived: { increment: 1 } },
    })
    for (const reference of references)
      await enqueue(tx, halaxyInboundQueue, reference, {
        singletonKey: `${reference.resourceType}:${reference.halaxyId}`,
      })
  })
}
