// The staff appointment page's "Video session" section: its data (videoForStaff in
// room-events.server.ts) and the plain words the page says about it.
import { formatClockTime, formatSlotTime } from '~/utils/time.ts'
import { type VideoParticipantRole, type VideoRoomEndReason } from './rooms.ts'

export type StaffVideoView = {
  /** The latest room: what state it is in, and how the last attempt at Twilio went. */
  room: {
    status: 'preparing' | 'ready' | 'ended'
    attempts: number
    lastError: string
    lastAttemptAt: string | null
    /** When Haven tries Twilio again after a failed attempt (the job's retry), if one waits. */
    nextAttemptAt: string | null
    readyAt: string | null
    endedAt: string | null
    endReason: VideoRoomEndReason | null
  } | null
  /** Each connection of the patient and the psychologist, in the order they joined. */
  participants: {
    role: Exclude<VideoParticipantRole, ''>
    joinedAt: string | null
    leftAt: string | null
    durationSeconds: number | null
  }[]
  /** What the video suggests for the attendance record; null before the session's end without the patient. */
  suggestion: 'attended' | 'no-show' | null
  /** When the patient first connected, for "the patient joined at 10:02 am". */
  patientJoinedAt: string | null
}

const END_WORDS: Record<VideoRoomEndReason, string> = {
  completed: 'the psychologist ended the session',
  cancelled: 'the session was cancelled',
  moved: 'the session moved, and a room is made for its new time',
  twilio:
    'Twilio closed it after everyone had left (or nobody joined in time); opening the session makes a new one',
}

/** The room's state in a sentence, times in the appointment's zone. */
export function videoRoomWords(room: StaffVideoView['room'], timeZone: string) {
  if (!room) return 'No video room yet.'
  if (room.status === 'ready') {
    return `Ready${room.readyAt ? ` since ${formatClockTime(room.readyAt, timeZone)}` : ''}.`
  }
  if (room.status === 'ended') {
    const when = room.endedAt ? ` at ${formatSlotTime(room.endedAt, timeZone)}` : ''
    return `Ended${when}: ${room.endReason ? END_WORDS[room.endReason] : 'reason not recorded'}.`
  }
  if (!room.lastError) return 'Being prepared: the room is made 30 minutes before the session.'
  const when = room.lastAttemptAt ? ` at ${formatClockTime(room.lastAttemptAt, timeZone)}` : ''
  const next = room.nextAttemptAt
    ? `Haven tries again at ${formatClockTime(room.nextAttemptAt, timeZone)}.`
    : 'Haven keeps trying.'
  return `Being prepared. Attempt ${room.attempts} failed${when}: Twilio said “${room.lastError}”. ${next}`
}

const ROLE_WORDS = { patient: 'Patient', psychologist: 'Psychologist', other: 'Someone else' } as const

function duration(seconds: number) {
  const minutes = Math.round(seconds / 60)
  if (minutes < 1) return 'under a minute'
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`
}

/** "Patient joined 10:02 am, left 10:48 am (46 min)". */
export function participantWords(span: StaffVideoView['participants'][number], timeZone: string) {
  const joined = span.joinedAt
    ? `joined ${formatClockTime(span.joinedAt, timeZone)}`
    : 'joined (time not reported)'
  const left = span.leftAt
    ? `left ${formatClockTime(span.leftAt, timeZone)}`
    : 'still connected or not reported'
  const length = span.durationSeconds === null ? '' : ` (${duration(span.durationSeconds)})`
  return `${ROLE_WORDS[span.role]} ${joined}, ${left}${length}`
}

/** "Suggested: attended — the patient joined at 10:02 am"; null when there is nothing to suggest. */
export function attendanceSuggestionWords(video: StaffVideoView, timeZone: string) {
  if (video.suggestion === 'attended') {
    const at = video.patientJoinedAt ? ` at ${formatClockTime(video.patientJoinedAt, timeZone)}` : ''
    return `Suggested: attended — the patient joined${at}`
  }
  if (video.suggestion === 'no-show') {
    return 'Suggested: did not attend — the patient did not join the video session'
  }
  return null
}
