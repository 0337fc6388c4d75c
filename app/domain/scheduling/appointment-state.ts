// An appointment's life, as one table. Everything that changes a status asks this module
// first, so the rules live in one place and are tested on their own.
//
//   held ──confirm──▶ confirmed ──▶ completed | no_show
//    │                   │  ▲
//    │                   │  └─ reschedule (same appointment, new time, version + 1)
//    ├─▶ expired         └─▶ cancelled | late_cancelled
//    └─▶ cancelled
//
// A hold that expired can still be confirmed when its time is still free (a payment that
// landed just after the hold ran out): the database's exclusion constraint decides.
import { CANCELLATION_NOTICE_HOURS } from './policy.ts'

export const APPOINTMENT_STATUSES = [
  'held',
  'confirmed',
  'completed',
  'no_show',
  'cancelled',
  'late_cancelled',
  'expired',
] as const
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number]

const TRANSITIONS: Record<AppointmentStatus, readonly AppointmentStatus[]> = {
  held: ['confirmed', 'cancelled', 'expired'],
  confirmed: ['completed', 'no_show', 'cancelled', 'late_cancelled'],
  // Staff may correct attendance recorded by mistake.
  completed: ['no_show'],
  no_show: ['completed'],
  cancelled: [],
  late_cancelled: [],
  expired: ['confirmed'],
}

export function canTransition(from: AppointmentStatus, to: AppointmentStatus) {
  return TRANSITIONS[from].includes(to)
}

/** Statuses that occupy the psychologist's time (the exclusion constraint's list). */
export function isLive(status: AppointmentStatus) {
  return status === 'held' || status === 'confirmed' || status === 'completed' || status === 'no_show'
}

const HOUR_MS = 60 * 60 * 1000

/** Less notice than the policy asks for: cancelling now is a late cancellation. */
export function isInsideNoticeWindow(startsAt: Date, now: Date) {
  return startsAt.getTime() - now.getTime() < CANCELLATION_NOTICE_HOURS * HOUR_MS
}

type ActionRefusal = { allowed: false; reason: string }
export type ActionDecision = { allowed: true } | ActionRefusal

const refuse = (reason: string): ActionRefusal => ({ allowed: false, reason })

const STATUS_WORDS: Record<AppointmentStatus, string> = {
  held: 'is waiting for confirmation',
  confirmed: 'is confirmed',
  completed: 'has already happened',
  no_show: 'has already passed',
  cancelled: 'was cancelled',
  late_cancelled: 'was cancelled',
  expired: 'was released because it was not confirmed in time',
}

type Subject = { status: AppointmentStatus; startsAt: Date }

/**
 * What a patient may do with their own appointment. Cancelling is always possible before
 * the start (inside the notice window it is a late cancellation); moving it is free outside
 * the window and, inside it, is a conversation with the practice.
 */
export function patientMayCancel(appointment: Subject, now: Date): ActionDecision {
  if (appointment.status !== 'confirmed' && appointment.status !== 'held')
    return refuse(`This appointment ${STATUS_WORDS[appointment.status]}, so it cannot be cancelled.`)
  if (appointment.startsAt <= now) return refuse('This appointment has already started.')
  return { allowed: true }
}

export function patientMayReschedule(appointment: Subject, now: Date): ActionDecision {
  if (appointment.status !== 'confirmed')
    return refuse(`This appointment ${STATUS_WORDS[appointment.status]}, so it cannot be moved.`)
  if (appointment.startsAt <= now) return refuse('This appointment has already started.')
  if (isInsideNoticeWindow(appointment.startsAt, now))
    return refuse(
      `This session is less than ${CANCELLATION_NOTICE_HOURS} hours away, so it can no longer be moved online. Please call the practice, or cancel it.`,
    )
  return { allowed: true }
}

/** Staff may move or cancel a confirmed (or held) appointment at any time, with a reason. */
export function staffMayChange(appointment: Subject): ActionDecision {
  if (appointment.status !== 'confirmed' && appointment.status !== 'held')
    return refuse(`This appointment ${STATUS_WORDS[appointment.status]}, so it cannot be changed.`)
  return { allowed: true }
}

/** Attendance is recorded once the session has started. */
export function staffMayRecordAttendance(
  appointment: Subject,
  outcome: 'completed' | 'no_show',
  now: Date,
): ActionDecision {
  if (appointment.status === outcome) return refuse('That is already recorded.')
  if (!canTransition(appointment.status, outcome))
    return refuse(`This appointment ${STATUS_WORDS[appointment.status]}, so attendance cannot be recorded.`)
  if (appointment.startsAt > now) return refuse('Attendance can be recorded once the session has started.')
  return { allowed: true }
}

export const STATUS_LABELS: Record<AppointmentStatus, string> = {
  held: 'Held, awaiting confirmation',
  confirmed: 'Confirmed',
  completed: 'Completed',
  no_show: 'Did not attend',
  cancelled: 'Cancelled',
  late_cancelled: 'Late cancellation',
  expired: 'Released (not confirmed in time)',
}
