import { formatClockTime, formatZonedTime } from '~/utils/time.ts'

// When the patient and the psychologist may join a video session: from a few minutes before the
// start until a while after the booked end (the practice chooses both). Instants, so zones and
// daylight saving change only how the times are written, never when the window is.

export type JoinWindowSettings = { opensMinutes: number; closesMinutes: number }

export const DEFAULT_JOIN_WINDOW: JoinWindowSettings = { opensMinutes: 15, closesMinutes: 30 }

export type JoinWindow = { opensAt: Date; closesAt: Date }

export type JoinState = 'early' | 'open' | 'closed'

export function joinWindow(
  appointment: { startsAt: Date; endsAt: Date },
  settings: JoinWindowSettings = DEFAULT_JOIN_WINDOW,
): JoinWindow {
  return {
    opensAt: new Date(appointment.startsAt.getTime() - settings.opensMinutes * 60_000),
    closesAt: new Date(appointment.endsAt.getTime() + settings.closesMinutes * 60_000),
  }
}

/** Open from `opensAt` up to, not including, `closesAt`. */
export function joinState(window: JoinWindow, now: Date): JoinState {
  if (now < window.opensAt) return 'early'
  if (now >= window.closesAt) return 'closed'
  return 'open'
}

/** The refusal in words, with the times in the appointment's zone. */
export function joinWindowMessage(state: Exclude<JoinState, 'open'>, window: JoinWindow, timeZone: string) {
  if (state === 'early')
    return `You can join from ${formatZonedTime(window.opensAt, timeZone)}. This page opens the session by itself then.`
  return `Joining closed at ${formatClockTime(window.closesAt, timeZone)}, after the booked end of the session.`
}

/** Seconds a token may live: to the window's close, never past it. */
export function secondsUntilClose(window: JoinWindow, now: Date) {
  return Math.max(0, Math.floor((window.closesAt.getTime() - now.getTime()) / 1000))
}
