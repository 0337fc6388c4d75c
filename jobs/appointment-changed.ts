import { type Job } from 'pg-boss'
import { planAppointmentMessages } from '~/domain/notify/appointment-messages.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { appointmentChangedQueue } from '~/utils/queues.server.ts'

type Payload = { appointmentId: string; version: number }

/** A booking, move or cancellation: records the messages it implies (confirmations, notices, reminders). */
export async function handleAppointmentChanged(jobs: Job<Payload>[]) {
  for (const job of jobs) {
    const change = appointmentChangedQueue.payload.parse(job.data)
    const result = await planAppointmentMessages(change)
    logger.info(
      {
        queue: appointmentChangedQueue.name,
        jobId: job.id,
        appointmentId: change.appointmentId,
        planned: result.planned,
      },
      'appointment messages planned',
    )
  }
}
