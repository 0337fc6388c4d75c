import { renderEmail } from '~/emails/index.server.ts'
import { db, type Tx } from '~/utils/db.server.ts'
import { getEnv } from '~/utils/env.server.ts'
import { enqueue } from '~/utils/jobs.server.ts'
import { sendEmailQueue, sendSmsQueue } from '~/utils/queues.server.ts'
import {
  mintVerificationToken,
  openPasswordReset,
  VERIFICATION_TTL_MS,
  withdrawSignupIfMember,
} from '../identity/verification.server.ts'
import { formatAud } from '~/utils/money.ts'
import { formatZonedTime } from '~/utils/time.ts'
import { TIME_TAKEN_REASON } from '../billing/refund-reasons.ts'
import { sendEmail } from './email.server.ts'

type EmailTemplate =
  'signup-verify' | 'signup-existing' | 'password-reset' | 'staff-invite' | 'booking-time-taken'

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

function appLink(path: string, params?: Record<string, string>) {
  const url = new URL(path, getEnv().APP_URL)
  for (const [key, value] of Object.entries(params ?? {})) url.searchParams.set(key, value)
  return url.toString()
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
          startsAt: true,
          timeZone: true,
          psychologist: { select: { name: true } },
          invoice: { select: { refunds: { select: { amountCents: true, reason: true } } } },
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
    default:
      throw new Error(`unknown email template ${String(template satisfies never)}`)
  }
}

export class RetryableDeliveryError extends Error {}

/**
 * Sends one queued email. Already sent: nothing to do. A retryable failure throws so
 * the queue retries with backoff; a permanent one marks the message failed. Each
 * attempt is counted on the message, so staff can see what happened.
 */
export async function deliverMessage(messageId: string) {
  const message = await db.message.findUnique({ where: { id: messageId } })
  if (!message || message.status !== 'queued') return { status: message?.status ?? 'missing' }

  // Minting commits before the send: a token whose email never left is simply never used.
  const email = await db.$transaction(async (tx) => {
    const composed = await composeEmail(tx, messageId)
    if (!composed) await tx.message.update({ where: { id: messageId }, data: { status: 'skipped' } })
    return composed
  })
  if (!email) return { status: 'skipped' as const }
  const outcome = await sendEmail({
    to: message.toAddress,
    subject: email.subject,
    html: email.html,
    text: email.text,
    idempotencyKey: `${message.id}-${message.attempts + 1}`,
  })
  if (outcome.ok) {
    await db.message.update({
      where: { id: messageId },
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
  await db.message.updateMany({
    where: { id: messageId, status: 'queued' },
    data: { status: 'failed', lastError: 'Gave up after repeated failures' },
  })
}
