// The loopback video port's signalling route: only from this computer with stand-ins on, every
// call gated by the access token (in the body), and the room stand-in told who joins and leaves.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { mintVideoToken, readVideoConfig } from '~/domain/telehealth/tokens.server.ts'
import { resetSignalRooms } from '../../../tests/mocks/twilio/video-signal.server.ts'
import { answerOf, ORIGIN, routeContext } from '../../../tests/setup/route-calls.ts'
import { action, loader } from './video.signal.ts'

// The room stand-in's side is the ROOMS stand-in's to test; here it only records and refuses.
const rooms = vi.hoisted(() => ({
  count: 0,
  refusal: null as null | 'no-room' | 'room-full' | 'room-completed',
  status: 'in-progress' as 'in-progress' | 'completed',
  connected: [] as { roomName: string; identity: string }[],
  disconnected: [] as { roomName: string; participantSid: string }[],
}))
vi.mock('../../../tests/mocks/twilio/video-rooms.server.ts', () => ({
  standInParticipantConnected: async (participant: { roomName: string; identity: string }) => {
    if (rooms.refusal) return { error: rooms.refusal }
    rooms.connected.push(participant)
    return { participantSid: `PA${String(++rooms.count).padStart(32, '0')}` }
  },
  standInParticipantDisconnected: async (participant: { roomName: string; participantSid: string }) => {
    rooms.disconnected.push(participant)
  },
  standInRoomByName: async () => ({ status: rooms.status }),
}))

const ROOM = 'RMroom-one'
const config = readVideoConfig()!
const tokenFor = (identity: string, roomName = ROOM, ttlSeconds = 600) =>
  mintVideoToken({ identity, roomName, ttlSeconds }, config)

beforeEach(() => {
  resetSignalRooms()
  Object.assign(rooms, { count: 0, refusal: null, status: 'in-progress', connected: [], disconnected: [] })
})

async function post(body: unknown, { peer = '127.0.0.1' }: { peer?: string } = {}) {
  const request = new Request(`${ORIGIN}/dev/video/signal`, {
    method: 'POST',
    headers: { host: 'localhost:3000', 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  const reply = await answerOf(() =>
    action({ request, params: {}, context: { ...routeContext, peerAddress: peer } }),
  )
  const text = String(reply.body)
  return {
    status: reply.status,
    body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : text,
  }
}

async function join(identity: string) {
  const token = tokenFor(identity)
  const reply = await post({ type: 'join', token, roomName: ROOM })
  expect(reply.status).toBe(200)
  return { token, ...(reply.body as { participantSid: string; peers: unknown[] }) }
}

const poll = (who: { token: string; participantSid: string }, after = 0, waitMs = 0) =>
  post({ type: 'poll', token: who.token, participantSid: who.participantSid, after, waitMs })

const OFFER = { description: { type: 'offer', sdp: 'v=0\r\n' } }

type Joined = Awaited<ReturnType<typeof join>>
const relay = (from: Joined, to: Joined) =>
  post({
    type: 'signal',
    token: from.token,
    participantSid: from.participantSid,
    to: to.participantSid,
    signal: OFFER,
  })

describe('/dev/video/signal', () => {
  it('is not there from another computer', async () => {
    const reply = await post({ type: 'join', token: tokenFor('u1'), roomName: ROOM }, { peer: '10.0.0.7' })
    expect(reply.status).toBe(404)
    expect(rooms.connected).toEqual([])
  })

  it('is POST only', async () => {
    const request = new Request(`${ORIGIN}/dev/video/signal`, { headers: { host: 'localhost:3000' } })
    const reply = await answerOf(() =>
      loader({ request, params: {}, context: { ...routeContext, peerAddress: '127.0.0.1' } }),
    )
    expect(reply.status).toBe(405)
  })

  it.each([
    ['not JSON', '{"type":'],
    ['an unknown call', { type: 'shout', token: 't' }],
    ['no token', { type: 'join', roomName: ROOM }],
    ['a field it does not know', { type: 'join', token: 't', roomName: ROOM, identity: 'someone' }],
    ['a wait past 20 s', { type: 'poll', token: 't', participantSid: 'PA1', after: 0, waitMs: 60_000 }],
    [
      'a signal that is not SDP, ICE or the camera',
      { type: 'signal', token: 't', participantSid: 'PA1', to: 'PA2', signal: { x: 1 } },
    ],
  ])('refuses %s with 400', async (_, body) => {
    expect((await post(body)).status).toBe(400)
  })

  it('refuses a body past 64 KB with 413', async () => {
    const reply = await post({ type: 'join', token: 'x'.repeat(70_000), roomName: ROOM })
    expect(reply.status).toBe(413)
  })

  it('refuses a forged token, an expired one, and one for another room', async () => {
    const forged = mintVideoToken(
      { identity: 'u1', roomName: ROOM, ttlSeconds: 600 },
      { ...config, apiKeySecret: 'not ours' },
    )
    expect(await post({ type: 'join', token: forged, roomName: ROOM })).toEqual({
      status: 401,
      body: { error: 'This access token is not valid', code: 20101 },
    })

    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      vi.setSystemTime(new Date('2026-06-09T00:00:00Z'))
      const shortLived = tokenFor('u1', ROOM, 60)
      vi.setSystemTime(new Date('2026-06-09T00:01:01Z'))
      expect((await post({ type: 'join', token: shortLived, roomName: ROOM })).status).toBe(401)
    } finally {
      vi.useRealTimers()
    }

    expect(await post({ type: 'join', token: tokenFor('u1', 'RMother'), roomName: ROOM })).toEqual({
      status: 403,
      body: { error: 'This access token is for another room', code: 20106 },
    })
    expect(rooms.connected).toEqual([])
  })

  it("answers the room stand-in's refusals with Twilio's codes", async () => {
    for (const [refusal, status, code] of [
      ['no-room', 404, 53106],
      ['room-full', 409, 53105],
      ['room-completed', 410, 53118],
    ] as const) {
      rooms.refusal = refusal
      const reply = await post({ type: 'join', token: tokenFor('u1'), roomName: ROOM })
      expect(reply).toMatchObject({ status, body: { code } })
    }
  })

  it('joins two people, relays what one sends to the other, and tells the room when one leaves', async () => {
    const psychologist = await join('u-psych')
    expect(psychologist.peers).toEqual([])
    const patient = await join('u-patient')
    expect(patient.peers).toEqual([{ sid: psychologist.participantSid, identity: 'u-psych' }])
    expect(rooms.connected).toEqual([
      { roomName: ROOM, identity: 'u-psych' },
      { roomName: ROOM, identity: 'u-patient' },
    ])

    expect((await poll(psychologist)).body).toEqual({
      messages: [
        { seq: 1, kind: 'joined', participant: { sid: patient.participantSid, identity: 'u-patient' } },
      ],
    })
    expect(await relay(patient, psychologist)).toEqual({ status: 200, body: { delivered: true } })
    expect((await poll(psychologist, 1)).body).toEqual({
      messages: [{ seq: 2, kind: 'signal', from: patient.participantSid, signal: OFFER }],
    })

    expect(
      (await post({ type: 'leave', token: patient.token, participantSid: patient.participantSid })).status,
    ).toBe(200)
    expect(rooms.disconnected).toEqual([{ roomName: ROOM, participantSid: patient.participantSid }])
    expect((await poll(psychologist, 2)).body).toEqual({
      messages: [{ seq: 3, kind: 'left', participantSid: patient.participantSid }],
    })
    expect((await poll(patient)).status).toBe(404)
  })

  it('wakes a waiting poll as soon as a message arrives', async () => {
    const psychologist = await join('u-psych')
    const waiting = poll(psychologist, 0, 15_000)
    const patient = await join('u-patient')
    const started = Date.now()
    expect(((await waiting).body as { messages: unknown[] }).messages).toEqual([
      { seq: 1, kind: 'joined', participant: { sid: patient.participantSid, identity: 'u-patient' } },
    ])
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it('keeps the call going with the token it joined with after that token expires, and no other', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      vi.setSystemTime(new Date('2026-06-09T00:00:00Z'))
      const patient = { token: tokenFor('u-patient', ROOM, 60) }
      const joined = await post({ type: 'join', token: patient.token, roomName: ROOM })
      const participantSid = (joined.body as { participantSid: string }).participantSid
      vi.setSystemTime(new Date('2026-06-09T00:30:00Z'))
      expect((await poll({ ...patient, participantSid })).status).toBe(200)

      const someoneElse = tokenFor('u-other')
      expect((await poll({ token: someoneElse, participantSid })).status).toBe(403)
      expect((await poll({ token: 'not.a.token', participantSid })).status).toBe(401)
    } finally {
      vi.useRealTimers()
    }
  })

  it('takes someone who stopped calling (a closed tab) out of the room, as Twilio drops a lost participant', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      vi.setSystemTime(new Date('2026-06-09T00:00:00Z'))
      const psychologist = await join('u-psych')
      const patient = await join('u-patient')
      vi.setSystemTime(new Date('2026-06-09T00:00:40Z'))
      expect((await poll(psychologist)).body).toEqual({
        messages: [
          { seq: 1, kind: 'joined', participant: { sid: patient.participantSid, identity: 'u-patient' } },
        ],
      })
      vi.setSystemTime(new Date('2026-06-09T00:00:50Z'))
      expect((await poll(psychologist, 1)).body).toEqual({
        messages: [{ seq: 2, kind: 'left', participantSid: patient.participantSid }],
      })
      expect(rooms.disconnected).toEqual([{ roomName: ROOM, participantSid: patient.participantSid }])
    } finally {
      vi.useRealTimers()
    }
  })

  it('disconnects everyone with 53118 once the room is completed (End session), waiting polls too', async () => {
    const psychologist = await join('u-psych')
    const patient = await join('u-patient')
    const waiting = poll(patient, 0, 15_000)
    rooms.status = 'completed'

    const lastOf = async (reply: Promise<{ body: unknown }>) =>
      ((await reply).body as { messages: unknown[] }).messages.at(-1)
    const ended = { kind: 'disconnected', code: 53118, message: 'The session has ended' }
    expect(await lastOf(waiting)).toMatchObject(ended)
    expect(await lastOf(poll(psychologist))).toMatchObject(ended)
  })

  it('removes the earlier one with 53205 when the same identity joins again', async () => {
    const psychologist = await join('u-psych')
    const firstTab = await join('u-patient')
    const secondTab = await join('u-patient')

    expect((await poll(firstTab)).body).toEqual({
      messages: [
        {
          seq: 1,
          kind: 'disconnected',
          code: 53205,
          message: 'You joined this session from another window or device',
        },
      ],
    })
    expect((await poll(firstTab, 1)).status).toBe(404)
    expect(rooms.disconnected).toEqual([{ roomName: ROOM, participantSid: firstTab.participantSid }])
    expect(secondTab.peers).toEqual([{ sid: psychologist.participantSid, identity: 'u-psych' }])
    expect((await poll(psychologist)).body).toEqual({
      messages: [
        { seq: 1, kind: 'joined', participant: { sid: firstTab.participantSid, identity: 'u-patient' } },
        { seq: 2, kind: 'left', participantSid: firstTab.participantSid },
        { seq: 3, kind: 'joined', participant: { sid: secondTab.participantSid, identity: 'u-patient' } },
      ],
    })
    expect((await relay(psychologist, firstTab)).status).toBe(404)
  })
})
