import {
  standInParticipantConnected,
  standInParticipantDisconnected,
  standInRoomByName,
} from './video-rooms.server.ts'
import {
  type JoinAnswer,
  type PeerSignal,
  type SignalMessage,
  type SignalPeer,
  type SignalRefusal,
  TWILIO_CODES,
  VIDEO_SIGNAL_MAX_WAIT_MS,
} from './video-signal.ts'

// The loopback video port's signalling, as Twilio's signalling server would do it for a room:
// who is in it, each participant's mailbox of SDP and ICE from the others, and the room stand-in
// told when someone joins and leaves (its status callbacks). Held in the web process's memory on
// globalThis, which is enough for a dev stand-in (one web process; Vite's reloads keep it); a
// real deployment uses Twilio and never loads this.

type Member = SignalPeer & {
  roomName: string
  /** The token it joined with: later calls carry the same one (it may expire mid-call, as at Twilio). */
  token: string
  mailbox: SignalMessage[]
  nextSeq: number
  wakers: Set<() => void>
  /** Removed from the room; its last message says why, then it is forgotten. */
  ended: boolean
  /** When it last called; one that neither calls nor waits in a poll has gone (a closed tab). */
  lastSeenAt: number
}

type SignalState = { rooms: Map<string, Map<string, Member>>; members: Map<string, Member> }

const key = Symbol.for('haven.videoSignal')
const holder = globalThis as typeof globalThis & { [key]?: SignalState }
const state = () => (holder[key] ??= { rooms: new Map(), members: new Map() })

// Each kind of message without its sequence number (which `deliver` gives it).
type Outgoing = SignalMessage extends infer M ? (M extends unknown ? Omit<M, 'seq'> : never) : never

function deliver(member: Member, message: Outgoing) {
  member.mailbox.push({ ...message, seq: member.nextSeq++ } as SignalMessage)
  for (const wake of member.wakers) wake()
  member.wakers.clear()
}

const roomOf = (roomName: string) => state().rooms.get(roomName) ?? new Map<string, Member>()

function removeFromRoom(member: Member) {
  const room = roomOf(member.roomName)
  room.delete(member.sid)
  if (room.size === 0) state().rooms.delete(member.roomName)
  for (const other of room.values()) deliver(other, { kind: 'left', participantSid: member.sid })
}

const REFUSALS = {
  'no-room': { status: 404, error: 'This room does not exist', code: TWILIO_CODES.roomNotFound },
  'room-full': { status: 409, error: 'This room is full', code: TWILIO_CODES.roomFull },
  'room-completed': { status: 410, error: 'This room has ended', code: TWILIO_CODES.roomCompleted },
} as const

/**
 * Joins `identity` to the room its token grants. Someone already there with that identity is
 * removed first (Twilio's 53205, "joined elsewhere"), as at Twilio where the newest one stays.
 */
export async function joinSignalRoom({
  roomName,
  identity,
  token,
}: {
  roomName: string
  identity: string
  token: string
}): Promise<{ ok: true; answer: JoinAnswer } | ({ ok: false; status: number } & SignalRefusal)> {
  await sweepGone(roomName)
  for (const earlier of [...roomOf(roomName).values()].filter((member) => member.identity === identity)) {
    endMember(earlier, {
      code: TWILIO_CODES.duplicateIdentity,
      message: 'You joined this session from another window or device',
    })
    await standInParticipantDisconnected({ roomName, participantSid: earlier.sid })
  }
  const connected = await standInParticipantConnected({ roomName, identity })
  if ('error' in connected) return { ok: false, ...REFUSALS[connected.error] }

  const room = roomOf(roomName)
  const peers = [...room.values()].map(({ sid, identity }) => ({ sid, identity }))
  const member: Member = {
    sid: connected.participantSid,
    identity,
    roomName,
    token,
    mailbox: [],
    nextSeq: 1,
    wakers: new Set(),
    ended: false,
    lastSeenAt: Date.now(),
  }
  for (const other of room.values())
    deliver(other, { kind: 'joined', participant: { sid: member.sid, identity } })
  room.set(member.sid, member)
  state().rooms.set(roomName, room)
  state().members.set(member.sid, member)
  return { ok: true, answer: { participantSid: member.sid, identity, roomName, peers } }
}

function endMember(member: Member, why: { code: number; message: string }) {
  member.ended = true
  removeFromRoom(member)
  deliver(member, { kind: 'disconnected', ...why })
}

/** A participant by its sid, with the token it joined with; null once it has left or was told it ended. */
export function signalMember(participantSid: string) {
  const member = state().members.get(participantSid)
  return member
    ? { sid: member.sid, identity: member.identity, roomName: member.roomName, token: member.token }
    : null
}

/** Hands `signal` to `to` if it is in the same room still; false when it is not. */
export function relaySignal(fromSid: string, to: string, signal: PeerSignal) {
  const from = state().members.get(fromSid)
  const target = roomOf(from?.roomName ?? '').get(to)
  if (!from || from.ended || !target) return false
  deliver(target, { kind: 'signal', from: from.sid, signal })
  return true
}

// How often a waiting poll looks whether the room stand-in has completed the room.
const ROOM_CHECK_MS = 2_000

function nextMessage(member: Member, waitMs: number, signal?: AbortSignal) {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer)
      member.wakers.delete(done)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, waitMs)
    member.wakers.add(done)
    signal?.addEventListener('abort', done)
  })
}

/** The room was completed (End session): everyone still in it is disconnected, as Twilio's 53118. */
async function endIfCompleted(roomName: string) {
  if ((await standInRoomByName(roomName))?.status !== 'completed') return
  for (const member of [...roomOf(roomName).values()])
    endMember(member, { code: TWILIO_CODES.roomCompleted, message: 'The session has ended' })
}

/**
 * The messages after `after`, waiting up to `waitMs` for one (a long poll); those up to `after`
 * were received, so they are dropped. An ended member's last message is its reason.
 */
export async function pollSignals(
  participantSid: string,
  after: number,
  waitMs: number,
  signal?: AbortSignal,
) {
  const member = state().members.get(participantSid)
  if (!member) return []
  member.lastSeenAt = Date.now()
  await sweepGone(member.roomName)
  member.mailbox = member.mailbox.filter((message: SignalMessage) => message.seq > after)
  const deadline = Date.now() + waitMs
  await endIfCompleted(member.roomName)
  while (member.mailbox.length === 0 && !member.ended && !signal?.aborted && Date.now() < deadline) {
    await nextMessage(member, Math.min(ROOM_CHECK_MS, deadline - Date.now()), signal)
    if (member.mailbox.length === 0) await endIfCompleted(member.roomName)
  }
  member.lastSeenAt = Date.now()
  const messages = [...member.mailbox]
  if (member.ended) state().members.delete(member.sid)
  return messages
}

/** The participant left (Leave, or the page closed): the others and the room stand-in are told. */
export async function leaveSignalRoom(participantSid: string) {
  const member = state().members.get(participantSid)
  if (!member || member.ended) return
  member.ended = true
  state().members.delete(member.sid)
  removeFromRoom(member)
  for (const wake of member.wakers) wake()
  await standInParticipantDisconnected({ roomName: member.roomName, participantSid: member.sid })
}

/** A page polls again at once after each answer; this long without a call, it has gone. */
export const GONE_AFTER_MS = VIDEO_SIGNAL_MAX_WAIT_MS + 25_000

/**
 * Those in the room who stopped calling (a tab closed without saying so, a crashed browser)
 * leave it, as Twilio drops a participant whose signalling connection is lost.
 */
async function sweepGone(roomName: string) {
  const now = Date.now()
  const gone = [...roomOf(roomName).values()].filter(
    (member) => member.wakers.size === 0 && now - member.lastSeenAt > GONE_AFTER_MS,
  )
  for (const member of gone) await leaveSignalRoom(member.sid)
}

/** Forgets every room (tests). */
export function resetSignalRooms() {
  state().rooms.clear()
  state().members.clear()
}
