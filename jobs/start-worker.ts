import { type PgBoss } from 'pg-boss'
import { createBoss, ensureQueues } from '~/utils/jobs.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { handleAppointmentChanged } from './appointment-changed.ts'
import { handleHousekeeping } from './housekeeping.ts'
import {
  appointmentChangedQueue,
  HALAXY_POLL_CRON,
  halaxyInboundQueue,
  halaxyPollQueue,
  halaxyPushDeadQueue,
  halaxyPushQueue,
  halaxyResyncQueue,
  HOUSEKEEPING_CRON,
  housekeepingQueue,
  RELEASE_HOLDS_CRON,
  releaseHoldsQueue,
  sendEmailDeadQueue,
  sendEmailQueue,
  sendSmsDeadQueue,
  sendSmsQueue,
  STRIPE_RECONCILE_CRON,
  stripeEventQueue,
  stripeReconcileQueue,
  stripeRefundQueue,
  VIDEO_ROOM_SWEEP_CRON,
  videoRoomCloseQueue,
  videoRoomPrepareQueue,
  videoRoomSweepQueue,
} from '~/utils/queues.server.ts'
import { readHalaxyConfig, isHalaxyConfigured } from '~/domain/halaxy/client.server.ts'
import {
  handleHalaxyInbound,
  handleHalaxyPoll,
  handleHalaxyPush,
  handleHalaxyPushDead,
  handleHalaxyResync,
} from './halaxy.ts'
import { handleReleaseHolds } from './release-holds.ts'
import { handleStripeEvent, handleStripeReconcile, handleStripeRefund } from './stripe.ts'
import { handleSendMessage, handleSendMessageDead } from './send-message.ts'
import { handleCloseVideoRoom, handlePrepareVideoRoom, handleSweepVideoRooms } from './video-rooms.ts'

/**
 * For queues woken by NOTIFY: pg-boss then polls only every 30 s as a backstop, so a backlog (after
 * an outage, a burst) would drain one job per 30 s. Polling every second as well keeps it draining.
 */
const WOKEN_AND_POLLED = { batchSize: 1, pollingIntervalSeconds: 1, notifyPollingIntervalSeconds: 1 }

/** Starts pg-boss as a worker and registers one handler per queue. */
export async function startWorker(connectionString: string): Promise<PgBoss> {
  const boss = createBoss(connectionString, 'worker')
  boss.on('error', (error) => logger.error({ error: error.message }, 'pg-boss error'))
  await boss.start()
  await ensureQueues(boss)
  // A burst of bookings (or reminders falling due together) is drained without waiting a poll per
  // message: several at once, fetching again at once while the queue has more ready.
  const messageWork = { ...WOKEN_AND_POLLED, localConcurrency: 4, burstWhenReadyExceeds: 1 }
  await boss.work(sendEmailQueue.name, messageWork, handleSendMessage)
  await boss.work(sendEmailDeadQueue.name, { batchSize: 1 }, handleSendMessageDead)
  await boss.work(sendSmsQueue.name, messageWork, handleSendMessage)
  await boss.work(sendSmsDeadQueue.name, { batchSize: 1 }, handleSendMessageDead)
  // Woken at once: a confirmation goes while the patient is still on the payment's return page.
  await boss.work(
    appointmentChangedQueue.name,
    { ...WOKEN_AND_POLLED, localConcurrency: 2, burstWhenReadyExceeds: 1 },
    handleAppointmentChanged,
  )
  // Video rooms: four at a time, woken at once (a room the session page needs now); Twilio's 20
  // writes a second are shared through the database limiter, whatever the number of workers.
  const roomWork = { ...WOKEN_AND_POLLED, localConcurrency: 4, burstWhenReadyExceeds: 1 }
  await boss.work(videoRoomPrepareQueue.name, roomWork, handlePrepareVideoRoom)
  await boss.work(videoRoomCloseQueue.name, roomWork, handleCloseVideoRoom)
  await boss.work(videoRoomSweepQueue.name, { batchSize: 1 }, handleSweepVideoRooms)
  await boss.schedule(videoRoomSweepQueue.name, VIDEO_ROOM_SWEEP_CRON, {})
  await boss.work(housekeepingQueue.name, { batchSize: 1 }, handleHousekeeping)
  await boss.schedule(housekeepingQueue.name, HOUSEKEEPING_CRON, {}, { tz: 'Australia/Sydney' })
  await boss.work(releaseHoldsQueue.name, { batchSize: 1 }, handleReleaseHolds)
  await boss.schedule(releaseHoldsQueue.name, RELEASE_HOLDS_CRON, {})
  // Woken by NOTIFY the moment a webhook is stored; polling is the fallback.
  await boss.work(stripeEventQueue.name, WOKEN_AND_POLLED, handleStripeEvent)
  await boss.work(stripeRefundQueue.name, { batchSize: 1, pollingIntervalSeconds: 1 }, handleStripeRefund)
  await boss.work(stripeReconcileQueue.name, { batchSize: 1 }, handleStripeReconcile)
  await boss.schedule(stripeReconcileQueue.name, STRIPE_RECONCILE_CRON, {})
  // A re-sync marks records even before Halaxy is connected: their pushes wait, queued.
  await boss.work(halaxyResyncQueue.name, { batchSize: 1 }, handleHalaxyResync)
  // Without Halaxy credentials the mirror waits: changes stay queued and the monitor says so.
  if (isHalaxyConfigured(readHalaxyConfig())) {
    // Ten pollers: one alone takes a job a second (60/min, an eighth of the 480 allowed); ten keep
    // the rate limiter full (scripts/bench/halaxy-mirror.ts: 2,000 creates at 100% of 480/min).
    await boss.work(
      halaxyPushQueue.name,
      { batchSize: 1, pollingIntervalSeconds: 1, localConcurrency: 10 },
      handleHalaxyPush,
    )
    await boss.work(halaxyPushDeadQueue.name, { batchSize: 1 }, handleHalaxyPushDead)
    // Inbound: webhooks wake it at once (NOTIFY); the poll heals what they missed.
    await boss.work(
      halaxyInboundQueue.name,
      { ...WOKEN_AND_POLLED, localConcurrency: 2 },
      handleHalaxyInbound,
    )
    await boss.work(halaxyPollQueue.name, { batchSize: 1 }, handleHalaxyPoll)
    await boss.schedule(halaxyPollQueue.name, HALAXY_POLL_CRON, {})
    // And once soon after a start (a deploy, `npm run dev`), not up to five minutes later; the
    // short wait lets a local Halaxy started beside the worker come up first.
    await boss.send(halaxyPollQueue.name, {}, { startAfter: 10 })
  }
  return boss
}
