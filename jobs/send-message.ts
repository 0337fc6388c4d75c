import { type Job } from 'pg-boss'
import { deliverMessage, markMessageUndeliverable } from '~/domain/notify/messages.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { sendEmailQueue } from '~/utils/queues.server.ts'

// One handler for both channels' queues (send-email-v1, send-sms-v1): the Message row says which.
type Payload = { messageId: string }

/** One attempt to send one message; a thrown error makes pg-boss retry with backoff. */
export async function handleSendMessage(jobs: Job<Payload>[]) {
  for (const job of jobs) {
    const { messageId } = sendEmailQueue.payload.parse(job.data)
    try {
      const result = await deliverMessage(messageId)
      logger.info({ queue: job.name, jobId: job.id, messageId, status: result.status }, 'message job done')
    } catch (error) {
      logger.warn(
        { queue: job.name, jobId: job.id, messageId, error: (error as Error).message },
        'message attempt failed; will retry',
      )
      throw error
    }
  }
}

/** Every retry failed: the message is marked failed, visible to the practice. */
export async function handleSendMessageDead(jobs: Job<Payload>[]) {
  for (const job of jobs) {
    const { messageId } = sendEmailQueue.payload.parse(job.data)
    await markMessageUndeliverable(messageId)
    logger.error({ queue: job.name, jobId: job.id, messageId }, 'message undeliverable')
  }
}
