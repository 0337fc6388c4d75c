import { type Job } from 'pg-boss'
import { pushToHalaxy } from '~/domain/halaxy/push.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { halaxyPushQueue } from './queues.ts'

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
