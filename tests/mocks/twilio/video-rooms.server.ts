import fs from 'node:fs/promises'
import path from 'node:path'
import { readTwilioAccount, TWILIO_STANDIN_ACCOUNT } from '~/domain/twilio.server.ts'
import { readJson, readJsonFiles, standInStateDir, withFolderLock, writeJson } from '../file-state.server.ts'
import { sendStatusCallbacks, type TwilioWebhook } from './webhooks.server.ts'

/**
 * The Twilio Video stand-in's rooms and participants (video-handlers.ts is its REST side). State
 * lives in JSON files under os.tmpdir()/haven-twilio-video/<HAVEN_TWILIO_VIDEO_DIR or 'dev'>, so
 * the worker that creates a room and the web process whose signalling server lets people into it
 * share one Twilio. No msw here: the dev signalling server imports this module.
 *
 * Each room event becomes a signed status callback as Twilio posts it (room-created,
 * participant-connected, participant-disconnected, room-ended), through sendStatusCallbacks:
 * posted to the room's StatusCallback with HAVEN_TWILIO_CALLBACKS=post, held in tests.
 */

export type StandInParticipant = {
  sid: string
  identity: string
  status: 'connected' | 'disconnected'
  connectedAt: string
  disconnectedAt: string | null
}

export type StandInRoom = {
  sid: string
  uniqueName: string
  status: 'in-progress' | 'completed' | 'failed'
  statusCallback: string
  statusCallbackMethod: string
  accountSid: string
  type: string
  mediaRegion: string
  maxParticipants: number
  recordParticipantsOnConnect: boolean
  emptyRoomTimeout: number
  unusedRoomTimeout: number
  dateCreated: string
  dateUpdated: string
  endTime: string | null
  participants: StandInParticipant[]
  /** The next callback's SequenceNumber (Twilio numbers a room's callbacks from 0). */
  nextSequence: number
}

/** What the next room creates meet: 500 and 429 (Retry-After: 1) answers, no answer, or a room made whose answer is lost. */
export type RoomCreateFault = '500' | '429' | 'timeout' | 'lost'

export function twilioVideoStandInDir() {
  return standInStateDir('HAVEN_TWILIO_VIDEO_DIR', 'haven-twilio-video')
}

const roomsDir = () => path.join(twilioVideoStandInDir(), 'rooms')
// The in-progress room of each unique name, so a lookup reads one file, not every room.
const nameFile = (uniqueName: string) => path.join(twilioVideoStandInDir(), 'names', `${uniqueName}.json`)
const faultFile = () => path.join(twilioVideoStandInDir(), 'fault.json')
const writesFile = () => path.join(twilioVideoStandInDir(), 'writes.log')

const locked = <T>(work: () => Promise<T>) => withFolderLock(twilioVideoStandInDir(), work)

/** Every room the stand-in holds, oldest first. */
export async function listStandInRooms(): Promise<StandInRoom[]> {
  const rooms = await readJsonFiles<StandInRoom>(roomsDir())
  return rooms.sort((a, b) => a.dateCreated.localeCompare(b.dateCreated) || a.sid.localeCompare(b.sid))
}

async function readRoom(sid: string) {
  return /^RM[0-9a-f]{32}$/.test(sid) ? readJson<StandInRoom>(path.join(roomsDir(), `${sid}.json`)) : null
}

async function saveRoom(room: StandInRoom) {
  await writeJson(path.join(roomsDir(), `${room.sid}.json`), room)
}

/** A room by its sid, or by its unique name while in progress: as Twilio's /Rooms/{sid or name}. */
export async function findStandInRoom(sidOrName: string): Promise<StandInRoom | null> {
  if (sidOrName.startsWith('RM')) return readRoom(sidOrName)
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(sidOrName)) return null
  const named = await readJson<{ sid: string }>(nameFile(sidOrName))
  const room = named ? await readRoom(named.sid) : null
  return room?.status === 'in-progress' ? room : null
}

/** The in-progress room with this unique name, else the latest that had it; null when none. */
export async function standInRoomByName(uniqueName: string): Promise<StandInRoom | null> {
  const inProgress = await findStandInRoom(uniqueName)
  if (inProgress) return inProgress
  return (await listStandInRooms()).filter((room) => room.uniqueName === uniqueName).at(-1) ?? null
}

const hex = (bytes: number) =>
  Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('')

function callback(
  room: StandInRoom,
  event: string,
  at: Date,
  extra: Record<string, string> = {},
): TwilioWebhook {
  const sequence = room.nextSequence
  room.nextSequence += 1
  return {
    url: room.statusCallback,
    // Twilio signs with the account's auth token; the stand-in's account is the app's own.
    authToken: readTwilioAccount().authToken ?? TWILIO_STANDIN_ACCOUNT.authToken,
    params: {
      AccountSid: room.accountSid,
      RoomName: room.uniqueName,
      RoomSid: room.sid,
      RoomStatus: room.status,
      RoomType: room.type,
      StatusCallbackEvent: event,
      Timestamp: at.toISOString(),
      SequenceNumber: String(sequence),
      ...extra,
    },
  }
}

function send(room: StandInRoom, callbacks: TwilioWebhook[]) {
  if (room.statusCallback && callbacks.length > 0) sendStatusCallbacks(callbacks)
}

const seconds = (from: string, to: Date) => Math.max(0, Math.round((to.getTime() - Date.parse(from)) / 1000))

function disconnect(room: StandInRoom, participant: StandInParticipant, at: Date) {
  participant.status = 'disconnected'
  participant.disconnectedAt = at.toISOString()
  return callback(room, 'participant-disconnected', at, {
    ParticipantSid: participant.sid,
    ParticipantIdentity: participant.identity,
    ParticipantStatus: 'disconnected',
    ParticipantDuration: String(seconds(participant.connectedAt, at)),
  })
}

export type NewRoom = Pick<
  StandInRoom,
  | 'uniqueName'
  | 'statusCallback'
  | 'statusCallbackMethod'
  | 'accountSid'
  | 'type'
  | 'mediaRegion'
  | 'maxParticipants'
  | 'recordParticipantsOnConnect'
  | 'emptyRoomTimeout'
  | 'unusedRoomTimeout'
>

/** Creates a room unless one with its name is in progress (then null: Twilio's 53113). */
export async function createStandInRoom(fields: NewRoom): Promise<StandInRoom | null> {
  const now = new Date()
  const room = await locked(async () => {
    if (await findStandInRoom(fields.uniqueName)) return null
    const created: StandInRoom = {
      ...fields,
      sid: `RM${hex(16)}`,
      status: 'in-progress',
      dateCreated: now.toISOString(),
      dateUpdated: now.toISOString(),
      endTime: null,
      participants: [],
      nextSequence: 0,
    }
    const callbacks = [callback(created, 'room-created', now)]
    await saveRoom(created)
    await writeJson(nameFile(created.uniqueName), { sid: created.sid })
    return { created, callbacks }
  })
  if (!room) return null
  send(room.created, room.callbacks)
  return room.created
}

/** Completes a room (the REST update): everyone in it leaves, then room-ended. Null when unknown. */
export async function completeStandInRoom(
  sidOrName: string,
): Promise<{ room: StandInRoom; wasCompleted: boolean } | null> {
  const now = new Date()
  const outcome = await locked(async () => {
    const room = await findStandInRoom(sidOrName)
    if (!room) return null
    if (room.status !== 'in-progress') return { room, wasCompleted: true, callbacks: [] }
    room.status = 'completed'
    const callbacks = room.participants
      .filter((participant) => participant.status === 'connected')
      .map((participant) => disconnect(room, participant, now))
    room.endTime = now.toISOString()
    room.dateUpdated = now.toISOString()
    callbacks.push(
      callback(room, 'room-ended', now, { RoomDuration: String(seconds(room.dateCreated, now)) }),
    )
    await saveRoom(room)
    await fs.rm(nameFile(room.uniqueName), { force: true })
    return { room, wasCompleted: false, callbacks }
  })
  if (!outcome) return null
  send(outcome.room, outcome.callbacks)
  return { room: outcome.room, wasCompleted: outcome.wasCompleted }
}

/**
 * Someone joins the in-progress room named `roomName` (the loopback signalling server, on a
 * verified token): as Twilio, the same identity joining again disconnects its first connection,
 * and a room already holding maxParticipants refuses more.
 */
export async function standInParticipantConnected({
  roomName,
  identity,
}: {
  roomName: string
  identity: string
}): Promise<{ participantSid: string } | { error: 'no-room' | 'room-full' | 'room-completed' }> {
  const now = new Date()
  type Joined = { room: StandInRoom; participantSid: string; callbacks: TwilioWebhook[] }
  const outcome = await locked(
    async (): Promise<Joined | { error: 'no-room' | 'room-full' | 'room-completed' }> => {
      const room = await standInRoomByName(roomName)
      if (!room) return { error: 'no-room' as const }
      if (room.status !== 'in-progress') return { error: 'room-completed' as const }
      const callbacks = room.participants
        .filter((participant) => participant.status === 'connected' && participant.identity === identity)
        .map((participant) => disconnect(room, participant, now))
      const connected = room.participants.filter((participant) => participant.status === 'connected')
      if (connected.length >= room.maxParticipants) return { error: 'room-full' as const }
      const participant: StandInParticipant = {
        sid: `PA${hex(16)}`,
        identity,
        status: 'connected',
        connectedAt: now.toISOString(),
        disconnectedAt: null,
      }
      room.participants.push(participant)
      callbacks.push(
        callback(room, 'participant-connected', now, {
          ParticipantSid: participant.sid,
          ParticipantIdentity: identity,
          ParticipantStatus: 'connected',
        }),
      )
      room.dateUpdated = now.toISOString()
      await saveRoom(room)
      return { room, participantSid: participant.sid, callbacks }
    },
  )
  if ('error' in outcome) return outcome
  send(outcome.room, outcome.callbacks)
  return { participantSid: outcome.participantSid }
}

/** A participant leaves (closed the page, lost the connection): participant-disconnected with its duration. */
export async function standInParticipantDisconnected({
  roomName,
  participantSid,
}: {
  roomName: string
  participantSid: string
}): Promise<void> {
  const now = new Date()
  const outcome = await locked(async () => {
    const room = (await listStandInRooms()).find(
      (candidate) =>
        candidate.uniqueName === roomName &&
        candidate.participants.some(
          (participant) => participant.sid === participantSid && participant.status === 'connected',
        ),
    )
    const participant = room?.participants.find((candidate) => candidate.sid === participantSid)
    if (!room || !participant) return null
    const callbacks = [disconnect(room, participant, now)]
    room.dateUpdated = now.toISOString()
    await saveRoom(room)
    return { room, callbacks }
  })
  if (outcome) send(outcome.room, outcome.callbacks)
}

/** Makes the next `count` room creates fail as `kind` (shared by every process). */
export async function failNextRoomCreates(count: number, kind: RoomCreateFault): Promise<void> {
  await locked(() => writeJson(faultFile(), { kind, remaining: count }))
}

/** The fault this create meets, if any (counting it off). */
export async function takeRoomCreateFault(): Promise<RoomCreateFault | null> {
  return locked(async () => {
    const fault = await readJson<{ kind: RoomCreateFault; remaining: number }>(faultFile())
    if (!fault || fault.remaining <= 0) return null
    if (fault.remaining === 1) await fs.rm(faultFile(), { force: true })
    else await writeJson(faultFile(), { ...fault, remaining: fault.remaining - 1 })
    return fault.kind
  })
}

/** Notes a write request (a create or an update) as it arrives, for Twilio's 20 writes a second. */
export async function recordStandInWrite(at = new Date()) {
  await fs.mkdir(twilioVideoStandInDir(), { recursive: true })
  await fs.appendFile(writesFile(), `${at.toISOString()}\n`)
}

/** When each write request arrived, oldest first. */
export async function standInWrites(): Promise<Date[]> {
  const text = await fs.readFile(writesFile(), 'utf8').catch(() => '')
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => new Date(line))
    .sort((a, b) => a.getTime() - b.getTime())
}

/** Forgets every room, the fault and the writes. */
export async function clearTwilioVideoStandIn(): Promise<void> {
  await locked(async () => {
    await fs.rm(roomsDir(), { recursive: true, force: true })
    await fs.rm(path.join(twilioVideoStandInDir(), 'names'), { recursive: true, force: true })
    await fs.rm(faultFile(), { force: true })
    await fs.rm(writesFile(), { force: true })
  })
}
