import { DomainError } from '~/domain/errors.ts'
import { Authenticator } from 'remix-auth'
import { FormStrategy } from 'remix-auth-form'
import { type LoginAttemptOutcome } from '~/generated/prisma/client.ts'
import { db, type Tx } from '~/utils/db.server.ts'
import { effectiveLimit, lockLimitKey } from '~/utils/rate-limit.server.ts'
import { getClientIp } from '~/utils/client-ip.server.ts'
import { normaliseEmail } from './email.ts'
import { verifyAgainstDecoy, verifyPassword } from './password.server.ts'

/** Failed attempts allowed per email address within the window before sign-in pauses. */
export const LOGIN_MAX_FAILURES = 5
export const LOGIN_FAILURE_WINDOW_MS = 15 * 60 * 1000
/** Failed attempts allowed from one client address (any emails) within the same window. */
export const LOGIN_MAX_FAILURES_PER_IP = 30
/** How long attempts are kept as evidence (they stop counting after the window). */
export const LOGIN_ATTEMPT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000

export class LoginError extends DomainError {
  constructor(
    readonly reason: 'invalid' | 'throttled',
    readonly retryAfterMinutes = 0,
    message?: string,
  ) {
    super(
      reason === 'throttled' ? 'rate-limited' : 'refused',
      message ??
        (reason === 'throttled'
          ? `Too many unsuccessful attempts. For your security, sign-in for this email is paused for ${minutes(retryAfterMinutes)}. You can reset your password instead.`
          : 'That email and password do not match our records.'),
    )
  }

  get retryAfterSeconds() {
    return this.retryAfterMinutes * 60
  }
}

const minutes = (count: number) => `${count} minute${count === 1 ? '' : 's'}`

const COUNTED: LoginAttemptOutcome[] = ['checking', 'failed']
const RESETS: LoginAttemptOutcome[] = ['succeeded', 'password_reset']

/** Paused until the oldest counted attempt leaves the window. */
function pausedFor(counted: { createdAt: Date }[], limit: number, now: number) {
  if (counted.length < limit) return null
  const oldestCounted = counted[counted.length - limit]!.createdAt.getTime()
  return Math.max(1, Math.ceil((oldestCounted + LOGIN_FAILURE_WINDOW_MS - now) / 60_000))
}

/** Attempts that count against an email: unfinished or failed, in the window, since its last success. */
async function countedForEmail(tx: Pick<Tx, 'loginAttempt'>, emailKey: string, now: number) {
  const lastReset = await tx.loginAttempt.findFirst({
    where: { emailKey, outcome: { in: RESETS } },
    orderBy: { createdAt: 'desc' },
    select: { createdAt: true },
  })
  const windowStart = now - LOGIN_FAILURE_WINDOW_MS
  const since = Math.max(windowStart, lastReset?.createdAt.getTime() ?? windowStart)
  return tx.loginAttempt.findMany({
    where: { emailKey, outcome: { in: COUNTED }, createdAt: { gt: new Date(since) } },
    orderBy: { createdAt: 'asc' },
    select: { createdAt: true },
  })
}

function countedForIp(tx: Tx, ip: string, now: number) {
  return tx.loginAttempt.findMany({
    where: { ip, outcome: { in: COUNTED }, createdAt: { gt: new Date(now - LOGIN_FAILURE_WINDOW_MS) } },
    orderBy: { createdAt: 'asc' },
    select: { createdAt: true },
  })
}

/**
 * Decides and records in one step: under a lock per email (and per address), an attempt is
 * refused when its limit is reached, or else recorded as `checking` before the password is
 * checked. Guesses sent at once therefore queue here, and only the first few reach the check.
 */
function admitAttempt(emailKey: string, ip: string | null, now: number) {
  return db.$transaction(async (tx) => {
    await lockLimitKey(tx, `login:email:${emailKey}`)
    if (ip) await lockLimitKey(tx, `login:ip:${ip}`)
    const emailPause = pausedFor(await countedForEmail(tx, emailKey, now), LOGIN_MAX_FAILURES, now)
    if (emailPause) throw new LoginError('throttled', emailPause)
    if (ip) {
      const ipLimit = effectiveLimit({ limit: LOGIN_MAX_FAILURES_PER_IP, perIp: true })
      const ipPause = pausedFor(await countedForIp(tx, ip, now), ipLimit, now)
      if (ipPause) {
        throw new LoginError(
          'throttled',
          ipPause,
          `Too many unsuccessful sign-ins from your network. Please try again in ${minutes(ipPause)}, or reset your password.`,
        )
      }
    }
    return tx.loginAttempt.create({ data: { emailKey, ip, createdAt: new Date(now) }, select: { id: true } })
  })
}

/**
 * Checks an email and password. The same message whether the account exists or not,
 * and the same work (a decoy hash), so neither words nor timing reveal who has one.
 * `ip` is the client's address (getClientIp), when known.
 */
export async function verifyLogin(
  email: string,
  password: string,
  { ip = null, now = new Date() }: { ip?: string | null; now?: Date } = {},
) {
  const emailKey = normaliseEmail(email)
  const attempt = await admitAttempt(emailKey, ip, now.getTime())

  const user = await db.user.findUnique({
    where: { email: emailKey },
    select: {
      id: true,
      status: true,
      password: { select: { hash: true } },
      roles: { select: { role: { select: { name: true } } } },
    },
  })
  const valid =
    user?.password && user.status === 'active'
      ? await verifyPassword(user.password.hash, password)
      : await verifyAgainstDecoy(password)
  // Failures stay as evidence; a success only restarts the count (later attempts count from it).
  await db.loginAttempt.update({
    where: { id: attempt.id },
    data: { outcome: valid && user ? 'succeeded' : 'failed' },
  })
  if (!valid || !user) {
    const counted = await countedForEmail(db, emailKey, now.getTime())
    const paused = pausedFor(counted, LOGIN_MAX_FAILURES, now.getTime())
    throw paused ? new LoginError('throttled', paused) : new LoginError('invalid')
  }
  return { userId: user.id, roles: user.roles.map(({ role }) => ({ name: role.name })) }
}

/** A password reset proves the owner is back: failures before it stop counting (they are kept). */
export function recordPasswordReset(tx: Tx, emailKey: string, now = new Date()) {
  return tx.loginAttempt.create({ data: { emailKey, outcome: 'password_reset', createdAt: now } })
}

/** Sweeps attempts older than the evidence is kept for (the worker runs it). */
export function pruneLoginAttempts(now = Date.now()) {
  return db.loginAttempt.deleteMany({
    where: { createdAt: { lt: new Date(now - LOGIN_ATTEMPT_RETENTION_MS) } },
  })
}

export const authenticator = new Authenticator<Awaited<ReturnType<typeof verifyLogin>>>()

authenticator.use(
  new FormStrategy(async ({ form, request }) => {
    const email = form.get('email')
    const password = form.get('password')
    if (typeof email !== 'string' || typeof password !== 'string') throw new LoginError('invalid')
    return verifyLogin(email, password, { ip: getClientIp(request) })
  }),
  'password',
)
