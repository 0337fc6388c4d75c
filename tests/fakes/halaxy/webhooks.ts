// The webhooks Halaxy sends when someone changes a record in its own web UI (never for API
// writes). Like Halaxy's, each carries only a reference in a FHIR SubscriptionStatus bundle; the
// receiver fetches the record itself. Deliveries run in the background: flush() awaits them.
import { randomUUID } from 'node:crypto'

export const HALAXY_WEBHOOK_EVENTS = [
  'patient-created',
  'patient-updated',
  'appointment-created',
  'appointment-updated',
  'appointment-deleted',
  'invoice-created',
  'invoice-updated',
  'invoice-deleted',
] as const

export type HalaxyWebhookEvent = (typeof HALAXY_WEBHOOK_EVENTS)[number]

export type WebhookTarget = {
  /** A base such as http://127.0.0.1:3100/webhooks/halaxy/: the event name is appended to it. */
  url: string
  /** Halaxy's optional static "Authentication Header", sent as `Authorization: <value>`. */
  authorization?: string
}

export type WebhookOptions = WebhookTarget & {
  /** How long one attempt may take; 5 s unless a test shortens it. */
  timeoutMs?: number
  /** The wait before the one retry (after a network error, a timeout or a 5xx); ~1 s by default. */
  retryDelayMs?: number
}

export type WebhookDelivery = {
  event: HalaxyWebhookEvent
  /** The absolute reference the notification named, e.g. http://127.0.0.1:4456/main/Appointment/100123. */
  reference: string
  /** The receiver's last answer; null when none came (network error, timeout, dropped). */
  status: number | null
  /** Why it was not delivered: a network error, a timeout, 'paused', 'no webhook URL configured'. */
  error?: string
  /** HTTP attempts made: 0 when dropped, 2 when retried. */
  attempts: number
  /** When the event happened (epoch ms). */
  at: number
}

export type HalaxyWebhooks = {
  /** Points the webhooks somewhere else (or nowhere with null), as changing them in Halaxy's UI does. */
  configure(target: WebhookTarget | null): void
  target(): WebhookTarget | null
  /** Missed webhooks: events while paused are dropped, not queued (the receiver's poll must heal). */
  pause(): void
  resume(): void
  isPaused(): boolean
  /** Sends a notification about `Type/id` (front-end writes call this; tests may too). */
  notify(event: HalaxyWebhookEvent, resource: string): void
  /** Resolves once every delivery started so far (retries included) has finished. */
  flush(): Promise<void>
  /** One entry per event, in the order they happened; copies. */
  deliveries(): WebhookDelivery[]
  reset(): void
}

export class WebhookSender implements HalaxyWebhooks {
  private current: WebhookTarget | null
  private paused = false
  private closed = false
  private readonly log: WebhookDelivery[] = []
  private readonly pending = new Set<Promise<void>>()
  private readonly stop = new AbortController()
  // One subscription (and topic) per event type, as Halaxy configures one URL per event.
  private readonly subscriptions = new Map<
    HalaxyWebhookEvent,
    { subscription: string; topic: string; count: number }
  >()
  private readonly timeoutMs: number
  private readonly retryDelayMs: number

  constructor(
    private readonly baseUrl: string,
    options: WebhookOptions | undefined,
  ) {
    this.current = options ? { url: options.url, authorization: options.authorization } : null
    this.timeoutMs = options?.timeoutMs ?? 5_000
    this.retryDelayMs = options?.retryDelayMs ?? 1_000
    for (const event of HALAXY_WEBHOOK_EVENTS) {
      this.subscriptions.set(event, { subscription: randomUUID(), topic: randomUUID(), count: 0 })
    }
  }

  configure(target: WebhookTarget | null) {
    this.current = target ? { url: target.url, authorization: target.authorization } : null
  }

  target() {
    return this.current ? { ...this.current } : null
  }

  pause() {
    this.paused = true
  }

  resume() {
    this.paused = false
  }

  isPaused() {
    return this.paused
  }

  notify(event: HalaxyWebhookEvent, resource: string) {
    const [type = ''] = resource.split('/')
    const reference = `${this.baseUrl}${resource}`
    const subscription = this.subscriptions.get(event)!
    // The event happened whether or not it reaches anyone: a receiver can see the gap in the count.
    subscription.count += 1
    const delivery: WebhookDelivery = { event, reference, status: null, attempts: 0, at: Date.now() }
    this.log.push(delivery)
    const target = this.current
    if (this.closed) return void (delivery.error = 'stand-in stopped')
    if (this.paused) return void (delivery.error = 'paused')
    if (!target) return void (delivery.error = 'no webhook URL configured')

    const payload = {
      resourceType: 'Bundle',
      timestamp: halaxyTimestamp(delivery.at),
      type: 'history',
      link: [],
      entry: [
        {
          fullUrl: randomUUID(),
          resource: {
            resourceType: 'SubscriptionStatus',
            subscription: {
              reference: `${this.baseUrl}Subscription/${subscription.subscription}`,
              type: 'Subscription',
            },
            topic: {
              reference: `${this.baseUrl}SubscriptionTopic/${subscription.topic}`,
              type: 'SubscriptionTopic',
            },
            status: 'active',
            type: 'event-notification',
            eventsSinceSubscriptionStart: String(subscription.count),
            notificationEvent: [
              {
                eventNumber: String(subscription.count),
                timestamp: halaxyTimestamp(delivery.at),
                focus: { reference, type },
              },
            ],
          },
        },
      ],
    }
    const sending = this.deliver(delivery, target, JSON.stringify(payload)).finally(() =>
      this.pending.delete(sending),
    )
    this.pending.add(sending)
  }

  async flush() {
    // Loops: a delivery may finish while another one is started.
    while (this.pending.size > 0) await Promise.all([...this.pending])
  }

  deliveries() {
    return this.log.map((delivery) => ({ ...delivery }))
  }

  reset() {
    this.log.splice(0)
  }

  /** Abandons deliveries in flight (the stand-in is stopping) and drops any later event. */
  async close() {
    this.closed = true
    this.stop.abort()
    await this.flush()
  }

  private async deliver(delivery: WebhookDelivery, target: WebhookTarget, body: string) {
    const url = `${target.url.endsWith('/') ? target.url : `${target.url}/`}${delivery.event}`
    for (let attempt = 1; attempt <= 2; attempt++) {
      if (attempt > 1 && !(await this.wait(this.retryDelayMs))) break
      delivery.attempts = attempt
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Halaxy stand-in webhooks',
            ...(target.authorization ? { authorization: target.authorization } : {}),
          },
          body,
          signal: AbortSignal.any([this.stop.signal, AbortSignal.timeout(this.timeoutMs)]),
        })
        // Read to the end so the connection is free again; the answer's body means nothing to Halaxy.
        await response.arrayBuffer().catch(() => undefined)
        delivery.status = response.status
        delivery.error = response.ok ? undefined : `answered ${response.status}`
        if (response.status < 500) return
      } catch (error) {
        delivery.status = null
        delivery.error = this.stop.signal.aborted ? 'stand-in stopped' : failureOf(error, this.timeoutMs)
      }
      if (this.stop.signal.aborted) return
    }
  }

  /** False when the stand-in stopped during the wait. */
  private wait(ms: number) {
    return new Promise<boolean>((resolve) => {
      if (this.stop.signal.aborted) return resolve(false)
      const timer = setTimeout(() => {
        this.stop.signal.removeEventListener('abort', onAbort)
        resolve(true)
      }, ms)
      const onAbort = () => {
        clearTimeout(timer)
        resolve(false)
      }
      this.stop.signal.addEventListener('abort', onAbort, { once: true })
    })
  }
}

/** Halaxy's form: seconds, with +00:00 rather than Z. */
function halaxyTimestamp(at: number) {
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, '+00:00')
}

function failureOf(error: unknown, timeoutMs: number) {
  if (error instanceof DOMException && error.name === 'TimeoutError') return `timed out after ${timeoutMs} ms`
  // fetch says only "fetch failed"; its cause says why (ECONNREFUSED, a bad port, …).
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined
  if (typeof cause?.code === 'string') return cause.code
  if (typeof cause?.message === 'string') return `${(error as Error).message}: ${cause.message}`
  return error instanceof Error ? error.message : String(error)
}
