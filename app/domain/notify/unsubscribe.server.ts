// Unsubscribe links in reminder emails: they work without signing in, so the link itself is the
// credential. It names the person (their id, nothing else in clear) and the channel, signed
// with the session secret; it does not expire (RFC 8058 asks that it keep working), and all it
// can ever do is turn that person's reminders off.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { db } from '~/utils/db.server.ts'
import { getEnv } from '~/utils/env.server.ts'
import { audit } from '../audit/audit.server.ts'
import { DomainError } from '../errors.ts'
import { UNSUBSCRIBE_LINK_PROBLEM } from '../identity/link-problems.ts'

export type ReminderChannel = 'email' | 'sms'
const CHANNELS: readonly ReminderChannel[] = ['email', 'sms']

export const UNSUBSCRIBE_PATH = '/unsubscribe'
/** The body a mail client posts for a one-click unsubscribe (RFC 8058). */
export const ONE_CLICK_BODY = 'List-Unsubscribe=One-Click'

const BASE64URL = /^[A-Za-z0-9_-]+$/

function signature(payload: string) {
  // A purpose prefix: nothing else signed with this secret can pass for an unsubscribe link.
  return createHmac('sha256', getEnv().SESSION_SECRET).update(`unsubscribe:v1:${payload}`).digest()
}

/** The token for one person's reminders on one channel: `<payload>.<signature>`, both base64url. */
export function unsubscribeToken(userId: string, channel: ReminderChannel) {
  const payload = Buffer.from(`${channel}:${userId}`).toString('base64url')
  return `${payload}.${signature(payload).toString('base64url')}`
}

/** Whose reminders, on which channel, a token stops; null for anything not signed by us. */
export function readUnsubscribeToken(token: string): { userId: string; channel: ReminderChannel } | null {
  if (token.length > 300) return null
  const [payload, signed, ...extra] = token.split('.')
  if (!payload || !signed || extra.length > 0 || !BASE64URL.test(payload) || !BASE64URL.test(signed))
    return null
  const given = Buffer.from(signed, 'base64url')
  const expected = signature(payload)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null
  const [channel, userId] = Buffer.from(payload, 'base64url').toString('utf8').split(/:(.*)/s)
  if (!CHANNELS.includes(channel as ReminderChannel) || !userId) return null
  return { userId, channel: channel as ReminderChannel }
}

/** The address a reminder links to. */
export function unsubscribeLink(userId: string, channel: ReminderChannel) {
  const url = new URL(UNSUBSCRIBE_PATH, getEnv().APP_URL)
  url.searchParams.set('token', unsubscribeToken(userId, channel))
  return url.toString()
}

/** The headers of a reminder email, for mail clients' own unsubscribe button (RFC 2369, RFC 8058). */
export function listUnsubscribeHeaders(userId: string) {
  return {
    'List-Unsubscribe': `<${unsubscribeLink(userId, 'email')}>`,
    'List-Unsubscribe-Post': ONE_CLICK_BODY,
  }
}

export class UnsubscribeLinkError extends DomainError {
  constructor() {
    super('refused', UNSUBSCRIBE_LINK_PROBLEM)
  }
}

/** Turns off the reminders a link names (again, harmlessly, if they already are). */
export async function unsubscribe(token: string) {
  const target = readUnsubscribeToken(token)
  if (!target) throw new UnsubscribeLinkError()
  const field = target.channel === 'email' ? 'emailReminders' : 'smsReminders'
  return db.$transaction(async (tx) => {
    const { count } = await tx.patientProfile.updateMany({
      where: { userId: target.userId },
      data: { [field]: false },
    })
    // A genuine link for someone who is no longer a patient (their record removed).
    if (count === 0) throw new UnsubscribeLinkError()
    await audit(tx, {
      // Whoever holds the link: not a signed-in person.
      actorId: null,
      action: 'message-preferences.unsubscribed',
      entity: 'patient',
      entityId: target.userId,
      detail: { fields: [field] },
    })
    return { channel: target.channel }
  })
}
