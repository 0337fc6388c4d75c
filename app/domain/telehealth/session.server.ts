import { randomBytes } from 'node:crypto'
import { db, type Db } from '~/utils/db.server.ts'
import { shortName } from '~/utils/names.ts'
import { standInsEnabled } from '~/utils/standins.server.ts'
import { formatZonedTime } from '~/utils/time.ts'
import { audit } from '../audit/audit.server.ts'
import { NotFoundError, UnavailableError } from '../errors.ts'
import {
  DEFAULT_JOIN_WINDOW,
  joinState,
  joinWindow,
  joinWindowMessage,
  secondsUntilClose,
} from './join-window.ts'
import { completeVideoRoom, ensureRoomSoon } from './rooms.server.ts'
import { joinWindowSettings } from './settings.server.ts'
import {
  type SessionActionData,
  type SessionRefusal,
  type SessionRole,
  type SessionView,
} from './session-view.ts'
import {
  mintVideoToken,
  readVideoConfig,
  VIDEO_TOKEN_MAX_TTL_SECONDS,
  type VideoConfig,
} from './tokens.server.ts'

// The video session as the patient and the psychologist live it: who may join and when, the
// waiting room (the patient waits; the psychologist lets them in, or the practice lets everyone
// in), and the access token. Twilio's rooms themselves are rooms.server.ts's; the page posts an
// intent and always gets the whole SessionView back.

export type SessionActor = { userId: string; role: SessionRole }

/** How often the page posts while waiting; a patient not seen for three of these has left. */
export const SESSION_POLL_SECONDS = 3
const WAITING_FRESH_MS = SESSION_POLL_SECONDS * 3 * 1000

export const SESSION_INTENTS = {
  patient: ['wait', 'token', 'preflight', 'leave'],
  psychologist: ['status', 'start', 'token', 'preflight', 'admit', 'end'],
} as const
export type SessionIntent = (typeof SESSION_INTENTS)[SessionRole][number]

async function loadSession(appointmentId: string, actor: SessionActor, client: Db) {
  const appointment = await client.appointment.findFirst({
    where: {
      id: appointmentId,
      ...(actor.role === 'patient' ? { patientId: actor.userId } : { psychologistId: actor.userId }),
    },
    select: {
      id: true,
      status: true,
      modality: true,
      startsAt: true,
      endsAt: true,
      timeZone: true,
      patientId: true,
      psychologistId: true,
      patient: { select: { name: true } },
      psychologist: { select: { name: true } },
      // The newest room: the live one if there is one (one at most), else the last that ended.
      videoRooms: { orderBy: [{ live: { sort: 'asc', nulls: 'last' } }, { createdAt: 'desc' }], take: 1 },
    },
  })
  if (!appointment) return null
  const practice = await client.practice.findUnique({
    where: { id: 'practice' },
    select: { phone: true, videoJoinOpensMinutes: true, videoJoinClosesMinutes: true, videoAutoAdmit: true },
  })
  return { appointment, room: appointment.videoRooms[0] ?? null, practice }
}

type Loaded = NonNullable<Awaited<ReturnType<typeof loadSession>>>

function refusalOf(
  { appointment, room }: Loaded,
  window: ReturnType<typeof joinWindow>,
  now: Date,
): SessionRefusal | null {
  if (appointment.modality !== 'telehealth')
    return { reason: 'not-telehealth', message: 'This session is in person, not by video.' }
  if (appointment.status === 'cancelled' || appointment.status === 'late_cancelled')
    return { reason: 'cancelled', message: 'This session was cancelled.' }
  if (appointment.status === 'held' || appointment.status === 'expired')
    return {
      reason: 'not-confirmed',
      message: 'This session is not confirmed yet: it is confirmed once it is paid.',
    }
  if (room?.status === 'ended' && room.endReason === 'completed')
    return { reason: 'ended', message: 'The psychologist has ended this session.' }
  const state = joinState(window, now)
  if (state !== 'open')
    return { reason: state, message: joinWindowMessage(state, window, appointment.timeZone) }
  return null
}

function viewOf(loaded: Loaded, actor: SessionActor, now: Date): SessionView {
  const { appointment, room, practice } = loaded
  const window = joinWindow(appointment, windowSettings(loaded))
  const live = room && room.status !== 'ended' ? room : null
  const psychologistStatus =
    room?.status === 'ended' && room.endReason === 'completed'
      ? 'ended'
      : live?.startedAt
        ? 'in-session'
        : 'not-started'
  return {
    appointmentId: appointment.id,
    role: actor.role,
    whenText: formatZonedTime(appointment.startsAt, appointment.timeZone),
    startsAt: appointment.startsAt.toISOString(),
    endsAt: appointment.endsAt.toISOString(),
    otherPartyName:
      actor.role === 'patient' ? appointment.psychologist.name : shortName(appointment.patient.name),
    practicePhone: practice?.phone ?? '',
    window: {
      opensAt: window.opensAt.toISOString(),
      closesAt: window.closesAt.toISOString(),
      state: joinState(window, now),
    },
    refusal: refusalOf(loaded, window, now),
    room: { state: room ? room.status : 'none' },
    admission: {
      patientWaiting: Boolean(
        live?.patientSeenAt && now.getTime() - live.patientSeenAt.getTime() < WAITING_FRESH_MS,
      ),
      admitted: Boolean(live?.admittedAt),
      autoAdmit: practice?.videoAutoAdmit ?? false,
    },
    psychologistStatus,
    port: standInsEnabled() ? 'loopback' : 'twilio',
    pollSeconds: SESSION_POLL_SECONDS,
  }
}

/** The session page as this person sees it, or null when the appointment is not theirs. */
export async function sessionView(appointmentId: string, actor: SessionActor, now: Date, client: Db = db) {
  const loaded = await loadSession(appointmentId, actor, client)
  return loaded ? viewOf(loaded, actor, now) : null
}

const opaque = (prefix: string) => `${prefix}_${randomBytes(12).toString('base64url')}`

/**
 * One step of the session: the patient waiting or leaving, the psychologist starting, admitting
 * or ending it, or either asking for a token. Answers with the view as it now is; a refusal is
 * an answer too (with the reason in words), never a token. Not theirs → NotFoundError.
 */
export async function sessionIntent(
  appointmentId: string,
  actor: SessionActor,
  intent: SessionIntent,
  now: Date,
): Promise<SessionActionData> {
  if (!(SESSION_INTENTS[actor.role] as readonly string[]).includes(intent)) throw new NotFoundError()
  let loaded = await loadSession(appointmentId, actor, db)
  if (!loaded) throw new NotFoundError()
  const view = viewOf(loaded, actor, now)

  if (intent === 'end') {
    if (loaded.appointment.modality !== 'telehealth')
      return { ok: false, view, message: view.refusal!.message }
    await completeVideoRoom(appointmentId, actor.userId, now)
    return { ok: true, view: (await sessionView(appointmentId, actor, now))! }
  }
  if (view.refusal) return { ok: false, view, message: view.refusal.message }

  // Joining is open: a room must exist. One Twilio ended early (nobody came in time) is replaced.
  if (!loaded.room || loaded.room.status === 'ended') {
    await ensureRoomSoon(appointmentId, now)
    loaded = (await loadSession(appointmentId, actor, db))!
  }
  const room = loaded.room!

  switch (intent) {
    case 'wait':
      await db.videoRoom.update({
        where: { id: room.id },
        data: {
          patientWaitingSince: room.patientWaitingSince ?? now,
          patientSeenAt: now,
          ...(loaded.practice?.videoAutoAdmit && !room.admittedAt ? { admittedAt: now } : {}),
        },
      })
      break
    case 'leave':
      await db.videoRoom.update({
        where: { id: room.id },
        data: { patientWaitingSince: null, patientSeenAt: null },
      })
      break
    case 'start':
      if (!room.startedAt) await db.videoRoom.update({ where: { id: room.id }, data: { startedAt: now } })
      break
    case 'admit':
      if (!room.admittedAt)
        await db.$transaction([
          db.videoRoom.update({
            where: { id: room.id },
            data: { admittedAt: now, startedAt: room.startedAt ?? now },
          }),
          audit(db, {
            actorId: actor.userId,
            action: 'video.admitted',
            entity: 'appointment',
            entityId: appointmentId,
          }),
        ])
      break
    case 'status':
      break
    case 'preflight':
    case 'token': {
      const config = readVideoConfig()
      if (!config)
        throw new UnavailableError(
          'Video is not set up: TWILIO_API_KEY_SID and TWILIO_API_KEY_SECRET are missing.',
        )
      if (intent === 'preflight') {
        // Twilio's network test joins a throwaway room of its own: no person, no appointment in it.
        const grant = { identity: opaque('pf'), roomName: opaque('pf'), ttlSeconds: 120 }
        return { ok: true, view: viewOf(loaded, actor, now), token: tokenAnswer(grant, config, now) }
      }
      if (room.status !== 'ready') return { ok: true, view: viewOf(loaded, actor, now) }
      if (actor.role === 'patient' && !room.admittedAt)
        return {
          ok: false,
          view: viewOf(loaded, actor, now),
          message: `Please wait: ${view.otherPartyName} will let you in.`,
        }
      const identity = actor.role === 'patient' ? room.patientIdentity : room.psychologistIdentity
      const ttlSeconds = secondsUntilClose(joinWindow(loaded.appointment, windowSettings(loaded)), now)
      const token = tokenAnswer({ identity, roomName: room.uniqueName, ttlSeconds }, config, now)
      await db.$transaction([
        ...(actor.role === 'psychologist' && !room.startedAt
          ? [db.videoRoom.update({ where: { id: room.id }, data: { startedAt: now } })]
          : []),
        audit(db, {
          actorId: actor.userId,
          action: 'video.joined',
          entity: 'appointment',
          entityId: appointmentId,
          detail: { role: actor.role },
        }),
      ])
      const after = (await loadSession(appointmentId, actor, db))!
      return { ok: true, view: viewOf(after, actor, now), token }
    }
  }
  return { ok: true, view: (await sessionView(appointmentId, actor, now))! }
}

function windowSettings(loaded: Loaded) {
  return loaded.practice ? joinWindowSettings(loaded.practice) : DEFAULT_JOIN_WINDOW
}

function tokenAnswer(
  grant: { identity: string; roomName: string; ttlSeconds: number },
  config: VideoConfig,
  now: Date,
) {
  const ttlSeconds = Math.min(VIDEO_TOKEN_MAX_TTL_SECONDS, grant.ttlSeconds)
  return {
    token: mintVideoToken({ ...grant, ttlSeconds }, config),
    roomName: grant.roomName,
    identity: grant.identity,
    expiresAt: new Date(now.getTime() + ttlSeconds * 1000).toISOString(),
  }
}
