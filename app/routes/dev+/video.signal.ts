import { timingSafeEqual } from 'node:crypto'
import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { readVideoConfig, verifyVideoToken } from '~/domain/telehealth/tokens.server.ts'
import { requireDevPage } from '~/utils/dev-pages.server.ts'
import { invariantResponse } from '~/utils/invariant.ts'
import { payloadTooLarge, readBodyText } from '~/utils/request-body.server.ts'
import {
  joinSignalRoom,
  leaveSignalRoom,
  pollSignals,
  relaySignal,
  signalMember,
} from '../../../tests/mocks/twilio/video-signal.server.ts'
import { TWILIO_CODES, VIDEO_SIGNAL_MAX_WAIT_MS } from '../../../tests/mocks/twilio/video-signal.ts'

// Dev-only: the loopback video port's signalling (tests/mocks/twilio/video-loopback.client.ts),
// gated by the same access token Twilio would check. The token travels in the JSON body, never
// in the URL. Joining verifies it; later calls carry the token they joined with, which may have
// expired meanwhile (Twilio, too, checks a token only when connecting).

// An SDP offer with audio and video is a few KB; a candidate far less.
const MAX_BODY_BYTES = 64 * 1024

const token = z.string().min(1).max(8192)
const participantSid = z.string().min(1).max(64)

const peerSignal = z.union([
  z.strictObject({
    description: z.strictObject({
      type: z.enum(['offer', 'answer', 'pranswer', 'rollback']),
      sdp: z
        .string()
        .max(48 * 1024)
        .optional(),
    }),
  }),
  z.strictObject({
    candidate: z.strictObject({
      candidate: z.string().max(1024),
      sdpMid: z.string().max(64).nullish(),
      sdpMLineIndex: z.number().int().min(0).max(64).nullish(),
      usernameFragment: z.string().max(256).nullish(),
    }),
  }),
  z.strictObject({ videoOff: z.boolean() }),
])

const SignalCall = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('join'), token, roomName: z.string().min(1).max(128) }),
  z.strictObject({
    type: z.literal('signal'),
    token,
    participantSid,
    to: participantSid,
    signal: peerSignal,
  }),
  z.strictObject({
    type: z.literal('poll'),
    token,
    participantSid,
    after: z.number().int().min(0),
    waitMs: z.number().int().min(0).max(VIDEO_SIGNAL_MAX_WAIT_MS).optional(),
  }),
  z.strictObject({ type: z.literal('leave'), token, participantSid }),
])

/** The answers carry SDP and follow a token: never cached. */
const answer = (body: unknown, status = 200) =>
  Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } })
const refuse = (status: number, error: string, code: number | null = null) => answer({ error, code }, status)

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

const sameToken = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b))

export async function action(args: ActionFunctionArgs) {
  await requireDevPage(args)
  const { request } = args
  if (request.method !== 'POST') return refuse(405, 'POST only')
  const body = await readBodyText(request, MAX_BODY_BYTES)
  if (!body.ok) return payloadTooLarge(MAX_BODY_BYTES)
  const parsed = SignalCall.safeParse(parseJson(body.text))
  if (!parsed.success) return refuse(400, 'Not a signalling request')
  const call = parsed.data
  const config = readVideoConfig()
  invariantResponse(config, 'Video is not configured', 404)

  if (call.type === 'join') {
    const granted = verifyVideoToken(call.token, config)
    if (!granted) return refuse(401, 'This access token is not valid', TWILIO_CODES.accessTokenInvalid)
    if (granted.roomName !== call.roomName)
      return refuse(403, 'This access token is for another room', TWILIO_CODES.accessTokenGrantsInvalid)
    const joined = await joinSignalRoom({
      roomName: granted.roomName,
      identity: granted.identity,
      token: call.token,
    })
    return joined.ok ? answer(joined.answer) : refuse(joined.status, joined.error, joined.code)
  }

  const member = signalMember(call.participantSid)
  if (!member || !sameToken(member.token, call.token)) {
    if (!verifyVideoToken(call.token, config))
      return refuse(401, 'This access token is not valid', TWILIO_CODES.accessTokenInvalid)
    return member
      ? refuse(403, 'This access token did not join as that participant')
      : refuse(404, 'Not in this room (left, or never joined)')
  }

  switch (call.type) {
    case 'signal':
      return relaySignal(member.sid, call.to, call.signal)
        ? answer({ delivered: true })
        : refuse(404, 'That participant is not in this room')
    case 'poll': {
      const wait = call.waitMs ?? VIDEO_SIGNAL_MAX_WAIT_MS
      return answer({ messages: await pollSignals(member.sid, call.after, wait, request.signal) })
    }
    case 'leave':
      await leaveSignalRoom(member.sid)
      return answer({ left: true })
  }
}

export async function loader(args: LoaderFunctionArgs) {
  await requireDevPage(args)
  return refuse(405, 'POST only')
}
