import Stripe from 'stripe'
import { readStripeConfig } from '~/domain/billing/stripe.server.ts'
import { stripeId } from './requests.server.ts'
import { currentStore, type Store } from './store.server.ts'

/**
 * The events the stand-in raises: recorded, signed with the webhook secret and, when
 * HAVEN_STRIPE_WEBHOOK_URL is set, POSTed there like Stripe does: failures are recorded and
 * retried a few times, never thrown at whoever caused the event.
 */

type DeliveryAttempt = {
  /** ISO 8601, UTC. */
  at: string
  /** The webhook endpoint's HTTP status; null when there was no response. */
  status: number | null
  error: string | null
}

type RecordedStripeEvent = {
  sequence: number
  event: Stripe.Event
  /** The exact body POSTed (and signed). */
  payload: string
  /** The Stripe-Signature header of the latest attempt. */
  signature: string
  delivery: {
    /** Null when HAVEN_STRIPE_WEBHOOK_URL was unset: the event is only recorded. */
    url: string | null
    state: 'not_sent' | 'pending' | 'delivered' | 'failed'
    attempts: DeliveryAttempt[]
  }
}

type PendingEvent = { type: Stripe.Event.Type; object: unknown; previous?: Record<string, unknown> }

/** Where the stand-in delivers its events (the dev page shows it), or null: only recorded. */
export function stripeWebhookUrl() {
  return process.env.HAVEN_STRIPE_WEBHOOK_URL || null
}

export type Tx = { store: Store; now: number; emit: (event: PendingEvent) => void }

/**
 * Runs `work` under the lock, records the events it emitted, then starts their delivery.
 * `delivered` settles once every event has had its first delivery attempt; it never rejects.
 */
export async function transaction<T>(store: Store, work: (tx: Tx) => Promise<T>) {
  const recorded: RecordedStripeEvent[] = []
  const value = await store.locked(async () => {
    const pending: PendingEvent[] = []
    const result = await work({
      store,
      now: Date.now(),
      // A snapshot: the object may change again later in the same transaction.
      emit: (event) => pending.push(structuredClone(event)),
    })
    for (const event of pending) recorded.push(await recordEvent(store, event))
    return result
  })
  return { value, events: recorded, delivered: deliverInOrder(store, recorded) }
}

const webhookUserAgent = 'Stripe/1.0 (+https://stripe.com/docs/webhooks)'

async function recordEvent(store: Store, pending: PendingEvent): Promise<RecordedStripeEvent> {
  const event = {
    id: stripeId('evt_1'),
    object: 'event',
    api_version: Stripe.API_VERSION,
    created: Math.floor(Date.now() / 1000),
    data: {
      object: pending.object,
      ...(pending.previous ? { previous_attributes: pending.previous } : {}),
    },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: pending.type,
  } as unknown as Stripe.Event
  const payload = JSON.stringify(event, null, 2)
  const url = stripeWebhookUrl()
  const record: RecordedStripeEvent = {
    sequence: await store.nextSequence(),
    event,
    payload,
    signature: signStripePayload(payload),
    delivery: { url, state: url ? 'pending' : 'not_sent', attempts: [] },
  }
  await store.write('events', event.id, record)
  return record
}

/** A Stripe-Signature header for a payload, as Stripe makes it (tests forge and re-sign events with it). */
export function signStripePayload(payload: string, secret = readStripeConfig().webhookSecret) {
  return secret ? Stripe.webhooks.generateTestHeaderString({ payload, secret }) : ''
}

// Stripe retries for days; a few quick attempts are enough to rehearse a failing endpoint.
const retryDelaysMs = [500, 2_000, 5_000]

async function deliverInOrder(store: Store, events: RecordedStripeEvent[]) {
  for (const event of events) {
    if (event.delivery.url) await attemptDelivery(store, event.event.id, 0)
  }
}

async function attemptDelivery(store: Store, eventId: string, attempt: number): Promise<void> {
  try {
    const record = await store.read<RecordedStripeEvent>('events', eventId)
    if (!record?.delivery.url) return
    // Like Stripe, every attempt is signed afresh, so its timestamp is recent.
    const signature = signStripePayload(record.payload)
    let status: number | null = null
    let error: string | null = null
    if (!signature) {
      error = 'no webhook secret to sign with (STRIPE_WEBHOOK_SECRET)'
    } else {
      try {
        const response = await fetch(record.delivery.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'stripe-signature': signature,
            'user-agent': webhookUserAgent,
          },
          body: record.payload,
          signal: AbortSignal.timeout(10_000),
        })
        status = response.status
        await response.arrayBuffer().catch(() => undefined)
        if (!response.ok) error = `the endpoint answered ${response.status}`
      } catch (caught) {
        error = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught)
      }
    }
    const willRetry = error !== null && attempt < retryDelaysMs.length
    await store.locked(async () => {
      const current = await store.read<RecordedStripeEvent>('events', eventId)
      if (!current) return // cleared meanwhile
      current.signature = signature || current.signature
      current.delivery.attempts.push({ at: new Date().toISOString(), status, error })
      current.delivery.state = error === null ? 'delivered' : willRetry ? 'pending' : 'failed'
      await store.write('events', eventId, current)
    })
    if (willRetry) {
      setTimeout(() => void attemptDelivery(store, eventId, attempt + 1), retryDelaysMs[attempt]).unref()
    }
  } catch {
    // Delivery is best effort and must never surface in the request that caused the event;
    // whatever went wrong here is visible as an event stuck in `pending`.
  }
}

/** Every event the stand-in raised, oldest first, with its signed payload and delivery outcome. */
export async function listDeliveredEvents(): Promise<RecordedStripeEvent[]> {
  const events = await currentStore().list<RecordedStripeEvent>('events')
  return events.sort((a, b) => a.sequence - b.sequence)
}
