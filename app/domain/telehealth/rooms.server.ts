// A telehealth appointment's Twilio Video room, from the appointment's state: one live VideoRoom
// row per confirmed telehealth appointment (made when the change is planned, created at Twilio
// by a job 30 minutes before the session), ended and closed at Twilio when the session is
// cancelled, moved or ended. The worker's jobs (jobs/video-rooms.ts) call the functions below.
import { randomBytes } from 'node:crypto'
import { type VideoRoom } from '~/generated/prisma/client.ts'
import { db, type Tx } from '~/utils/db.server.ts'
import { enqueue } from '~/utils/jobs.server.ts'
import { videoRoomCloseQueue, videoRoomPrepareQueue } from '~/utils/queues.server.ts'
import { audit } from '../audit/audit.server.ts'
import { createVendorRateLimiter, type VendorRateLimiter } from '../vendor-rate-limit.server.ts'
import { type VideoRoomEndReason } from './rooms.ts'
import {
  completeTwilioRoom,
  createVideoRoom,
  findVideoRoom,
  readVideoRoomsConfig,
  ROOM_EXISTS_CODE,
  type TwilioRoom,
  type VideoRoomsConfig,
} from './twilio-video.server.ts'

/** Rooms are created this long before the session: before the join window opens (15 minutes). */
export const VIDEO_ROOM_LEAD_MINUTES = 30

/** The patient and the psychologist. */
const MAX_PARTICIPANTS = 2

/** Twilio's REST API takes 20 writes a second an account, counted across every Haven process. */
export const TWILIO_VIDEO_WRITES_PER_SECOND = 20
/**
 * The limiter's window: 20 slots per 1.2 s, not per 1 s. A request reaches Twilio a little after
 * its slot, by varying amounts, so slots a full second apart can arrive closer together
 * (measured with a 1 s window: 21 writes arrived within one second); the extra 200 ms absorbs that.
 */
const TWILIO_VIDEO_WINDOW_MS = 1_200

/** A preparing room nobody has tried for this long has lost its job (retries back off to 5 minutes). */
const STALE_PREPARATION_MS = 6 * 60_000

let defaultLimiter: VendorRateLimiter | undefined
const twilioVideoLimiter = () =>
  (defaultLimiter ??= createVendorRateLimiter({
    vendor: 'twilio-video',
    limit: TWILIO_VIDEO_WRITES_PER_SECOND,
    windowMs: TWILIO_VIDEO_WINDOW_MS,
  }))

/** What the jobs talk to: Twilio's config and the shared write limiter (tests and the bench pass their own). */
export type RoomDeps = { config?: VideoRoomsConfig; limiter?: VendorRateLimiter }

// RFC 4648 base32, lower case: names and identities Twilio takes as they are, that say nothing.
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567'
function opaque(prefix: string) {
  const bytes = randomBytes(15)
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  return `${prefix}_${out}`
}

type PlannedAppointment = {
  id: string
  status: string
  modality: string
  startsAt: Date
  endsAt: Date
  version: number
}

const prepareAt = (startsAt: Date, now: Date) =>
  new Date(Math.max(now.getTime(), startsAt.getTime() - VIDEO_ROOM_LEAD_MINUTES * 60_000))

async function newRoom(tx: Tx, appointment: PlannedAppointment, now: Date, startAfter: Date) {
  const room = await tx.videoRoom.create({
    data: {
      appointmentId: appointment.id,
      appointmentVersion: appointment.version,
      startsAt: appointment.startsAt,
      uniqueName: opaque('rm'),
      patientIdentity: opaque('id'),
      psychologistIdentity: opaque('id'),
      createdAt: now,
    },
  })
  await enqueue(tx, videoRoomPrepareQueue, { roomId: room.id }, { singletonKey: room.id, startAfter })
  return room
}

/** Ends a live room for `reason`; one Twilio has made is completed there by a job. */
async function endRoom(tx: Tx, room: VideoRoom, reason: VideoRoomEndReason, now: Date) {
  const ended = await tx.videoRoom.updateMany({
    where: { id: room.id, live: true },
    data: { status: 'ended', live: null, endedAt: now, endReason: reason },
  })
  if (ended.count > 0 && room.twilioSid) await enqueueClose(tx, room.id)
  return ended.count > 0
}

function enqueueClose(tx: Tx, roomId: string) {
  return enqueue(tx, videoRoomCloseQueue, { roomId }, { singletonKey: roomId })
}

/**
 * Brings the appointment's room in line with its current state, in the caller's transaction
 * (the appointment row locked by it). A confirmed telehealth session not yet over has one live
 * room made for its current time, prepared at Twilio 30 minutes before it; a session moved to
 * another time (or no longer by video) ends its room, a cancelled one too, and an attended one
 * completes it. Safe to run again: a room for the current time is kept as it is.
 */
export async function planVideoRoom(tx: Tx, appointment: PlannedAppointment, now: Date) {
  const wanted =
    appointment.status === 'confirmed' &&
    appointment.modality === 'telehealth' &&
    appointment.endsAt.getTime() > now.getTime()
  const live = await tx.videoRoom.findFirst({ where: { appointmentId: appointment.id, live: true } })
  if (live) {
    if (wanted && live.startsAt.getTime() === appointment.startsAt.getTime()) return 'kept' as const
    await endRoom(tx, live, endReasonFor(appointment), now)
  }
  if (!wanted) return live ? ('ended' as const) : ('none' as const)
  await newRoom(tx, appointment, now, prepareAt(appointment.startsAt, now))
  return live ? ('replaced' as const) : ('created' as const)
}

function endReasonFor(appointment: PlannedAppointment): VideoRoomEndReason {
  if (['cancelled', 'late_cancelled', 'expired'].includes(appointment.status)) return 'cancelled'
  if (['completed', 'no_show'].includes(appointment.status)) return 'completed'
  // Moved to another time, no longer by video, or over.
  return 'moved'
}

/**
 * The appointment-changed consumer's part for video (jobs/appointment-changed.ts): plans the
 * room from the appointment's current state, under its row lock like the messages planner. A
 * job for a version the appointment has moved past does nothing; the newer job plans.
 */
export async function planVideoRoomForChange(
  change: { appointmentId: string; version: number },
  now = new Date(),
) {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`select 1 from "Appointment" where id = ${change.appointmentId} for update`
    const appointment = await tx.appointment.findUnique({ where: { id: change.appointmentId } })
    if (!appointment) return 'missing' as const
    if (appointment.version !== change.version) return 'superseded' as const
    return planVideoRoom(tx, appointment, now)
  })
}

/** The appointment's live room (preparing or ready), or null. */
export function liveVideoRoom(appointmentId: string, client: Tx = db) {
  return client.videoRoom.findFirst({ where: { appointmentId, live: true } })
}

/**
 * The session page's way back when there is no live room (Twilio ended it early: everyone left
 * and its empty-room timeout passed): a new room, prepared at once. Null when the appointment is
 * not a confirmed telehealth session, or when its psychologist ended the session (a page still
 * open on it must not start another room, which would also hide who joined the one that ended).
 */
export async function ensureRoomSoon(appointmentId: string, now = new Date()) {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`select 1 from "Appointment" where id = ${appointmentId} for update`
    const appointment = await tx.appointment.findUnique({ where: { id: appointmentId } })
    if (!appointment || appointment.status !== 'confirmed' || appointment.modality !== 'telehealth')
      return null
    const live = await liveVideoRoom(appointmentId, tx)
    if (live) return live
    const ended = await tx.videoRoom.findFirst({
      where: { appointmentId, startsAt: appointment.startsAt, endReason: 'completed' },
      select: { id: true },
    })
    return ended ? null : newRoom(tx, appointment, now, now)
  })
}

/** The psychologist's End session: the room ends ('completed') and a job completes it at Twilio. */
export async function completeVideoRoom(appointmentId: string, actorId: string, now = new Date()) {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`select 1 from "Appointment" where id = ${appointmentId} for update`
    const live = await liveVideoRoom(appointmentId, tx)
    if (!live || !(await endRoom(tx, live, 'completed', now))) return null
    await audit(tx, {
      actorId,
      action: 'video-room.completed',
      entity: 'appointment',
      entityId: appointmentId,
      detail: { roomId: live.id },
    })
    return tx.videoRoom.findUniqueOrThrow({ where: { id: live.id } })
  })
}

export type PrepareOutcome = 'ready' | 'adopted' | 'not-preparing' | 'failed'

/**
 * The prepare job: creates the room at Twilio (a write slot first) and marks it ready. A create
 * whose answer was lost, or that Twilio says exists (53113), is looked up by its unique name and
 * adopted, so a room is never made twice. A failure is recorded on the row in Twilio's words
 * (attempts, lastError, lastAttemptAt) for the appointment page, then thrown when retrying may
 * help, for pg-boss to retry with backoff.
 */
export async function prepareVideoRoom(roomId: string, deps: RoomDeps = {}): Promise<PrepareOutcome> {
  const config = deps.config ?? readVideoRoomsConfig()
  const limiter = deps.limiter ?? twilioVideoLimiter()
  const room = await db.videoRoom.findUnique({ where: { id: roomId } })
  if (!room || room.status !== 'preparing') return 'not-preparing'

  await limiter.acquire()
  const created = await createVideoRoom(
    { uniqueName: room.uniqueName, maxParticipants: MAX_PARTICIPANTS },
    config,
  )
  if (created.ok) return settle(room, created.room, 'ready')

  // Twilio may have made it: the answer was lost, or an earlier lost create made it (53113).
  if (created.code === ROOM_EXISTS_CODE || (created.retryable && created.code === undefined)) {
    const found = await findVideoRoom(room.uniqueName, config)
    if (found.ok && found.room?.status === 'in-progress') return settle(room, found.room, 'adopted')
  }
  if (created.retryAfterSeconds) await limiter.pause(created.retryAfterSeconds)
  await db.videoRoom.update({
    where: { id: room.id },
    data: { attempts: { increment: 1 }, lastError: created.error, lastAttemptAt: new Date() },
  })
  if (created.retryable) throw new Error(`Twilio Video: ${created.error}`)
  return 'failed'
}

/** Marks the room ready with Twilio's sid; one ended meanwhile is completed at Twilio instead. */
async function settle(room: VideoRoom, twilioRoom: TwilioRoom, outcome: 'ready' | 'adopted') {
  return db.$transaction(async (tx) => {
    const now = new Date()
    const current = await tx.videoRoom.update({
      where: { id: room.id },
      data: { twilioSid: twilioRoom.sid, attempts: { increment: 1 }, lastAttemptAt: now, lastError: '' },
    })
    if (current.status === 'ended') {
      await enqueueClose(tx, room.id)
      return 'not-preparing' as const
    }
    await tx.videoRoom.update({ where: { id: room.id }, data: { status: 'ready', readyAt: now } })
    return outcome
  })
}

/** The close job: completes an ended room at Twilio. Failures are kept on the row and retried. */
export async function closeVideoRoom(roomId: string, deps: RoomDeps = {}) {
  const room = await db.videoRoom.findUnique({ where: { id: roomId } })
  if (!room?.twilioSid || room.status !== 'ended') return 'nothing-to-close' as const
  await (deps.limiter ?? twilioVideoLimiter()).acquire()
  const completed = await completeTwilioRoom(room.twilioSid, deps.config ?? readVideoRoomsConfig())
  if (completed.ok) return 'closed' as const
  await db.videoRoom.update({
    where: { id: room.id },
    data: { lastError: `closing: ${completed.error}`, lastAttemptAt: new Date() },
  })
  if (completed.retryable) throw new Error(`Twilio Video: ${completed.error}`)
  return 'failed' as const
}

/**
 * The sweeper (every minute): rooms due for preparation that nobody has tried for a while lost
 * their job (or ran out of retries): each gets one again.
 */
export async function sweepVideoRooms(now = new Date()) {
  const dueBy = new Date(now.getTime() + VIDEO_ROOM_LEAD_MINUTES * 60_000)
  const staleBefore = new Date(now.getTime() - STALE_PREPARATION_MS)
  const rooms = await db.videoRoom.findMany({
    where: {
      live: true,
      status: 'preparing',
      startsAt: { lte: dueBy },
      createdAt: { lte: new Date(now.getTime() - 60_000) },
      OR: [{ lastAttemptAt: null }, { lastAttemptAt: { lt: staleBefore } }],
    },
    select: { id: true },
  })
  await db.$transaction(async (tx) => {
    for (const room of rooms)
      await enqueue(tx, videoRoomPrepareQueue, { roomId: room.id }, { singletonKey: room.id })
  })
  return rooms.length
}
