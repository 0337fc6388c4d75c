import { delay, http, HttpResponse } from 'msw'
import { readTwilioAccount, TWILIO_STANDIN_ACCOUNT } from '~/domain/twilio.server.ts'
import {
  completeStandInRoom,
  createStandInRoom,
  findStandInRoom,
  recordStandInWrite,
  type StandInRoom,
  takeRoomCreateFault,
} from './video-rooms.server.ts'

/**
 * Stand-in for Twilio Video's Rooms REST API (https://video.twilio.com/v1/Rooms): create, fetch
 * by sid or unique name, and complete. The real SDK talks to it through msw; it checks a request
 * as Twilio does and answers Twilio's room JSON, or Twilio's error bodies { code, message,
 * more_info, status }. State and callbacks: video-rooms.server.ts. failNextRoomCreates() there
 * makes the next creates answer 500 or 429, never answer, or create the room and drop the answer.
 */

const api = 'https://video.twilio.com/v1'

function twilioError(status: number, code: number, message: string, headers?: Record<string, string>) {
  return HttpResponse.json(
    { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
    { status, headers },
  )
}

/**
 * Basic credentials as Twilio takes them for Video (the account SID or an API key SID, and a
 * secret): the account the request acts for, or null.
 */
function authenticated(request: Request) {
  const encoded = /^Basic (\S+)$/.exec(request.headers.get('authorization') ?? '')?.[1]
  if (!encoded) return null
  const [username = '', ...rest] = Buffer.from(encoded, 'base64').toString('utf8').split(':')
  if (!/^(AC|SK)[0-9a-f]{32}$/i.test(username) || rest.join(':') === '') return null
  return username.startsWith('AC')
    ? username
    : (readTwilioAccount().accountSid ?? TWILIO_STANDIN_ACCOUNT.accountSid)
}

const MEDIA_REGIONS = ['us1', 'us2', 'au1', 'br1', 'ie1', 'jp1', 'sg1', 'in1', 'de1', 'gll']

function isUrl(value: string) {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol)
  } catch {
    return false
  }
}

/** An integer form field within [min, max], its default when absent, or null when invalid. */
function integerField(form: URLSearchParams, name: string, fallback: number, min: number, max: number) {
  const raw = form.get(name)
  if (raw === null) return fallback
  const value = Number(raw)
  return Number.isInteger(value) && value >= min && value <= max ? value : null
}

function roomJson(room: StandInRoom) {
  const url = `${api}/Rooms/${room.sid}`
  return {
    sid: room.sid,
    status: room.status,
    date_created: room.dateCreated,
    date_updated: room.dateUpdated,
    account_sid: room.accountSid,
    enable_turn: true,
    unique_name: room.uniqueName,
    status_callback: room.statusCallback || null,
    status_callback_method: room.statusCallbackMethod,
    end_time: room.endTime,
    duration: room.endTime
      ? Math.round((Date.parse(room.endTime) - Date.parse(room.dateCreated)) / 1000)
      : null,
    type: room.type,
    max_participants: room.maxParticipants,
    max_participant_duration: 14_400,
    max_concurrent_published_tracks: 170,
    record_participants_on_connect: room.recordParticipantsOnConnect,
    video_codecs: ['VP8', 'H264'],
    media_region: room.mediaRegion,
    audio_only: false,
    empty_room_timeout: room.emptyRoomTimeout,
    unused_room_timeout: room.unusedRoomTimeout,
    large_room: false,
    url,
    links: {
      participants: `${url}/Participants`,
      recordings: `${url}/Recordings`,
      recording_rules: `${url}/RecordingRules`,
      transcriptions: `${url}/Transcriptions`,
    },
  }
}

const unauthenticated = () => twilioError(401, 20003, 'Authenticate')
const notFound = (path: string) => twilioError(404, 20404, `The requested resource ${path} was not found`)

export const twilioVideoHandlers = [
  http.post(`${api}/Rooms`, async ({ request }) => {
    const accountSid = authenticated(request)
    if (!accountSid) return unauthenticated()
    await recordStandInWrite()
    const form = new URLSearchParams(await request.text())
    const uniqueName = form.get('UniqueName') ?? ''
    const type = form.get('Type') ?? 'group'
    const mediaRegion = form.get('MediaRegion') ?? 'us1'
    const statusCallback = form.get('StatusCallback') ?? ''
    const statusCallbackMethod = (form.get('StatusCallbackMethod') ?? 'POST').toUpperCase()
    const maxParticipants = integerField(form, 'MaxParticipants', 50, 1, 50)
    const emptyRoomTimeout = integerField(form, 'EmptyRoomTimeout', 5, 1, 60)
    const unusedRoomTimeout = integerField(form, 'UnusedRoomTimeout', 5, 1, 60)

    // New accounts get Group rooms only.
    if (type !== 'group')
      return twilioError(400, 53108, `Room type '${type}' is not allowed for this account`)
    if (uniqueName.length > 128) return twilioError(400, 53102, 'Room name is too long')
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(uniqueName)) {
      return twilioError(400, 53103, 'Room name contains invalid characters')
    }
    if (maxParticipants === null) return twilioError(400, 53107, 'MaxParticipants is out of range')
    if (emptyRoomTimeout === null || unusedRoomTimeout === null) {
      return twilioError(400, 53123, 'Room timeout is out of range (1-60 minutes)')
    }
    if (!MEDIA_REGIONS.includes(mediaRegion))
      return twilioError(400, 53100, `Invalid MediaRegion: ${mediaRegion}`)
    if (statusCallback && !isUrl(statusCallback)) {
      return twilioError(400, 53100, `The StatusCallback URL ${statusCallback} is not valid`)
    }
    if (!['POST', 'GET'].includes(statusCallbackMethod)) {
      return twilioError(400, 53100, `Invalid StatusCallbackMethod: ${statusCallbackMethod}`)
    }

    const fault = await takeRoomCreateFault()
    if (fault === '500') return twilioError(500, 20500, 'Internal Server Error')
    if (fault === '429') return twilioError(429, 20429, 'Too Many Requests', { 'retry-after': '1' })
    if (fault === 'timeout') await delay('infinite')

    const room = await createStandInRoom({
      uniqueName,
      type,
      mediaRegion,
      statusCallback,
      statusCallbackMethod,
      maxParticipants,
      emptyRoomTimeout,
      unusedRoomTimeout,
      recordParticipantsOnConnect: form.get('RecordParticipantsOnConnect') === 'true',
      accountSid,
    })
    if (!room) return twilioError(400, 53113, 'Room exists')
    // The room exists at Twilio; the caller never hears so.
    if (fault === 'lost') return HttpResponse.error()
    return HttpResponse.json(roomJson(room), { status: 201 })
  }),

  http.get(`${api}/Rooms/:sidOrName`, async ({ request, params }) => {
    if (!authenticated(request)) return unauthenticated()
    const room = await findStandInRoom(String(params.sidOrName))
    return room ? HttpResponse.json(roomJson(room)) : notFound(new URL(request.url).pathname)
  }),

  http.post(`${api}/Rooms/:sidOrName`, async ({ request, params }) => {
    if (!authenticated(request)) return unauthenticated()
    await recordStandInWrite()
    const status = new URLSearchParams(await request.text()).get('Status')
    if (status !== 'completed') return twilioError(400, 53100, `Invalid Status: ${status ?? '(none)'}`)
    const outcome = await completeStandInRoom(String(params.sidOrName))
    if (!outcome) return notFound(new URL(request.url).pathname)
    if (outcome.wasCompleted) return twilioError(400, 53118, 'Room completed')
    return HttpResponse.json(roomJson(outcome.room))
  }),
]
