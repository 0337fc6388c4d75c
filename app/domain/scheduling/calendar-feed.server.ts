import { z } from 'zod'
import { DomainError } from '~/domain/errors.ts'
import { db } from '~/utils/db.server.ts'
import { getEnv } from '~/utils/env.server.ts'
import { audit } from '../audit/audit.server.ts'
import { generateToken, hashToken } from '../identity/tokens.server.ts'
import { calendarFeed, type FeedEvent } from './ics.ts'
import { DAY_MS } from './zoned-time.ts'

// A psychologist's private calendar feed: an address with a secret in it that Google or
// Outlook polls. The secret is the only authority, so only its SHA-256 is stored and the
// address can be shown just once. The feed goes to a third party (often overseas, APP 8):
// events carry the session type, the patient's initials and the modality, never a full
// name or anything clinical, and link back to Haven for the rest.

const FEED_DAYS_BACK = 30
const FEED_DAYS_AHEAD = 180

/** The shape generateToken() makes (32 random bytes, base64url), checked before the database is asked. */
export const feedTokenSchema = z.string().regex(/^[\w-]{43}$/)

/** The feed is not in the state the page showed (another tab, a form sent twice). */
export class CalendarFeedChangedError extends DomainError {
  constructor(readonly feedIsOn: boolean) {
    super(
      'conflict',
      feedIsOn
        ? 'Your calendar feed is already on. To get a new address, replace it.'
        : 'Your calendar feed is off, so there is no address to replace. Turn it on instead.',
    )
  }
}

/** Whether the feed is on and since when; null for someone with no psychologist profile. */
export async function calendarFeedStatus(psychologistId: string) {
  const profile = await db.psychologistProfile.findUnique({
    where: { userId: psychologistId },
    select: { calendarFeedTokenHash: true, calendarFeedCreatedAt: true },
  })
  if (!profile) return null
  return { on: profile.calendarFeedTokenHash !== null, since: profile.calendarFeedCreatedAt }
}

function feedAddresses(token: string) {
  const url = new URL(`/calendar-feed/${token}.ics`, getEnv().APP_URL).href
  return { url, webcalUrl: url.replace(/^https?:/, 'webcal:') }
}

/**
 * A new secret for the feed: turns it on, or with `replace` swaps the secret so the old
 * address stops working at once. Refuses when the feed is not in the state the page showed
 * (another tab, a form sent twice), so a stale "turn on" never silently breaks a subscription.
 */
export async function issueCalendarFeed(psychologistId: string, { replace }: { replace: boolean }) {
  const token = generateToken()
  await db.$transaction(async (tx) => {
    const { count } = await tx.psychologistProfile.updateMany({
      where: { userId: psychologistId, calendarFeedTokenHash: replace ? { not: null } : null },
      data: { calendarFeedTokenHash: hashToken(token), calendarFeedCreatedAt: new Date() },
    })
    if (count === 0) throw new CalendarFeedChangedError(!replace)
    await audit(tx, {
      actorId: psychologistId,
      action: replace ? 'calendar_feed.replaced' : 'calendar_feed.created',
      entity: 'user',
      entityId: psychologistId,
    })
  })
  return feedAddresses(token)
}

/** Turns the feed off: its address answers 404 from now on. False when it was already off. */
export async function revokeCalendarFeed(psychologistId: string) {
  return db.$transaction(async (tx) => {
    const { count } = await tx.psychologistProfile.updateMany({
      where: { userId: psychologistId, calendarFeedTokenHash: { not: null } },
      data: { calendarFeedTokenHash: null, calendarFeedCreatedAt: null },
    })
    if (count > 0) {
      await audit(tx, {
        actorId: psychologistId,
        action: 'calendar_feed.revoked',
        entity: 'user',
        entityId: psychologistId,
      })
    }
    return count > 0
  })
}

/** "Liam Papadopoulos" → "L. P.": first and last name only, enough to recognise a session. */
export function patientInitials(name: string) {
  const words = name.trim().split(/\s+/).filter(Boolean)
  const kept = words.length > 1 ? [words[0]!, words.at(-1)!] : words
  return kept.map((word) => `${Array.from(word)[0]!.toLocaleUpperCase('en-AU')}.`).join(' ')
}

const MODE = { telehealth: 'telehealth', in_person: 'in person' } as const

/** "Standard session · L. P. (telehealth)" */
function sessionSummary(type: string, patientName: string, modality: keyof typeof MODE) {
  const initials = patientInitials(patientName)
  return `${initials ? `${type} · ${initials}` : type} (${MODE[modality]})`
}

/** The feed behind a secret; null when the secret is unknown, replaced or revoked, or its owner can no longer work. */
export async function feedFor(token: string, now = new Date()) {
  const profile = await db.psychologistProfile.findFirst({
    where: {
      calendarFeedTokenHash: hashToken(token),
      user: { status: 'active', roles: { some: { role: { name: 'psychologist' } } } },
    },
    select: { userId: true },
  })
  if (!profile) return null
  const from = new Date(now.getTime() - FEED_DAYS_BACK * DAY_MS)
  const to = new Date(now.getTime() + FEED_DAYS_AHEAD * DAY_MS)
  const during = { startsAt: { lt: to }, endsAt: { gt: from } }
  const [appointments, timeOff] = await Promise.all([
    db.appointment.findMany({
      where: {
        psychologistId: profile.userId,
        ...during,
        // Cancelled, late-cancelled and expired sessions are left out, so they vanish from the subscriber's calendar.
        status: { in: ['held', 'confirmed', 'completed', 'no_show'] },
        OR: [{ status: { not: 'held' } }, { holdExpiresAt: { gt: now } }],
      },
      orderBy: { startsAt: 'asc' },
      select: {
        id: true,
        startsAt: true,
        endsAt: true,
        timeZone: true,
        modality: true,
        version: true,
        updatedAt: true,
        patient: { select: { name: true } },
        appointmentType: { select: { name: true } },
        location: { select: { name: true, address: true, kind: true } },
      },
    }),
    db.timeOff.findMany({
      where: { psychologistId: profile.userId, ...during },
      orderBy: { startsAt: 'asc' },
      select: { id: true, startsAt: true, endsAt: true, createdAt: true },
    }),
  ])
  const events: FeedEvent[] = [
    ...appointments.map((appointment) => ({
      uid: `${appointment.id}@haven`,
      start: appointment.startsAt,
      end: appointment.endsAt,
      timeZone: appointment.timeZone,
      summary: sessionSummary(
        appointment.appointmentType.name,
        appointment.patient.name,
        appointment.modality,
      ),
      location:
        appointment.location.kind === 'telehealth'
          ? 'Video session: join from Haven'
          : [appointment.location.name, appointment.location.address].filter(Boolean).join(', '),
      description: new URL(`/clinician/appointments/${appointment.id}`, getEnv().APP_URL).href,
      sequence: appointment.version,
      // Unchanged sessions keep their stamp, so a refresh rewrites only what changed.
      stamp: appointment.updatedAt,
    })),
    ...timeOff.map((block) => ({
      uid: `timeoff-${block.id}@haven`,
      start: block.startsAt,
      end: block.endsAt,
      timeZone: null,
      summary: 'Time off',
      sequence: 0,
      stamp: block.createdAt,
    })),
  ]
  return calendarFeed({ name: 'Haven sessions', events })
}
