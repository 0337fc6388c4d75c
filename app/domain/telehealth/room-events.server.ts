// Twilio's room status callbacks, kept once each, as the appointment's video timeline: who
// joined when, left when, for how long, and from that a suggestion for the attendance record.
import { db } from '~/utils/db.server.ts'
import { nextRunOf } from '~/utils/jobs.server.ts'
import { videoRoomPrepareQueue } from '~/utils/queues.server.ts'
import {
  VIDEO_ROOM_EVENTS,
  type VideoParticipantRole,
  type VideoRoomEndReason,
  type VideoRoomEventName,
} from './rooms.ts'
import { type StaffVideoView } from './staff-video.ts'

/** One callback as Twilio posts it (webhooks+/twilio.video.ts parses it). */
export type RoomCallback = {
  /** StatusCallbackEvent: room-created, participant-connected, …; track events are not kept. */
  event: string
  /** RoomName: the room's opaque unique name. */
  roomName: string
  /** ParticipantSid (PA…), for participant events. */
  participantSid?: string
  /** ParticipantIdentity: the opaque identity in the participant's token. */
  participantIdentity?: string
  /** Timestamp: when it happened at Twilio (callbacks can arrive in any order). */
  occurredAt: Date
  /** ParticipantDuration (participant-disconnected) or RoomDuration (room-ended), in seconds. */
  durationSeconds?: number
}

/**
 * What a callback did: `recorded` kept it; `duplicate` was kept already (a retry or a replay);
 * `unknown-room` names no room of Haven's; `ignored` is an event Haven does not keep.
 */
export type RoomCallbackOutcome = 'recorded' | 'duplicate' | 'unknown-room' | 'ignored'

const isKept = (event: string): event is VideoRoomEventName =>
  (VIDEO_ROOM_EVENTS as readonly string[]).includes(event)

/**
 * Stores a room callback once (the row is unique by room, participant and event, so repeats
 * and replays change nothing), with who it was as a role, never a name. Twilio's room-ended
 * ends the room (reason 'twilio') unless Haven ended it first.
 */
export async function recordRoomCallback(callback: RoomCallback): Promise<RoomCallbackOutcome> {
  if (!isKept(callback.event)) return 'ignored'
  const room = await db.videoRoom.findUnique({ where: { uniqueName: callback.roomName } })
  if (!room) return 'unknown-room'
  const isParticipantEvent = callback.event.startsWith('participant-')
  const identity = callback.participantIdentity ?? ''
  const role: VideoParticipantRole = !isParticipantEvent
    ? ''
    : identity === room.patientIdentity
      ? 'patient'
      : identity === room.psychologistIdentity
        ? 'psychologist'
        : 'other'

  return db.$transaction(async (tx) => {
    const stored = await tx.videoRoomEvent.createMany({
      data: {
        roomId: room.id,
        event: callback.event,
        participantSid: isParticipantEvent ? (callback.participantSid ?? '') : '',
        participantRole: role,
        occurredAt: callback.occurredAt,
        durationSeconds: callback.durationSeconds ?? null,
      },
      skipDuplicates: true,
    })
    if (stored.count === 0) return 'duplicate' as const
    if (callback.event === 'room-ended') {
      const reason: VideoRoomEndReason = 'twilio'
      await tx.videoRoom.updateMany({
        where: { id: room.id, live: true },
        data: { status: 'ended', live: null, endedAt: callback.occurredAt, endReason: reason },
      })
    }
    return 'recorded' as const
  })
}

export type TimelineEvent = {
  roomId: string
  event: VideoRoomEventName
  role: VideoParticipantRole
  participantSid: string
  occurredAt: Date
  durationSeconds: number | null
}

/** One connection of one person: joined, left, for how long (null while still there or not known). */
export type ParticipantSpan = {
  roomId: string
  role: Exclude<VideoParticipantRole, ''>
  joinedAt: Date | null
  leftAt: Date | null
  durationSeconds: number | null
}

export type VideoTimeline = {
  rooms: {
    id: string
    status: 'preparing' | 'ready' | 'ended'
    live: boolean
    attempts: number
    lastError: string
    lastAttemptAt: Date | null
    readyAt: Date | null
    endedAt: Date | null
    endReason: string | null
    createdAt: Date
  }[]
  /** Every kept callback of every room, in the order things happened (Twilio's Timestamp). */
  events: TimelineEvent[]
  /** Each connection, in the order people joined. */
  participants: ParticipantSpan[]
}

/** Every room of the appointment, oldest first, with what happened in them. */
export async function videoTimeline(appointmentId: string): Promise<VideoTimeline> {
  const rooms = await db.videoRoom.findMany({
    where: { appointmentId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    include: { events: { orderBy: [{ occurredAt: 'asc' }, { receivedAt: 'asc' }] } },
  })
  const events: TimelineEvent[] = rooms
    .flatMap((room) =>
      room.events.map((event) => ({
        roomId: room.id,
        event: event.event as VideoRoomEventName,
        role: event.participantRole as VideoParticipantRole,
        participantSid: event.participantSid,
        occurredAt: event.occurredAt,
        durationSeconds: event.durationSeconds,
      })),
    )
    .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime())
  return {
    rooms: rooms.map((room) => ({
      id: room.id,
      status: room.status,
      live: room.live === true,
      attempts: room.attempts,
      lastError: room.lastError,
      lastAttemptAt: room.lastAttemptAt,
      readyAt: room.readyAt,
      endedAt: room.endedAt,
      endReason: room.endReason,
      createdAt: room.createdAt,
    })),
    events,
    participants: participantSpans(events),
  }
}

/** Pairs each participant's connected and disconnected events (either may be missing). */
export function participantSpans(events: TimelineEvent[]): ParticipantSpan[] {
  const spans = new Map<string, ParticipantSpan>()
  for (const event of events) {
    if (!event.participantSid || event.role === '') continue
    const key = `${event.roomId}:${event.participantSid}`
    const span = spans.get(key) ?? {
      roomId: event.roomId,
      role: event.role,
      joinedAt: null,
      leftAt: null,
      durationSeconds: null,
    }
    if (event.event === 'participant-connected') span.joinedAt = event.occurredAt
    if (event.event === 'participant-disconnected') {
      span.leftAt = event.occurredAt
      span.durationSeconds = event.durationSeconds
    }
    spans.set(key, span)
  }
  for (const span of spans.values()) {
    if (span.durationSeconds === null && span.joinedAt && span.leftAt) {
      span.durationSeconds = Math.round((span.leftAt.getTime() - span.joinedAt.getTime()) / 1000)
    }
  }
  const start = (span: ParticipantSpan) => (span.joinedAt ?? span.leftAt)!.getTime()
  return [...spans.values()].sort((a, b) => start(a) - start(b))
}

export type AttendanceSuggestion = 'attended' | 'no-show' | null

/**
 * What the video says about attendance, for the psychologist to confirm: the patient connected
 * → attended; the session's booked end has passed without the patient → no-show; otherwise
 * nothing yet.
 */
export function suggestAttendance({
  events,
  endsAt,
  now,
}: {
  events: Pick<TimelineEvent, 'role' | 'event'>[]
  startsAt: Date
  endsAt: Date
  now: Date
}): AttendanceSuggestion {
  if (events.some((event) => event.role === 'patient' && event.event.startsWith('participant-')))
    return 'attended'
  return now.getTime() >= endsAt.getTime() ? 'no-show' : null
}

/** What the appointment page shows of a telehealth session's video. */
export async function videoForStaff(
  appointment: { id: string; startsAt: Date; endsAt: Date },
  now = new Date(),
): Promise<StaffVideoView> {
  const timeline = await videoTimeline(appointment.id)
  const latest = timeline.rooms.at(-1)
  const iso = (date: Date | null) => date?.toISOString() ?? null
  const patientJoined = timeline.participants.find((span) => span.role === 'patient')
  return {
    room: latest
      ? {
          status: latest.status,
          attempts: latest.attempts,
          lastError: latest.lastError,
          lastAttemptAt: iso(latest.lastAttemptAt),
          nextAttemptAt:
            latest.status === 'preparing' && latest.lastError
              ? iso(await nextRunOf(videoRoomPrepareQueue, latest.id))
              : null,
          readyAt: iso(latest.readyAt),
          endedAt: iso(latest.endedAt),
          endReason: latest.endReason as VideoRoomEndReason | null,
        }
      : null,
    participants: timeline.participants.map((span) => ({
      role: span.role,
      joinedAt: iso(span.joinedAt),
      leftAt: iso(span.leftAt),
      durationSeconds: span.durationSeconds,
    })),
    suggestion: suggestAttendance({
      events: timeline.events,
      startsAt: appointment.startsAt,
      endsAt: appointment.endsAt,
      now,
    }),
    patientJoinedAt: iso(patientJoined?.joinedAt ?? patientJoined?.leftAt ?? null),
  }
}
