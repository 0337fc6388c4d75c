import { type Job } from 'pg-boss'
import { pollHalaxy } from '~/domain/halaxy/poll.server.ts'
import { fullResync } from '~/domain/halaxy/monitor.server.ts'
import { pushSignedRecord } from '~/domain/halaxy/notes-push.server.ts'
import { isSignedRecordEntity } from '~/domain/halaxy/outbox.server.ts'
import { giveUpOnPush, pushToHalaxy } from '~/domain/halaxy/push.server.ts'
import { refreshFromHalaxy } from '~/domain/halaxy/remote-change.server.ts'
import { logger } from '~/utils/logger.server.ts'
import {
  halaxyInboundQueue,
  halaxyPollQueue,
  halaxyPushDeadQueue,
  halaxyPushQueue,
  halaxyResyncQueue,
} from '~/utils/queues.server.ts'

/** One record's push to Halaxy; a retryable failure throws so pg-boss backs off and tries again. */
export async function handleHalaxyPush(jobs: Job<unknown>[]) {
  for (const job of jobs) {
    const { entity, havenId } = halaxyPushQueue.payload.parse(job.data)
    try {
      const outcome = isSignedRecordEntity(entity)
        ? await pushSignedRecord(entity, havenId)
        : await pushToHalaxy(entity, havenId)
      logger.info(
        { queue: halaxyPushQueue.name, jobId: job.id, entity, state: outcome.state },
        'halaxy push done',
      )
    } catch (error) {
      logger.warn(
        { queue: halaxyPushQueue.name, jobId: job.id, entity, error: (error as Error).message },
        'halaxy push failed; will retry',
      )
      throw error
    }
  }
}

/** Retries ran out: the link shows as failed on the sync monitor, with Halaxy's last words. */
export async function handleHalaxyPushDead(jobs: Job<unknown>[]) {
  for (const job of jobs) {
    const { entity, havenId } = halaxyPushDeadQueue.payload.parse(job.data)
    await giveUpOnPush(entity, havenId)
  }
}

/** A record a Halaxy webhook named: read it from Halaxy and apply it (busy block or drift). */
export async function handleHalaxyInbound(jobs: Job<unknown>[]) {
  for (const job of jobs) {
    const reference = halaxyInboundQueue.payload.parse(job.data)
    const outcome = await refreshFromHalaxy(reference)
    logger.info(
      { queue: halaxyInboundQueue.name, jobId: job.id, resourceType: reference.resourceType, outcome },
      'halaxy inbound applied',
    )
  }
}

/** The periodic poll: whatever changed in Halaxy since the last one (heals missed webhooks). */
export async function handleHalaxyPoll() {
  const result = await pollHalaxy()
  if (!result.ok)
    logger.warn({ queue: halaxyPollQueue.name }, 'halaxy poll could not finish; it resumes next time')
  else logger.info({ queue: halaxyPollQueue.name, counts: result.counts }, 'halaxy poll done')
}

/** A full re-sync a manager asked for: marks and queues everything Halaxy should hold, in batches. */
export async function handleHalaxyResync(jobs: Job<unknown>[]) {
  for (const job of jobs) {
    const { actorId } = halaxyResyncQueue.payload.parse(job.data)
    const counts = await fullResync(actorId)
    logger.info({ queue: halaxyResyncQueue.name, jobId: job.id, ...counts }, 'halaxy full re-sync queued')
  }
}
