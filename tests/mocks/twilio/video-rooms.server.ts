import { randomBytes } from 'node:crypto'

type NewRoom = {
  uniqueName: string
  statusCallback: string
  statusCallbackMethod: string
  accountSid: string
  type: string
  mediaRegion: string
  maxParticipants: number
  recordParticipantsOnConnect: boolean
  emptyRoomTimeout: number
  unusedRoomTimeout: number
}

// PLACEHOLDER on feat/video-port only, so the signalling route compiles and runs: the ROOMS
// helper's stand-in (rooms, participants, signed status callbacks) replaces this whole file when
// the branches meet. Same names and shapes as theirs; it records nothing and sends no callback,
// and knows no room.

export async function standInParticipantConnected(_: {
  roomName: string
  identity: string
}): Promise<{ participantSid: string } | { error: 'no-room' | 'room-full' | 'room-completed' }> {
  return { participantSid: `PA${randomBytes(16).toString('hex')}` }
}

export async function standInParticipantDisconnected(_: {
  roomName: string
  participantSid: string
}): Promise<void> {}

export async function standInRoomByName(
  _: string,
): Promise<{ status: 'in-progress' | 'completed' | 'failed' } | null> {
  return null
}

export async function createStandInRoom(
  fields: NewRoom,
): Promise<{ sid: string; uniqueName: string } | null> {
  return { sid: `RM${randomBytes(16).toString('hex')}`, uniqueName: fields.uniqueName }
}
