import { type Job } from 'pg-boss'
import { closeVideoRoom, prepareVideoRoom, sweepVideoRooms } from '~/domain/telehealth/rooms.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { videoRoomCloseQueue, videoRoomPrepareQueue } from '~/utils/queues.server.ts'

type RoomPayload = { roomId: string }

/** Creates a telehealth session's room at Twilio; a failure throws for pg-boss to retry. */
export async function handlePrepareVideoRoom(jobs: Job<RoomPayload>[]) {
  for (const job of jobs) {
    const { roomId } = videoRoomPrepareQueue.payload.parse(job.data)
    const outcome = await prepareVideoRoom(roomId)
    logger.info({ queue: videoRoomPrepareQueue.name, jobId: job.id, roomId, outcome }, 'video room prepared')
  }
}

/** Completes an ended room at Twilio. */
export async function handleCloseVideoRoom(jobs: Job<RoomPayload>[]) {
  for (const job of jobs) {
    const { roomId } = videoRoomCloseQueue.payload.parse(job.data)
    const outcome = await closeVideoRoom(roomId)
    logger.info({ queue: videoRoomCloseQueue.name, jobId: job.id, roomId, outcome }, 'video room closed')
  }
}

/** Gives rooms whose preparation went quiet a job again. */
export async function handleSweepVideoRooms() {
  const requeued = await sweepVideoRooms()
  if (requeued > 0) logger.warn({ requeued }, 'video rooms re-queued for preparation')
}
