import { db } from '~/utils/db.server.ts'
import { type RateLimitRule, takeRateLimits } from '~/utils/rate-limit.server.ts'
import { RESET_LINK_PROBLEM } from './link-problems.ts'
import { audit } from '../audit/audit.server.ts'
import { queueEmail } from '../notify/messages.server.ts'
import { recordPasswordReset } from './login.server.ts'
import { hashPassword } from './password.server.ts'
import { consumeVerification, findUsableVerification, InvalidTokenError } from './verification.server.ts'

/** Resets requested for one account within this time send nothing more (stops mail-bombing). */
const RESET_RESEND_INTERVAL_MS = 60 * 1000

const HOUR_MS = 60 * 60 * 1000

/**
 * Reset requests allowed per client address and per email address (known or not, so the
 * answer never tells) in an hour; more are refused with RateLimitedError.
 */
export const RESET_LIMITS = {
  perIp: { bucket: 'reset:ip', limit: 10, windowMs: HOUR_MS, perIp: true },
  perEmail: { bucket: 'reset:email', limit: 5, windowMs: HOUR_MS },
} satisfies Record<string, RateLimitRule>

/**
 * Emails a reset link if an active account has this address. The caller says the same thing
 * either way, and so does the timing: the request only records the email, the same work for any
 * address, and whether there is an account to reset is decided when it is sent
 * (`openPasswordReset`).
 */
export async function requestPasswordReset(email: string, { ip = null }: { ip?: string | null } = {}) {
  await db.$transaction(async (tx) => {
    await takeRateLimits(
      tx,
      [
        { rule: RESET_LIMITS.perIp, key: ip },
        { rule: RESET_LIMITS.perEmail, key: email },
      ],
      new Date(),
      'reset requests',
    )
    const recent = await tx.message.findFirst({
      where: {
        toAddress: email,
        template: 'password-reset',
        createdAt: { gt: new Date(Date.now() - RESET_RESEND_INTERVAL_MS) },
      },
      select: { id: true },
    })
    if (recent) return
    await queueEmail(tx, { template: 'password-reset', to: email })
  })
}

/** A reset link and a staff invitation both lead to choosing a password. */
const PASSWORD_PURPOSES = ['password_reset', 'staff_invite'] as const

export async function findPasswordVerification(token: string) {
  return db.$transaction((tx) => findUsableVerification(tx, token, [...PASSWORD_PURPOSES]))
}

/**
 * Sets a new password from an emailed link: the link is spent, every other pending link
 * for the account stops working, and every signed-in session is ended.
 */
export async function resetPassword(input: { token: string; password: string }) {
  const passwordHash = await hashPassword(input.password)
  return db.$transaction(async (tx) => {
    const verification = await findUsableVerification(tx, input.token, [...PASSWORD_PURPOSES])
    if (!verification?.userId) throw new InvalidTokenError(RESET_LINK_PROBLEM)
    await consumeVerification(tx, verification.id)
    const userId = verification.userId
    await tx.password.upsert({
      where: { userId },
      create: { userId, hash: passwordHash },
      update: { hash: passwordHash },
    })
    await tx.verification.updateMany({
      where: { userId, usedAt: null, purpose: { in: [...PASSWORD_PURPOSES] } },
      data: { usedAt: new Date() },
    })
    const { count } = await tx.session.deleteMany({ where: { userId } })
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } })
    await recordPasswordReset(tx, user.email)
    await audit(tx, {
      actorId: userId,
      action: verification.purpose === 'staff_invite' ? 'user.invitation_accepted' : 'user.password_reset',
      entity: 'user',
      entityId: userId,
      detail: { sessionsEnded: count },
    })
    return { userId, purpose: verification.purpose }
  })
}
