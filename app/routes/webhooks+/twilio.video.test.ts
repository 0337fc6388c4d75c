// Twilio's room status callbacks through the route module, signed as Twilio signs them: kept once
// each, in the order they happened, as the appointment's timeline and attendance suggestion.
import { describe, expect, it } from 'vitest'
import { prepareVideoRoom, liveVideoRoom } from '~/domain/telehealth/rooms.server.ts'
import { suggestAttendance, videoTimeline } from '~/domain/telehealth/room-events.server.ts'
import { TWILIO_STANDIN_ACCOUNT, videoStatusCallbackUrl } from '~/domain/twilio.server.ts'
import { db } from '~/utils/db.server.ts'
import {
  completeStandInRoom,
  standInParticipantConnected,
  standInParticipantDisconnected,
} from '../../../tests/mocks/twilio/video-rooms.server.ts'
import {
  deliverTwilioCallbacks,
  takeTwilioCallbacks,
  twilioWebhookRequest,
  type TwilioWebhook,
} from '../../../tests/mocks/twilio/webhooks.server.ts'
import { routeContext } from '../../../tests/setup/route-calls.ts'
import { unlimited, videoTestFile } from '../../../tests/setup/video.ts'
import { action } from './twilio.video.ts'

const NOW = new Date('2026-12-06T21:00:00Z')
const post = (request: Request) => action({ request, params: {}, context: routeContext })

const file = videoTestFile(NOW)

/** A confirmed telehealth session whose room Twilio has made (its room-created callback held). */
async function readyRoom() {
  const appointment = await file.demo.bookTelehealth()
  const room = (await liveVideoRoom(appointment.id))!
  await prepareVideoRoom(room.id, { limiter: unlimited })
  return { appointment, room: (await liveVideoRoom(appointment.id))! }
}

const hex32 = (digit: string) => digit.repeat(32)

function roomCallback(
  room: { uniqueName: string; twilioSid: string | null },
  event: string,
  at: string,
  extra: Record<string, string> = {},
): TwilioWebhook {
  return {
    url: videoStatusCallbackUrl(),
    authToken: TWILIO_STANDIN_ACCOUNT.authToken,
    params: {
      AccountSid: TWILIO_STANDIN_ACCOUNT.accountSid,
      RoomName: room.uniqueName,
      RoomSid: room.twilioSid ?? `RM${hex32('a')}`,
      RoomStatus: 'in-progress',
      RoomType: 'group',
      StatusCallbackEvent: event,
      Timestamp: at,
      SequenceNumber: '0',
      ...extra,
    },
  }
}

const eventCount = (roomId: string) => db.videoRoomEvent.count({ where: { roomId } })

describe('signed callbacks', () => {
  it('keep room-created, the patient and psychologist joining and leaving, as a timeline with roles', async () => {
    const { appointment, room } = await readyRoom()
    const patient = await standInParticipantConnected({
      roomName: room.uniqueName,
      identity: room.patientIdentity,
    })
    const psychologist = await standInParticipantConnected({
      roomName: room.uniqueName,
      identity: room.psychologistIdentity,
    })
    if (!('participantSid' in patient) || !('participantSid' in psychologist)) throw new Error('refused')
    await standInParticipantDisconnected({
      roomName: room.uniqueName,
      participantSid: patient.participantSid,
    })

    const responses = await deliverTwilioCallbacks(post)

    expect(await Promise.all(responses.map((response) => response.json()))).toEqual(
      Array.from({ length: 4 }, () => ({ received: true, outcome: 'recorded' })),
    )
    const timeline = await videoTimeline(appointment.id)
    expect(timeline.events.map((event) => `${event.event} ${event.role}`)).toEqual([
      'room-created ',
      'participant-connected patient',
      'participant-connected psychologist',
      'participant-disconnected patient',
    ])
    expect(timeline.participants).toEqual([
      expect.objectContaining({
        role: 'patient',
        joinedAt: expect.any(Date),
        leftAt: expect.any(Date),
        durationSeconds: 0,
      }),
      expect.objectContaining({
        role: 'psychologist',
        joinedAt: expect.any(Date),
        leftAt: null,
        durationSeconds: null,
      }),
    ])
    expect(
      suggestAttendance({
        events: timeline.events,
        startsAt: appointment.startsAt,
        endsAt: appointment.endsAt,
        now: NOW,
      }),
    ).toBe('attended')
  })

  it('a duplicate or a replay changes nothing', async () => {
    const { room } = await readyRoom()
    const [created] = takeTwilioCallbacks()

    expect(await (await post(twilioWebhookRequest(created!))).json()).toEqual({
      received: true,
      outcome: 'recorded',
    })
    expect(await (await post(twilioWebhookRequest(created!))).json()).toEqual({
      received: true,
      outcome: 'duplicate',
    })
    expect(await eventCount(room.id)).toBe(1)
  })

  it('out of order: the timeline follows Twilio’s Timestamp, not arrival', async () => {
    const { appointment, room } = await readyRoom()
    takeTwilioCallbacks()
    const participant = { ParticipantSid: `PA${hex32('1')}`, ParticipantIdentity: room.patientIdentity }
    const arriving = [
      roomCallback(room, 'participant-disconnected', '2026-12-10T00:40:00.000Z', {
        ...participant,
        ParticipantStatus: 'disconnected',
        ParticipantDuration: '2280',
      }),
      roomCallback(room, 'participant-connected', '2026-12-10T00:02:00.000Z', {
        ...participant,
        ParticipantStatus: 'connected',
      }),
      roomCallback(room, 'room-created', '2026-12-09T23:30:00.000Z'),
    ]
    for (const callback of arriving) expect((await post(twilioWebhookRequest(callback))).status).toBe(200)

    const timeline = await videoTimeline(appointment.id)
    expect(timeline.events.map((event) => event.event)).toEqual([
      'room-created',
      'participant-connected',
      'participant-disconnected',
    ])
    expect(timeline.participants).toEqual([
      {
        roomId: room.id,
        role: 'patient',
        joinedAt: new Date('2026-12-10T00:02:00.000Z'),
        leftAt: new Date('2026-12-10T00:40:00.000Z'),
        durationSeconds: 2280,
      },
    ])
  })

  it('room-ended from Twilio (the room emptied and timed out) ends the live room with reason twilio', async () => {
    const { room } = await readyRoom()
    await completeStandInRoom(room.twilioSid!)

    await deliverTwilioCallbacks(post)

    expect(await db.videoRoom.findUniqueOrThrow({ where: { id: room.id } })).toMatchObject({
      status: 'ended',
      live: null,
      endReason: 'twilio',
    })
  })

  it('a room Haven does not know, or a track event, answers 200 and stores nothing', async () => {
    const { room } = await readyRoom()
    takeTwilioCallbacks()
    const unknown = roomCallback(
      { uniqueName: 'rm_unknown', twilioSid: null },
      'room-created',
      NOW.toISOString(),
    )
    const track = roomCallback(room, 'track-added', NOW.toISOString(), {
      ParticipantSid: `PA${hex32('2')}`,
      TrackKind: 'video',
    })

    expect(await (await post(twilioWebhookRequest(unknown))).json()).toEqual({
      received: true,
      outcome: 'unknown-room',
    })
    expect(await (await post(twilioWebhookRequest(track))).json()).toEqual({
      received: true,
      outcome: 'ignored',
    })
    expect(await eventCount(room.id)).toBe(0)
  })
})

describe('refused callbacks change nothing', () => {
  it('forged (signed with another token): 403', async () => {
    const { room } = await readyRoom()
    takeTwilioCallbacks()
    const forged = { ...roomCallback(room, 'room-ended', NOW.toISOString()), authToken: 'not-the-token' }

    const response = await post(twilioWebhookRequest(forged))

    expect(response.status).toBe(403)
    expect(await eventCount(room.id)).toBe(0)
    expect(await liveVideoRoom(room.appointmentId)).toMatchObject({ id: room.id, status: 'ready' })
  })

  it.each([
    ['no Timestamp', { Timestamp: '' }],
    ['a Timestamp that is not one', { Timestamp: 'yesterday' }],
    ['a RoomSid that is not one', { RoomSid: 'RM123' }],
    ['a participant event without its participant', { StatusCallbackEvent: 'participant-connected' }],
    ['a duration that is not a number', { RoomDuration: '-5' }],
  ])('malformed (%s): 400', async (_, change) => {
    const { room } = await readyRoom()
    takeTwilioCallbacks()
    const callback = roomCallback(room, 'room-ended', NOW.toISOString())
    const params = Object.fromEntries(
      Object.entries({ ...callback.params, ...change }).filter(([, value]) => value !== ''),
    )

    const response = await post(twilioWebhookRequest({ ...callback, params }))

    expect(response.status).toBe(400)
    expect(await eventCount(room.id)).toBe(0)
  })
})
