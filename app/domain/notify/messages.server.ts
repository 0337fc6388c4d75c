import { renderEmail } from '~/emails/index.server.ts'
import { db, type Tx } from '~/utils/db.server.ts'
import { enqueue } from '~/utils/jobs.server.ts'
import { sendEmailQueue, sendSmsQueue } from '~/utils/queues.server.ts'
import {
  mintVerificationToken,
  openPasswordReset,
  VERIFICATION_TTL_MS,
  withdrawSignupIfMember,
} from '../identity/verification.server.ts'
import { formatAud } from '~/utils/money.ts'
import { formatDayHeading, formatZonedTime } from '~/utils/time.ts'
import { TIME_TAKEN_REASON } from '../billing/refund-reasons.ts'
import { summaryPath } from '../records/summaries.ts'
import { appLink, composeAppointmentMessage } from './appointment-compose.server.ts'
import { sendEmail } from './email.server.ts'
import { optOutMobile } from './sms-opt-out.server.ts'
import { statusCallbackUrl } from '../twilio.server.ts'
import { sendSms } from './sms.server.ts'
import { type MessageTemplate } from './templates.ts'
import { composeQuestionnaireDue } from '../outcomes/reminders.server.ts'

type EmailTemplate = Extract<
  MessageTemplate,
  | 'signup-verify'
  | 'signup-existing'
  | 'password-reset'
  | 'staff-invite'
  | 'booking-time-taken'
  | 'summary-shared'
>
const ACCOUNT_TEMPLATES: readonly string[] = [
  'signup-verify',
  'signup-existing',
  'password-reset',
  'staff-invite',
  'booking-time-taken',
  'summary-shared',
] satisfies EmailTemplate[]

/** Messages about a booking, decided from the appointment at send time. */
function isAppointmentTemplate(template: string) {
  return !ACCOUNT_TEMPLATES.includes(template)
}

/**
 * Which emails the worker sends first (pg-boss fetches by priority, then age): a burst of
 * sign-ups must not hold back a password reset someone is waiting on. An existing member's
 * sign-up answer ranks with the other sign-up mail, so its timing tells nothing either.
 */
const EMAIL_PRIORITY: Record<EmailTemplate, number> = {
  'password-reset': 20,
  'staff-invite': 10,
  'booking-time-taken': 10,
  'signup-verify': 0,
  'signup-existing': 0,
  'summary-shared': 0,
}

/** Records an email and enqueues its delivery in the caller's transaction. */
export async function queueEmail(
  tx: Tx,
  message: {
    template: EmailTemplate
    to: string
    userId?: string
    verificationId?: string
    appointmentId?: string
    /** One message per purpose: a second with the same key is refused by the database. */
    dedupeKey?: string
  },
) {
  const created = await tx.message.create({
    data: {
      channel: 'email',
      template: message.template,
      toAddress: message.to,
      userId: message.userId ?? null,
      verificationId: message.verificationId ?? null,
      appointmentId: message.appointmentId ?? null,
      dedupeKey: message.dedupeKey ?? null,
    },
  })
  await enqueueDelivery(tx, created, { priority: EMAIL_PRIORITY[message.template] })
  return created
}

/**
 * Enqueues the send of a recorded message on its channel's queue, in the caller's transaction:
 * at once, or at its `sendAt`. The job is keyed by the message, so one message has one job.
 */
export async function enqueueDelivery(
  tx: Tx,
  message: { id: string; channel: 'email' | 'sms'; sendAt?: Date | null; dedupeKey?: string | null },
  options: { priority?: number } = {},
) {
  const queue = message.channel === 'sms' ? sendSmsQueue : sendEmailQueue
  // The row's unique dedupe key is what stops a second message; the job carries the same key so
  // staff tooling can find (and pg-boss can cancel) a reminder's job by what it is for.
  await enqueue(
    tx,
    queue,
    { messageId: message.id },
    {
      ...options,
      singletonKey: message.dedupeKey ?? message.id,
      ...(message.sendAt ? { startAfter: message.sendAt } : {}),
    },
  )
}

const hours = (ms: number) => Math.round(ms / (60 * 60 * 1000))

/**
 * Builds the email for a message from current data, minting its link token if it has one;
 * null when there is nothing to send. Sign-up and reset requests are only recorded when asked
 * (the same work for any address, so their timing tells nobody who has an account): whether
 * the address has an account is decided here.
 */
async function composeEmail(tx: Tx, messageId: string) {
  const message = await tx.message.findUniqueOrThrow({
    where: { id: messageId },
    include: {
      user: { select: { name: true, roles: { select: { role: { select: { name: true } } } } } },
      verification: { select: { id: true, createdBy: { select: { name: true } } } },
      appointment: {
        select: {
          id: true,
          startsAt: true,
          timeZone: true,
          psychologist: { select: { name: true } },
          invoice: { select: { refunds: { select: { amountCents: true, reason: true } } } },
          summary: { select: { correctedAt: true } },
        },
      },
    },
  })
  const template = message.template as EmailTemplate
  const mint = async () => {
    if (!message.verification) throw new Error(`message ${message.id} has no verification`)
    return mintVerificationToken(tx, message.verification.id)
  }
  const signupExisting = () =>
    renderEmail('signup-existing', {
      signInLink: appLink('/login'),
      resetLink: appLink('/forgot-password'),
    })
  switch (template) {
    case 'signup-verify': {
      if (!message.verification) throw new Error(`message ${message.id} has no verification`)
      const memberId = await withdrawSignupIfMember(tx, message.verification.id, message.toAddress)
      if (memberId) {
        await tx.message.update({
          where: { id: message.id },
          data: { template: 'signup-existing', userId: memberId },
        })
        return signupExisting()
      }
      const { token } = await mint()
      return renderEmail('signup-verify', {
        link: appLink('/signup/complete', { token }),
        expiresInHours: hours(VERIFICATION_TTL_MS.signup),
      })
    }
    case 'signup-existing':
      return signupExisting()
    case 'password-reset': {
      let verificationId = message.verification?.id
      let name = message.user?.name
      if (!verificationId) {
        const opened = await openPasswordReset(tx, message.toAddress)
        if (!opened) return null
        const updated = await tx.message.update({
          where: { id: message.id },
          data: { userId: opened.userId, verificationId: opened.id },
          select: { user: { select: { name: true } } },
        })
        verificationId = opened.id
        name = updated.user?.name
      }
      const { token } = await mintVerificationToken(tx, verificationId)
      return renderEmail('password-reset', {
        name: name ?? '',
        link: appLink('/reset-password', { token }),
        expiresInMinutes: VERIFICATION_TTL_MS.password_reset / 60_000,
      })
    }
    case 'staff-invite': {
      const { token } = await mint()
      const isManager = message.user?.roles.some(({ role }) => role.name === 'manager') ?? false
      return renderEmail('staff-invite', {
        name: message.user?.name ?? '',
        role: isManager ? 'manager' : 'psychologist',
        inviterName: message.verification?.createdBy?.name ?? 'Your practice manager',
        link: appLink('/reset-password', { token }),
        expiresInHours: hours(VERIFICATION_TTL_MS.staff_invite),
      })
    }
    case 'booking-time-taken': {
      const appointment = message.appointment
      if (!appointment) throw new Error(`message ${message.id} has no appointment`)
      const refund = appointment.invoice?.refunds.find((candidate) => candidate.reason === TIME_TAKEN_REASON)
      return renderEmail('booking-time-taken', {
        name: message.user?.name ?? '',
        psychologistName: appointment.psychologist.name,
        when: formatZonedTime(appointment.startsAt, appointment.timeZone),
        amount: formatAud(refund?.amountCents ?? 0),
        bookLink: appLink('/psychologists'),
      })
    }
    case 'summary-shared': {
      const appointment = message.appointment
      if (!appointment?.summary) throw new Error(`message ${message.id} has no shared summary`)
      return renderEmail('summary-shared', {
        name: message.user?.name ?? '',
        when: formatDayHeading(appointment.startsAt, appointment.timeZone),
        link: appLink(summaryPath(appointment.id)),
        updated: appointment.summary.correctedAt !== null,
      })
    }
    default:
      throw new Error(`unknown email template ${String(template satisfies never)}`)
  }
}

export class RetryableDeliveryError extends Error {}

export type Outgoing =
  | {
      channel: 'email'
      to: string
      subject: string
      html: string
      text: string
      attachments?: Attachment[]
      headers?: Record<string, string>
    }
  | { channel: 'sms'; to: string; body: string }
type Attachment = { filename: string; content: string; contentType: string }

/**
 * Builds a queued message from current data, under a lock on its row (so a change's planner and
 * this never both act on it); a skip is recorded with why. Appointment messages are decided here,
 * at send time: a reminder for a session that moved or was cancelled is skipped, never sent.
 */
async function prepare(messageId: string, now: Date) {
  // Minting commits before the send: a token whose email never left is simply never used.
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`
      select id from "Message" where id = ${messageId} and status = 'queued' for update`
    const message = await tx.message.findUnique({ where: { id: messageId } })
    if (!message || locked.length === 0) return { done: message?.status ?? ('missing' as const) }
    const skip = async (why: string) => {
      await tx.message.update({ where: { id: messageId }, data: { status: 'skipped', skipReason: why } })
      return { done: 'skipped' as const }
    }
    if (message.template === 'questionnaire-due') {
      const composed = await composeQuestionnaireDue(tx, message, now)
      if (composed.skip !== undefined) return skip(composed.skip)
      await tx.message.update({
        where: { id: messageId },
        data: { toAddress: composed.outgoing.to, composedAt: now },
      })
      return { message, outgoing: composed.outgoing }
    }
    if (isAppointmentTemplate(message.template)) {
      const composed = await composeAppointmentMessage(tx, message, now)
      if (composed.skip !== undefined) return skip(composed.skip)
      await tx.message.update({
        where: { id: messageId },
        data: { ...composed.record, toAddress: composed.to, composedAt: now },
      })
      const outgoing: Outgoing = composed.sms
        ? { channel: 'sms', to: composed.to, body: composed.sms.body }
        : { channel: 'email', to: composed.to, ...composed.email! }
      return { message, outgoing }
    }
    const email = await composeEmail(tx, messageId)
    if (!email) return skip('No active account with this address')
    await tx.message.update({ where: { id: messageId }, data: { composedAt: now } })
    const current = await tx.message.findUniqueOrThrow({ where: { id: messageId } })
    const outgoing: Outgoing = { channel: 'email', to: current.toAddress, ...email }
    return { message, outgoing }
  })
}

async function send(outgoing: Outgoing, idempotencyKey: string) {
  if (outgoing.channel === 'sms')
    return sendSms({ to: outgoing.to, body: outgoing.body, statusCallback: statusCallbackUrl() })
  return sendEmail({ ...outgoing, idempotencyKey })
}

/**
 * Sends one queued message (email or SMS). Already sent or skipped: nothing to do. A retryable
 * failure throws so the queue retries with backoff; a permanent one marks the message failed
 * with the vendor's words. Each attempt is counted on the message, so staff can see what happened.
 */
export async function deliverMessage(messageId: string, now = new Date()) {
  const prepared = await prepare(messageId, now)
  if ('done' in prepared) return { status: prepared.done }
  const { message, outgoing } = prepared
  const outcome = await send(outgoing, `${message.id}-${message.attempts + 1}`)
  if (outcome.ok) {
    await db.message.updateMany({
      where: { id: messageId, status: 'queued' },
      data: {
        status: 'sent',
        sentAt: new Date(),
        attempts: { increment: 1 },
        providerMessageId: outcome.providerId,
        lastError: null,
      },
    })
    return { status: 'sent' as const }
  }

  // A number that replied STOP: texts stop for that patient until they reply START.
  if ('optedOut' in outcome && outcome.optedOut) await optOutMobile(outgoing.to, now)
  await db.message.update({
    where: { id: messageId },
    data: {
      attempts: { increment: 1 },
      lastError: outcome.error.slice(0, 500),
      ...(outcome.retryable ? {} : { status: 'failed' as const }),
    },
  })
  if (outcome.retryable) throw new RetryableDeliveryError(outcome.error)
  return { status: 'failed' as const }
}

/** Every retry failed: leave the message visibly failed. */
export async function markMessageUndeliverable(messageId: string) {
  // Keeps the vendor's words from the last try: staff need to know why, not only that it failed.
  await db.$executeRaw`
    update "Message" set status = 'failed',
      "lastError" = left('Gave up after repeated failures' || coalesce(': ' || "lastError", ''), 500)
    where id = ${messageId} and status = 'queued'`
}
