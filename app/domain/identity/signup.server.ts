import { DomainError } from '~/domain/errors.ts'
import { SIGNUP_LINK_PROBLEM } from './link-problems.ts'
import { Prisma } from '~/generated/prisma/client.ts'
import { db } from '~/utils/db.server.ts'
import { type RateLimitRule, takeRateLimits } from '~/utils/rate-limit.server.ts'
import { audit } from '../audit/audit.server.ts'
import { queueEmail } from '../notify/messages.server.ts'
import { hashPassword } from './password.server.ts'
import { consumeVerification, findUsableVerification, InvalidTokenError } from './verification.server.ts'

/** A second request for the same address within this time sends nothing more. */
const SIGNUP_RESEND_INTERVAL_MS = 60 * 1000

const HOUR_MS = 60 * 60 * 1000

/**
 * Sign-up requests allowed per client address and per email address (whether or not it has
 * an account, so the answer never tells) in an hour; more are refused with RateLimitedError.
 */
export const SIGNUP_LIMITS = {
  perIp: { bucket: 'signup:ip', limit: 10, windowMs: HOUR_MS, perIp: true },
  perEmail: { bucket: 'signup:email', limit: 5, windowMs: HOUR_MS },
} satisfies Record<string, RateLimitRule>

/**
 * Step one of sign-up: email a link. Whether or not the address already has an account,
 * the person sees the same answer and the request does the same work; the email, decided
 * when it is sent (`withdrawSignupIfMember`), tells an existing member to sign in instead.
 */
export async function requestSignup(email: string, { ip = null }: { ip?: string | null } = {}) {
  await db.$transaction(async (tx) => {
    await takeRateLimits(
      tx,
      [
        { rule: SIGNUP_LIMITS.perIp, key: ip },
        { rule: SIGNUP_LIMITS.perEmail, key: email },
      ],
      new Date(),
      'sign-up requests',
    )
    const recent = await tx.message.findFirst({
      where: {
        toAddress: email,
        template: { in: ['signup-verify', 'signup-existing'] },
        createdAt: { gt: new Date(Date.now() - SIGNUP_RESEND_INTERVAL_MS) },
      },
      select: { id: true },
    })
    if (recent) return
    const verification = await tx.verification.create({ data: { purpose: 'signup', email } })
    await queueEmail(tx, { template: 'signup-verify', to: email, verificationId: verification.id })
  })
}

export async function findSignupVerification(token: string) {
  return db.$transaction((tx) => findUsableVerification(tx, token, ['signup']))
}

/** The address became an account meanwhile: to the person, the link is simply used. */
export class EmailTakenError extends DomainError {
  constructor() {
    super('refused', SIGNUP_LINK_PROBLEM)
  }
}

/** Step two: the verified email becomes a patient account, all or nothing. */
export async function completeSignup(input: { token: string; name: string; password: string }) {
  const passwordHash = await hashPassword(input.password)
  try {
    return await db.$transaction(async (tx) => {
      const verification = await findUsableVerification(tx, input.token, ['signup'])
      if (!verification) throw new InvalidTokenError(SIGNUP_LINK_PROBLEM)
      await consumeVerification(tx, verification.id)
      const user = await tx.user.create({
        data: {
          email: verification.email,
          name: input.name,
          password: { create: { hash: passwordHash } },
          roles: { create: { role: { connect: { name: 'patient' } } } },
        },
        select: { id: true },
      })
      await tx.verification.update({ where: { id: verification.id }, data: { userId: user.id } })
      await audit(tx, { actorId: user.id, action: 'user.signed_up', entity: 'user', entityId: user.id })
      return user
    })
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new EmailTakenError()
    }
    throw error
  }
}
