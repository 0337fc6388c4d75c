import { type Job } from 'pg-boss'
import { planAppointmentMessages } from '~/domain/notify/appointment-messages.server.ts'
import { planVideoRoomForChange } from '~/domain/telehealth/rooms.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { appointmentChangedQueue } from '~/utils/queues.server.ts'

type Payload = { appointmentId: string; version: number }

/**
 * A booking, move or cancellation: records the messages it implies (confirmations, notices,
 * reminders) and brings its video room in line (made, replaced, ended).
 */
export async function handleAppointmentChanged(jobs: Job<Payload>[]) {
  for (const job of jobs) {
    const change = appointmentChangedQueue.payload.parse(job.data)
    const result = await planAppointmentMessages(change)
    const videoRoom = await planVideoRoomForChange(change)
    logger.info(
      {
        queue: appointmentChangedQueue.name,
        jobId: job.id,
        appointmentId: change.appointmentId,
        planned: result.planned,
        videoRoom,
      },
      'appointment change planned',
    )
  }
}
