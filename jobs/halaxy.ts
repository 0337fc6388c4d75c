import { type Job } from 'pg-boss'
import { giveUpOnPush, pushToHalaxy } from '~/domain/halaxy/push.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { halaxyPushDeadQueue, halaxyPushQueue } from './queues.ts'

/** One record's push to Halaxy; a retryable failure throws so pg-boss backs off and tries again. */
export async function handleHalaxyPush(jobs: Job<unknown>[]) {
  for (const job of jobs) {
    const { entity, havenId } = halaxyPushQueue.payload.parse(job.data)
    try {
      const outcome = await pushToHalaxy(entity, havenId)
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
