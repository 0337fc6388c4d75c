import { type Queue } from 'pg-boss'
import { z } from 'zod'

// Every queue Haven uses. A payload is the id of the entity to act on: the worker
// re-reads its current state, so a job never acts on a stale copy. The version is
// part of the name, so a payload change ships as a new queue beside the old one.
// Defined here, under app/, so the domain can name the queue it enqueues to without importing
// the worker; each queue's handler lives in jobs/.

export type QueueDefinition<Payload> = {
  name: string
  payload: z.ZodType<Payload>
  options: Omit<Queue, 'name'>
}

function defineQueue<Payload>(definition: QueueDefinition<Payload>) {
  return definition
}

/**
 * A channel's send queue and its dead letter. The Message row says what and to whom; the worker
 * decides at send time whether it still should go (a reminder for a moved session does not).
 * Resend and Twilio outages and 429s are usually short: back off from 10 s up to 30 min, ~2 h in all;
 * then the dead letter marks the Message failed for staff to see.
 */
function defineSendQueues(channel: 'email' | 'sms') {
  const payload = z.object({ messageId: z.string().min(1) })
  const name = `send-${channel}-v1`
  return [
    defineQueue({
      name,
      payload,
      options: {
        retryLimit: 8,
        retryDelay: 10,
        retryBackoff: true,
        retryDelayMax: 1_800,
        expireInSeconds: 120,
        deadLetter: `${name}-dead`,
        // Woken the moment a message is queued: a confirmation goes within a second of payment.
        notify: true,
      },
    }),
    defineQueue({ name: `${name}-dead`, payload, options: { retryLimit: 3, retryDelay: 30 } }),
  ] as const
}

export const [sendEmailQueue, sendEmailDeadQueue] = defineSendQueues('email')
export const [sendSmsQueue, sendSmsDeadQueue] = defineSendQueues('sms')

/** Sweeps expired sessions, sign-in attempts past keeping and old request counts (every 15 minutes). */
export const housekeepingQueue = defineQueue({
  name: 'housekeeping-v1',
  payload: z.object({}),
  options: { retryLimit: 1, expireInSeconds: 300 },
})
export const HOUSEKEEPING_CRON = '*/15 * * * *'

/**
 * A Haven record to mirror into Halaxy (a patient, an appointment). The worker re-reads the
 * record and its link, so one waiting job per record (singletonKey) carries any number of
 * quick edits. After two days of failures the link shows as failed on the sync monitor.
 */
export const halaxyPushQueue = defineQueue({
  name: 'halaxy-push-v1',
  payload: z.object({
    entity: z.enum(['patient', 'appointment', 'clinical_note', 'note_addendum']),
    havenId: z.string().min(1),
  }),
  // stately: per record at most one push waiting and one running, so two pushes of the same
  // record never overlap (an overlap could create it twice), whatever the concurrency.
  // Outages are usually short: retry within two minutes of Halaxy coming back (measured:
  // longer caps left records waiting ten minutes after a five-minute outage), for two days.
  options: {
    policy: 'stately',
    retryLimit: 1_500,
    retryDelay: 10,
    retryBackoff: true,
    retryDelayMax: 120,
    // A killed worker's push is picked up again after this (a push takes at most ~80 s:
    // a 15 s request after up to 65 s waiting for a rate-limit slot).
    expireInSeconds: 120,
    retentionSeconds: 30 * 24 * 60 * 60,
    deadLetter: 'halaxy-push-v1-dead',
  },
})

/** Where a push lands when every retry failed: its link is marked failed, for the monitor. */
export const halaxyPushDeadQueue = defineQueue({
  name: 'halaxy-push-v1-dead',
  payload: halaxyPushQueue.payload,
  options: { retryLimit: 3, retryDelay: 30 },
})

/**
 * A record Halaxy told Haven about (a webhook): the worker reads it from Halaxy (the webhook
 * names it and nothing more) and applies it: a busy block, or drift on a record Haven owns.
 * One waiting per record (stately), so a burst of webhooks about one record is one read.
 */
export const halaxyInboundQueue = defineQueue({
  name: 'halaxy-inbound-v1',
  payload: z.object({
    resourceType: z.enum(['Patient', 'Appointment', 'Invoice']),
    halaxyId: z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/),
  }),
  // Woken at once (an appointment made in Halaxy should stop being offered in Haven within
  // seconds); a failed read is retried for about a day, and the poll heals anything missed.
  options: {
    policy: 'stately',
    retryLimit: 30,
    retryDelay: 10,
    retryBackoff: true,
    retryDelayMax: 3_600,
    expireInSeconds: 120,
    notify: true,
  },
})

/**
 * A full re-sync a manager asked for: every record Halaxy should hold is marked and queued in
 * batches, here rather than in the request (a large practice has tens of thousands).
 */
export const halaxyResyncQueue = defineQueue({
  name: 'halaxy-resync-v1',
  payload: z.object({ actorId: z.string().min(1) }),
  // One queued or running at a time: a second click while it runs adds nothing.
  options: { policy: 'exclusive', retryLimit: 2, retryDelay: 30, expireInSeconds: 1_800 },
})

/** Asks Halaxy what changed since the last poll (`_lastUpdated`): heals missed webhooks. */
export const halaxyPollQueue = defineQueue({
  name: 'halaxy-poll-v1',
  payload: z.object({}),
  options: { policy: 'exclusive', retryLimit: 1, retryDelay: 60, expireInSeconds: 600 },
})
export const HALAXY_POLL_CRON = '*/5 * * * *'

/**
 * An appointment was booked, rescheduled or cancelled. Consumed by the capabilities that
 * follow a booking (confirmations, the video room); kept 30 days. The Halaxy mirror has its
 * own queue (halaxy-push-v1), written in the same transaction.
 */
export const appointmentChangedQueue = defineQueue({
  name: 'appointment-changed-v1',
  payload: z.object({ appointmentId: z.string().min(1), version: z.number().int().min(1) }),
  options: {
    retryLimit: 10,
    retryDelay: 30,
    retryBackoff: true,
    retentionSeconds: 30 * 24 * 60 * 60,
    notify: true,
  },
})

/**
 * Releases held times whose payment did not arrive in time (every minute). Bookings and
 * offered times already ignore an expired hold; this makes it visible as released.
 */
export const releaseHoldsQueue = defineQueue({
  name: 'release-holds-v1',
  payload: z.object({}),
  // One run queued or running at a time: a slow run is not piled up behind.
  options: { policy: 'exclusive', retryLimit: 2, retryDelay: 10, expireInSeconds: 120 },
})
export const RELEASE_HOLDS_CRON = '* * * * *'

/**
 * A refund decided in Haven, sent to Stripe. Stripe outages are short: back off from 30 s
 * to an hour, about a day in all; a refund that still fails is visible on the invoice.
 */
export const stripeRefundQueue = defineQueue({
  name: 'stripe-refund-v1',
  payload: z.object({ refundId: z.string().min(1) }),
  options: { retryLimit: 12, retryDelay: 30, retryBackoff: true, retryDelayMax: 3_600, expireInSeconds: 120 },
})

/** A verified Stripe webhook event, stored once, handled here (the worker re-reads Stripe). */
export const stripeEventQueue = defineQueue({
  name: 'stripe-event-v1',
  payload: z.object({ eventId: z.string().min(1) }),
  // A paid webhook confirms the booking while the patient waits on the return page.
  options: {
    retryLimit: 10,
    retryDelay: 5,
    retryBackoff: true,
    retryDelayMax: 1_800,
    expireInSeconds: 120,
    notify: true,
  },
})

/** Asks Stripe about payments still pending after a while: a missed webhook heals itself. */
export const stripeReconcileQueue = defineQueue({
  name: 'stripe-reconcile-v1',
  payload: z.object({}),
  options: { policy: 'exclusive', retryLimit: 2, retryDelay: 30, expireInSeconds: 600 },
})
export const STRIPE_RECONCILE_CRON = '*/5 * * * *'

/** A room's Twilio writes (create, complete): one waiting and one running per room, woken at once. */
const videoRoomJobOptions: Omit<Queue, 'name'> = {
  policy: 'stately',
  retryLimit: 12,
  retryDelay: 5,
  retryBackoff: true,
  retryDelayMax: 300,
  // A write answers within its 10 s timeout, after at most a few seconds for a rate-limit slot.
  expireInSeconds: 60,
  notify: true,
}

/**
 * Creates a telehealth appointment's room at Twilio (VideoRoom.id). Due 30 minutes before the
 * session, or at once for a room the session page needs now. One waiting and one running per
 * room (stately, singletonKey = the room's id). Twilio outages are short and the session is
 * close: back off from 5 s to 5 minutes; the sweeper picks up a room whose retries ran out.
 */
export const videoRoomPrepareQueue = defineQueue({
  name: 'video-room-prepare-v1',
  payload: z.object({ roomId: z.string().min(1) }),
  options: videoRoomJobOptions,
})

/** Completes an ended room at Twilio (a cancelled or moved session, End session): everyone in it leaves. */
export const videoRoomCloseQueue = defineQueue({
  name: 'video-room-close-v1',
  payload: z.object({ roomId: z.string().min(1) }),
  options: videoRoomJobOptions,
})

/** Re-enqueues the preparation of rooms due and untouched for a while (a lost job heals): every minute. */
export const videoRoomSweepQueue = defineQueue({
  name: 'video-room-sweep-v1',
  payload: z.object({}),
  options: { policy: 'exclusive', retryLimit: 1, retryDelay: 10, expireInSeconds: 120 },
})
export const VIDEO_ROOM_SWEEP_CRON = '* * * * *'

// Dead-letter queues first: a queue's dead letter must exist before the queue names it.
export const allQueues: QueueDefinition<unknown>[] = [
  sendEmailDeadQueue,
  sendEmailQueue,
  sendSmsDeadQueue,
  sendSmsQueue,
  housekeepingQueue,
  halaxyPushDeadQueue,
  halaxyPushQueue,
  halaxyInboundQueue,
  halaxyPollQueue,
  halaxyResyncQueue,
  appointmentChangedQueue,
  releaseHoldsQueue,
  stripeRefundQueue,
  stripeEventQueue,
  stripeReconcileQueue,
  videoRoomPrepareQueue,
  videoRoomCloseQueue,
  videoRoomSweepQueue,
]
