import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { standInsForThisFile } from '../../../tests/setup/route-calls.ts'
import {
  clearTwilioVideoStandIn,
  failNextRoomCreates,
  standInParticipantConnected,
  standInParticipantDisconnected,
  standInRoomByName,
} from '../../../tests/mocks/twilio/video-rooms.server.ts'
import { takeTwilioCallbacks, twilioWebhookRequest } from '../../../tests/mocks/twilio/webhooks.server.ts'
import { TWILIO_STANDIN_ACCOUNT, verifyTwilioWebhook } from '../twilio.server.ts'
import {
  completeTwilioRoom,
  createVideoRoom,
  findVideoRoom,
  readVideoRoomsConfig,
  ROOM_EXISTS_CODE,
  type VideoRoomsConfig,
} from './twilio-video.server.ts'

// The real adapter and the real Twilio SDK, answered by the Twilio Video stand-in through msw.

standInsForThisFile()

let config: VideoRoomsConfig
beforeAll(() => {
  config = readVideoRoomsConfig()
})
afterAll(() => clearTwilioVideoStandIn())

beforeEach(async () => {
  await clearTwilioVideoStandIn()
  takeTwilioCallbacks()
})

const name = () => `rm_${randomBytes(8).toString('hex')}`

describe('createVideoRoom', () => {
  it('creates a Group room in au1 for two, recording off, with the timeouts and the status callback', async () => {
    const uniqueName = name()
    const result = await createVideoRoom({ uniqueName, maxParticipants: 2 }, config)

    expect(result).toEqual({
      ok: true,
      room: { sid: expect.stringMatching(/^RM[0-9a-f]{32}$/), uniqueName, status: 'in-progress' },
    })
    expect(await standInRoomByName(uniqueName)).toMatchObject({
      type: 'group',
      mediaRegion: 'au1',
      maxParticipants: 2,
      recordParticipantsOnConnect: false,
      emptyRoomTimeout: 10,
      unusedRoomTimeout: 60,
      statusCallback: 'http://localhost:3000/webhooks/twilio/video',
      statusCallbackMethod: 'POST',
    })
  })

  it('is followed by a signed room-created callback with Twilio’s parameters', async () => {
    const result = await createVideoRoom({ uniqueName: name(), maxParticipants: 2 }, config)
    if (!result.ok) throw new Error(result.error)

    const [created, ...rest] = takeTwilioCallbacks()
    expect(rest).toEqual([])
    expect(created?.params).toEqual({
      AccountSid: TWILIO_STANDIN_ACCOUNT.accountSid,
      RoomName: result.room.uniqueName,
      RoomSid: result.room.sid,
      RoomStatus: 'in-progress',
      RoomType: 'group',
      StatusCallbackEvent: 'room-created',
      Timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      SequenceNumber: '0',
    })
    const signature = twilioWebhookRequest(created!).headers.get('x-twilio-signature')
    expect(verifyTwilioWebhook({ url: created!.url, signature, params: created!.params })).toBe(true)
  })

  it("refuses a name an in-progress room has with Twilio's 53113, not retryable", async () => {
    const uniqueName = name()
    await createVideoRoom({ uniqueName, maxParticipants: 2 }, config)

    const again = await createVideoRoom({ uniqueName, maxParticipants: 2 }, config)

    expect(again).toEqual({
      ok: false,
      retryable: false,
      code: ROOM_EXISTS_CODE,
      error: '53113 (400): Room exists',
    })
  })

  it('validates as Twilio does: maxParticipants 1–50', async () => {
    const result = await createVideoRoom({ uniqueName: name(), maxParticipants: 51 }, config)
    expect(result).toMatchObject({ ok: false, retryable: false, code: 53107 })
  })

  it('calls 500 and 429 (with Retry-After) retryable, in Twilio’s words', async () => {
    await failNextRoomCreates(1, '500')
    expect(await createVideoRoom({ uniqueName: name(), maxParticipants: 2 }, config)).toEqual({
      ok: false,
      retryable: true,
      code: 20500,
      error: '20500 (500): Internal Server Error',
    })
    await failNextRoomCreates(1, '429')
    expect(await createVideoRoom({ uniqueName: name(), maxParticipants: 2 }, config)).toEqual({
      ok: false,
      retryable: true,
      code: 20429,
      error: '20429 (429): Too Many Requests',
      retryAfterSeconds: 1,
    })
  })

  it('calls a dropped connection retryable; the room was made all the same and is found by its name', async () => {
    const uniqueName = name()
    await failNextRoomCreates(1, 'lost')

    const lost = await createVideoRoom({ uniqueName, maxParticipants: 2 }, config)

    expect(lost).toMatchObject({ ok: false, retryable: true, error: expect.stringMatching(/^no response: /) })
    const found = await findVideoRoom(uniqueName, config)
    expect(found).toEqual({ ok: true, room: expect.objectContaining({ uniqueName, status: 'in-progress' }) })
  })

  it('gives up on a Twilio that never answers after its timeout, retryable', async () => {
    await failNextRoomCreates(1, 'timeout')
    const result = await createVideoRoom(
      { uniqueName: name(), maxParticipants: 2 },
      { ...config, timeoutMs: 300 },
    )
    expect(result).toMatchObject({
      ok: false,
      retryable: true,
      error: expect.stringMatching(/^no response: /),
    })
  })

  it('says which settings are missing, not retryable', async () => {
    const result = await createVideoRoom(
      { uniqueName: name(), maxParticipants: 2 },
      { ...config, accountSid: undefined, authToken: undefined },
    )
    expect(result).toEqual({
      ok: false,
      retryable: false,
      error: 'TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN are not set',
    })
  })
})

describe('findVideoRoom and completeTwilioRoom', () => {
  it('finds an in-progress room by name; once completed, by name it is gone', async () => {
    const uniqueName = name()
    const created = await createVideoRoom({ uniqueName, maxParticipants: 2 }, config)
    if (!created.ok) throw new Error(created.error)

    expect(await completeTwilioRoom(created.room.sid, config)).toEqual({ ok: true })

    expect(await findVideoRoom(uniqueName, config)).toEqual({ ok: true, room: null })
    expect(await standInRoomByName(uniqueName)).toMatchObject({ status: 'completed' })
    // Completing it again is done already (Twilio: 53118 Room completed).
    expect(await completeTwilioRoom(created.room.sid, config)).toEqual({ ok: true })
  })

  it('completing disconnects who is in the room, then room-ended with its duration', async () => {
    const uniqueName = name()
    const created = await createVideoRoom({ uniqueName, maxParticipants: 2 }, config)
    if (!created.ok) throw new Error(created.error)
    await standInParticipantConnected({ roomName: uniqueName, identity: 'id_patient' })
    takeTwilioCallbacks()

    await completeTwilioRoom(created.room.sid, config)

    expect(
      takeTwilioCallbacks().map(({ params }) => [params.StatusCallbackEvent, params.SequenceNumber]),
    ).toEqual([
      ['participant-disconnected', '2'],
      ['room-ended', '3'],
    ])
  })
})

describe('the stand-in’s participants (the loopback signalling server calls these)', () => {
  it('lets two in, refuses a third, and a second join of one identity replaces the first', async () => {
    const uniqueName = name()
    await createVideoRoom({ uniqueName, maxParticipants: 2 }, config)
    takeTwilioCallbacks()

    const patient = await standInParticipantConnected({ roomName: uniqueName, identity: 'id_p' })
    const psychologist = await standInParticipantConnected({ roomName: uniqueName, identity: 'id_c' })
    expect(await standInParticipantConnected({ roomName: uniqueName, identity: 'id_x' })).toEqual({
      error: 'room-full',
    })
    const again = await standInParticipantConnected({ roomName: uniqueName, identity: 'id_p' })
    expect(again).toEqual({ participantSid: expect.stringMatching(/^PA[0-9a-f]{32}$/) })
    if (!('participantSid' in patient) || !('participantSid' in psychologist)) throw new Error('refused')
    await standInParticipantDisconnected({
      roomName: uniqueName,
      participantSid: psychologist.participantSid,
    })

    const events = takeTwilioCallbacks().map(({ params }) => [
      params.StatusCallbackEvent,
      params.ParticipantIdentity,
      params.ParticipantStatus,
      params.ParticipantDuration,
    ])
    expect(events).toEqual([
      ['participant-connected', 'id_p', 'connected', undefined],
      ['participant-connected', 'id_c', 'connected', undefined],
      ['participant-disconnected', 'id_p', 'disconnected', '0'],
      ['participant-connected', 'id_p', 'connected', undefined],
      ['participant-disconnected', 'id_c', 'disconnected', '0'],
    ])
    expect(await standInParticipantConnected({ roomName: 'rm_none', identity: 'id_p' })).toEqual({
      error: 'no-room',
    })
  })
})
