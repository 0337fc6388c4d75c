import { DomainError } from '~/domain/errors.ts'
import { type VerificationPurpose } from '~/generated/prisma/client.ts'
import { type Tx } from '~/utils/db.server.ts'
import { generateToken, hashToken } from './tokens.server.ts'

/** How long an emailed link works after it is sent. */
export const VERIFICATION_TTL_MS: Record<VerificationPurpose, number> = {
  signup: 24 * 60 * 60 * 1000,
  password_reset: 60 * 60 * 1000,
  staff_invite: 72 * 60 * 60 * 1000,
}

/**
 * Mints the link's token when the email is actually sent (by the worker): only its hash
 * is stored, so neither the database nor the job queue ever holds a usable token. A
 * retried send mints a new token, and the earlier link stops working.
 */
export async function mintVerificationToken(tx: Tx, verificationId: string) {
  const verification = await tx.verification.findUniqueOrThrow({ where: { id: verificationId } })
  const token = generateToken()
  const expiresAt = new Date(Date.now() + VERIFICATION_TTL_MS[verification.purpose])
  await tx.verification.update({
    where: { id: verificationId },
    data: { tokenHash: hashToken(token), expiresAt },
  })
  return { token, expiresAt, purpose: verification.purpose }
}

export class InvalidTokenError extends DomainError {
  constructor(message = 'This link has expired or has already been used.') {
    super('refused', message)
  }
}

/** A token that exists, is for one of these purposes, has not been used and has not expired. */
export async function findUsableVerification(tx: Tx, token: string, purposes: VerificationPurpose[]) {
  if (!token || token.length > 100) return null
  const verification = await tx.verification.findUnique({ where: { tokenHash: hashToken(token) } })
  if (
    !verification ||
    !purposes.includes(verification.purpose) ||
    verification.usedAt ||
    !verification.expiresAt ||
    verification.expiresAt.getTime() <= Date.now()
  ) {
    return null
  }
  return verification
}

/**
 * Marks a verification used, atomically: of two requests racing with the same link,
 * exactly one succeeds.
 */
export async function consumeVerification(tx: Tx, id: string) {
  const { count } = await tx.verification.updateMany({
    where: { id, usedAt: null },
    data: { usedAt: new Date() },
  })
  if (count !== 1) throw new InvalidTokenError()
}

/**
 * When a requested reset email is sent: the active account with this address gets a reset
 * verification; no such account, nothing to send (null). Decided here rather than when asked,
 * so asking takes the same time for every address.
 */
export async function openPasswordReset(tx: Tx, email: string) {
  const user = await tx.user.findUnique({ where: { email }, select: { id: true, status: true } })
  if (!user || user.status !== 'active') return null
  return tx.verification.create({
    data: { purpose: 'password_reset', email, userId: user.id },
    select: { id: true, userId: true },
  })
}

/**
 * When a sign-up email is sent: an address that already has an account gets no sign-up link
 * (its verification is withdrawn) and the member's id comes back, to be told to sign in instead.
 */
export async function withdrawSignupIfMember(tx: Tx, verificationId: string, email: string) {
  const member = await tx.user.findUnique({ where: { email }, select: { id: true } })
  if (member) await tx.verification.delete({ where: { id: verificationId } })
  return member?.id ?? null
}
