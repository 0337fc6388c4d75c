// Which messages a change to an appointment implies, and when reminders are due. Pure: the
// planner (appointment-messages.server.ts) feeds it the appointment's current state and records
// what it returns; the worker decides again at send time.
import { type AppointmentEventKind } from '~/generated/prisma/enums.ts'
import { type AppointmentStatus } from '../scheduling/appointment-state.ts'
import { addDays, instantToZoned, MINUTE_MS, zonedDateTimeToInstant } from '../scheduling/zoned-time.ts'
import { type MessageTemplate } from './templates.ts'

export type ImpliedMessages = {
  /** Tell the patient (email and SMS) and the psychologist (email) that the session is booked. */
  confirmation: boolean
  /** A move or cancellation notice, sent after the practice's delay and built at send time. */
  notice: 'moved' | 'cancelled' | null
  /** plan: reminders for the current version (older ones are dropped); drop: none any more. */
  reminders: 'plan' | 'drop' | 'keep'
}

const NOTHING: ImpliedMessages = { confirmation: false, notice: null, reminders: 'keep' }

/**
 * What one recorded change implies, from the change and the appointment's state now.
 * `wasAnnounced`: the patient was already told the session is booked (a confirmation exists),
 * so a later change is news to them; a hold never confirmed is not.
 */
export function messagesForChange(change: {
  kind: AppointmentEventKind
  status: AppointmentStatus
  wasAnnounced: boolean
  /** The booking was confirmed at some point (the payment page said so), announced or not. */
  wasConfirmed?: boolean
}): ImpliedMessages {
  const { kind, status, wasAnnounced } = change
  switch (kind) {
    case 'booked':
    case 'confirmed':
      // A booking held for payment is told nothing until the payment confirms it.
      if (status !== 'confirmed') return NOTHING
      return { confirmation: !wasAnnounced, notice: null, reminders: 'plan' }
    case 'rescheduled':
      if (status !== 'confirmed') return NOTHING
      return wasAnnounced
        ? { confirmation: false, notice: 'moved', reminders: 'plan' }
        : { confirmation: true, notice: null, reminders: 'plan' }
    case 'cancelled':
    case 'late_cancelled':
      return {
        confirmation: false,
        notice: wasAnnounced || change.wasConfirmed ? 'cancelled' : null,
        reminders: 'drop',
      }
    case 'hold_expired':
    case 'completed':
    case 'no_show':
      return { confirmation: false, notice: null, reminders: 'drop' }
    default:
      throw new Error(`unknown appointment change ${String(kind satisfies never)}`)
  }
}

export type QuietHours = { enabled: boolean; start: number; end: number }

export type ReminderSettings = {
  emailReminderHours: number
  smsReminderHours: number
  videoSoonMinutes: number
  quiet: QuietHours
}

/** Whether a local hour (0–23) falls in quiet hours that may wrap past midnight (21 → 8). */
export function isQuietHour(hour: number, quiet: QuietHours) {
  if (!quiet.enabled || quiet.start === quiet.end) return false
  return quiet.start < quiet.end
    ? hour >= quiet.start && hour < quiet.end
    : hour >= quiet.start || hour < quiet.end
}

/** The first instant at or after `at` that is `hour`:00 on the wall clock in `zone`. */
function nextWallHour(at: Date, hour: number, zone: string): Date {
  const local = instantToZoned(at, zone)
  for (let day = 0; day <= 2; day++) {
    const date = addDays(local.date, day)
    // A wall time skipped by a daylight-saving change (none at these hours in Australia) moves on.
    const instant = zonedDateTimeToInstant({ date, minute: hour * 60 }, zone)
    if (instant && instant.getTime() >= at.getTime()) return instant
  }
  throw new Error(`no ${hour}:00 in ${zone} after ${at.toISOString()}`)
}

/** The last instant before `at` that is `hour`:00 on the wall clock in `zone`. */
function previousWallHour(at: Date, hour: number, zone: string): Date {
  const local = instantToZoned(at, zone)
  for (let day = 0; day >= -2; day--) {
    const instant = zonedDateTimeToInstant({ date: addDays(local.date, day), minute: hour * 60 }, zone)
    if (instant && instant.getTime() < at.getTime()) return instant
  }
  throw new Error(`no ${hour}:00 in ${zone} before ${at.toISOString()}`)
}

/**
 * When a reminder due at `due` goes, keeping out of the patient's quiet hours: at their end
 * (8 am) instead; when that would not be before the session, just before they begin the evening
 * before (so a reminder for an early session still arrives).
 */
export function outsideQuietHours(due: Date, zone: string, quiet: QuietHours, sessionStartsAt: Date): Date {
  if (!isQuietHour(instantToZoned(due, zone).minute / 60, quiet)) return due
  const morning = nextWallHour(due, quiet.end, zone)
  if (morning.getTime() < sessionStartsAt.getTime()) return morning
  return new Date(previousWallHour(due, quiet.start, zone).getTime() - MINUTE_MS)
}

export type ReminderKind = 'email' | 'sms' | 'video-soon'

export type PlannedReminder = {
  kind: ReminderKind
  channel: 'email' | 'sms'
  template: Extract<MessageTemplate, 'appointment-reminder' | 'video-starting-soon'>
  sendAt: Date
  /** Why it will not be sent; null when it is planned. */
  skipReason: string | null
}

/**
 * The reminders a confirmed session gets: email and SMS at the practice's offsets (moved out of
 * quiet hours in the patient's zone), and for telehealth a short SMS just before with the join
 * link (not moved: the patient chose that time). A reminder whose moment has passed, or that the
 * patient cannot or chose not to receive, is returned with why, so the skip is visible.
 */
export function plannedReminders(input: {
  startsAt: Date
  modality: 'telehealth' | 'in_person'
  patientZone: string
  settings: ReminderSettings
  /** The patient's reminder choices. */
  emailReminders: boolean
  smsReminders: boolean
  /** Null when SMS may go to this patient; otherwise why not. */
  smsBlockedBecause: string | null
  now: Date
}): PlannedReminder[] {
  const { startsAt, settings, now } = input
  const planned: PlannedReminder[] = []
  const add = (
    kind: ReminderKind,
    sendAt: Date,
    refusal: string | null,
    template: PlannedReminder['template'] = 'appointment-reminder',
  ) => {
    const channel = kind === 'email' ? 'email' : 'sms'
    const passed = sendAt.getTime() <= now.getTime() ? 'Booked too late for this reminder' : null
    planned.push({ kind, channel, template, sendAt, skipReason: refusal ?? passed })
  }
  const shifted = (offsetMs: number) =>
    outsideQuietHours(new Date(startsAt.getTime() - offsetMs), input.patientZone, settings.quiet, startsAt)

  if (settings.emailReminderHours > 0) {
    add(
      'email',
      shifted(settings.emailReminderHours * 60 * MINUTE_MS),
      input.emailReminders ? null : 'The patient turned reminder emails off',
    )
  }
  const smsRefusal =
    input.smsBlockedBecause ?? (input.smsReminders ? null : 'The patient turned reminder texts off')
  if (settings.smsReminderHours > 0) {
    add('sms', shifted(settings.smsReminderHours * 60 * MINUTE_MS), smsRefusal)
  }
  if (input.modality === 'telehealth' && settings.videoSoonMinutes > 0) {
    add(
      'video-soon',
      new Date(startsAt.getTime() - settings.videoSoonMinutes * MINUTE_MS),
      smsRefusal,
      'video-starting-soon',
    )
  }
  return planned
}

const ZONE_BY_STATE: Record<string, string> = {
  NSW: 'Australia/Sydney',
  ACT: 'Australia/Sydney',
  VIC: 'Australia/Melbourne',
  QLD: 'Australia/Brisbane',
  SA: 'Australia/Adelaide',
  WA: 'Australia/Perth',
  TAS: 'Australia/Hobart',
  NT: 'Australia/Darwin',
}

/** The patient's own zone, from the state of their address; the session's zone when not given. */
export function patientZone(state: string, sessionZone: string) {
  return ZONE_BY_STATE[state] ?? sessionZone
}
