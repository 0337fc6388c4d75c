// Client-safe: when an assigned questionnaire is due. Pure, so the portal, the reminders and the
// submission all decide from the same rule.

/** How often a psychologist asks (a CHECK in the database holds the same list). */
export const ASSIGNMENT_SCHEDULES = ['once', 'before_each_session'] as const
export type AssignmentSchedule = (typeof ASSIGNMENT_SCHEDULES)[number]

export const SCHEDULE_LABELS: Record<AssignmentSchedule, string> = {
  once: 'Once',
  before_each_session: 'Before every session',
}

/**
 * A questionnaire before a session is due from this long before the session starts until it ends
 * (some patients fill it in in the waiting room): long enough for the email to be read.
 */
export const DUE_BEFORE_SESSION_HOURS = 72
const DUE_BEFORE_SESSION_MS = DUE_BEFORE_SESSION_HOURS * 3_600_000

/** What a due questionnaire is for: the one time it was asked, or one coming session. */
export type DueOccasion =
  { kind: 'once' } | { kind: 'session'; appointmentId: string; startsAt: Date; timeZone: string }

/** The occasion as the form carries it, so a second send of the same form is known as such. */
export const ONCE_OCCASION = 'once'
export function occasionKey(occasion: DueOccasion) {
  return occasion.kind === 'once' ? ONCE_OCCASION : occasion.appointmentId
}

type Session = { id: string; startsAt: Date; endsAt: Date; timeZone: string; status: string }

/** When a session's questionnaire becomes due. */
export function dueFrom(startsAt: Date) {
  return new Date(startsAt.getTime() - DUE_BEFORE_SESSION_MS)
}

/**
 * What the assignment asks for now, or null. Once: until it is answered (answering ends it).
 * Before each session: the earliest confirmed session, not yet over, whose questionnaire is due
 * (DUE_BEFORE_SESSION_HOURS) and not yet answered.
 */
export function dueOccasion(
  assignment: { schedule: AssignmentSchedule; endedAt: Date | null },
  /** The sessions this assignment's responses were for (null for a once-only answer). */
  answeredFor: readonly (string | null)[],
  sessions: readonly Session[],
  now: Date,
): DueOccasion | null {
  if (assignment.endedAt) return null
  if (assignment.schedule === 'once') return answeredFor.length === 0 ? { kind: 'once' } : null
  const due = sessions
    .filter(
      (session) =>
        session.status === 'confirmed' &&
        session.endsAt.getTime() > now.getTime() &&
        dueFrom(session.startsAt).getTime() <= now.getTime() &&
        !answeredFor.includes(session.id),
    )
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0]
  return due
    ? { kind: 'session', appointmentId: due.id, startsAt: due.startsAt, timeZone: due.timeZone }
    : null
}
