import { type Job } from 'pg-boss'
import { deliverMessage, markMessageUndeliverable } from '~/domain/notify/messages.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { sendEmailDeadQueue, sendEmailQueue } from '~/utils/queues.server.ts'

type Payload = { messageId: string }

/** One attempt to send one email; a thrown error makes pg-boss retry with backoff. */
export async function handleSendEmail(jobs: Job<Payload>[]) {
  for (const job of jobs) {
    const { messageId } = sendEmailQueue.payload.parse(job.data)
    try {
      const result = await deliverMessage(messageId)
      logger.info(
        { queue: sendEmailQueue.name, jobId: job.id, messageId, status: result.status },
        'email job done',
      )
    } catch (error) {
      logger.warn(
        { queue: sendEmailQueue.name, jobId: job.id, messageId, error: (error as Error).message },
        'email attempt failed; will retry',
      )
      throw error
    }
  }
}

/** Every retry failed: the message is marked failed, visible to the practice. */
export async function handleSendEmailDead(jobs: Job<Payload>[]) {
  for (const job of jobs) {
    const { messageId } = sendEmailDeadQueue.payload.parse(job.data)
    await markMessageUndeliverable(messageId)
    logger.error({ queue: sendEmailDeadQueue.name, jobId: job.id, messageId }, 'email undeliverable')
  }
}
