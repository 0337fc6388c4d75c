import { type Env, getEnv } from '~/utils/env.server.ts'
import {
  readTwilioAccount,
  twilioClient,
  twilioFailure,
  type TwilioAccount,
  type TwilioFailure,
  videoStatusCallbackUrl,
} from '../twilio.server.ts'

// The one place that talks to Twilio Video's REST API (rooms). A room's unique name is opaque
// (rooms.server.ts makes it), so nothing here is personal; Twilio's words go to VideoRoom.lastError.

export type VideoRoomsConfig = TwilioAccount & {
  /** Where Twilio posts the room's events: videoStatusCallbackUrl(). */
  statusCallback: string
  timeoutMs: number
}

export function readVideoRoomsConfig(
  env: Partial<Pick<Env, 'TWILIO_ACCOUNT_SID' | 'TWILIO_AUTH_TOKEN' | 'HAVEN_STANDINS'>> &
    Pick<Env, 'APP_URL'> = getEnv(),
): VideoRoomsConfig {
  return { ...readTwilioAccount(env), statusCallback: videoStatusCallbackUrl(env), timeoutMs: 10_000 }
}

/** What Haven keeps of Twilio's room resource. */
export type TwilioRoom = {
  sid: string
  uniqueName: string
  status: 'in-progress' | 'completed' | 'failed'
}

export type RoomResult = { ok: true; room: TwilioRoom } | TwilioFailure

/** Twilio: a room with this unique name is in progress already (a create that was lost, then retried). */
export const ROOM_EXISTS_CODE = 53113
/** Twilio: no such resource (a room looked up by a name no in-progress room has). */
const NOT_FOUND_CODE = 20404

/** Media stays in Australia; the room's metadata is processed in the US (docs/privacy). */
const MEDIA_REGION = 'au1'
/** Minutes: how long an empty room stays open after the last person leaves, and before anyone joins. */
const EMPTY_ROOM_TIMEOUT_MINUTES = 10
const UNUSED_ROOM_TIMEOUT_MINUTES = 60

function connect(config: VideoRoomsConfig) {
  return twilioClient(
    { TWILIO_ACCOUNT_SID: config.accountSid, TWILIO_AUTH_TOKEN: config.authToken },
    config,
    config.timeoutMs,
  )
}

function toRoom(room: { sid: string; uniqueName: string; status: TwilioRoom['status'] }): TwilioRoom {
  return { sid: room.sid, uniqueName: room.uniqueName, status: room.status }
}

/** Creates a Group room for two (patient and psychologist), recording off. */
export async function createVideoRoom(
  room: { uniqueName: string; maxParticipants: number },
  config: VideoRoomsConfig = readVideoRoomsConfig(),
): Promise<RoomResult> {
  const created = connect(config)
  if (!created.ok) return created
  try {
    const answer = await created.client.video.v1.rooms.create({
      uniqueName: room.uniqueName,
      type: 'group',
      mediaRegion: MEDIA_REGION,
      maxParticipants: room.maxParticipants,
      recordParticipantsOnConnect: false,
      emptyRoomTimeout: EMPTY_ROOM_TIMEOUT_MINUTES,
      unusedRoomTimeout: UNUSED_ROOM_TIMEOUT_MINUTES,
      statusCallback: config.statusCallback,
      statusCallbackMethod: 'POST',
    })
    return { ok: true, room: toRoom(answer) }
  } catch (error) {
    return twilioFailure(error, created.client)
  }
}

/** The in-progress room with this unique name; null when Twilio has none by that name. */
export async function findVideoRoom(
  uniqueName: string,
  config: VideoRoomsConfig = readVideoRoomsConfig(),
): Promise<{ ok: true; room: TwilioRoom | null } | TwilioFailure> {
  const created = connect(config)
  if (!created.ok) return created
  try {
    return { ok: true, room: toRoom(await created.client.video.v1.rooms(uniqueName).fetch()) }
  } catch (error) {
    const failure = twilioFailure(error, created.client)
    return failure.code === NOT_FOUND_CODE ? { ok: true, room: null } : failure
  }
}

/** Twilio: the room has completed already (it timed out empty, or was ended before). */
const ROOM_COMPLETED_CODE = 53118

/** Ends a room at Twilio: everyone in it is disconnected. A room that has ended already is done too. */
export async function completeTwilioRoom(
  sid: string,
  config: VideoRoomsConfig = readVideoRoomsConfig(),
): Promise<{ ok: true } | TwilioFailure> {
  const created = connect(config)
  if (!created.ok) return created
  try {
    await created.client.video.v1.rooms(sid).update({ status: 'completed' })
    return { ok: true }
  } catch (error) {
    const failure = twilioFailure(error, created.client)
    return failure.code === ROOM_COMPLETED_CODE || failure.code === NOT_FOUND_CODE ? { ok: true } : failure
  }
}
