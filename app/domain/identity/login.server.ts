import { Authenticator } from 'remix-auth'
import { FormStrategy } from 'remix-auth-form'
import { db } from '~/utils/db.server.ts'
import { normaliseEmail } from './email.ts'
import { verifyAgainstDecoy, verifyPassword } from './password.server.ts'

/** Failed attempts allowed per email address within the window before sign-in pauses. */
export const LOGIN_MAX_FAILURES = 5
export const LOGIN_FAILURE_WINDOW_MS = 15 * 60 * 1000

export class LoginError extends Error {
  constructor(
    readonly reason: 'invalid' | 'throttled',
    readonly retryAfterMinutes = 0,
  ) {
    super(
      reason === 'throttled'
        ? `Too many unsuccessful attempts. For your security, sign-in for this email is paused for ${retryAfterMinutes} minute${retryAfterMinutes === 1 ? '' : 's'}. You can reset your password instead.`
        : 'That email and password do not match our records.',
    )
  }
}

async function throttleFor(emailKey: string, now: number) {
  const recent = await db.loginFailure.findMany({
    where: { emailKey, createdAt: { gt: new Date(now - LOGIN_FAILURE_WINDOW_MS) } },
    orderBy: { createdAt: 'asc' },
    select: { createdAt: true },
  })
  if (recent.length < LOGIN_MAX_FAILURES) return null
  // Paused until the oldest counted failure leaves the window.
  const oldestCounted = recent[recent.length - LOGIN_MAX_FAILURES]!.createdAt.getTime()
  const retryAfterMs = oldestCounted + LOGIN_FAILURE_WINDOW_MS - now
  return new LoginError('throttled', Math.max(1, Math.ceil(retryAfterMs / 60_000)))
}

/**
 * Checks an email and password. The same message whether the account exists or not,
 * and the same work (a decoy hash), so neither words nor timing reveal who has one.
 */
export async function verifyLogin(email: string, password: string) {
  const emailKey = normaliseEmail(email)
  const now = Date.now()
  const throttled = await throttleFor(emailKey, now)
  if (throttled) throw throttled

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
  if (!valid || !user) {
    await db.loginFailure.create({ data: { emailKey } })
    throw (await throttleFor(emailKey, Date.now())) ?? new LoginError('invalid')
  }
  await db.loginFailure.deleteMany({ where: { emailKey } })
  return { userId: user.id, roles: user.roles.map(({ role }) => ({ name: role.name })) }
}

/** Sweeps failures that no longer count (the worker runs it). */
export function pruneLoginFailures(now = Date.now()) {
  return db.loginFailure.deleteMany({ where: { createdAt: { lt: new Date(now - LOGIN_FAILURE_WINDOW_MS) } } })
}

export const authenticator = new Authenticator<Awaited<ReturnType<typeof verifyLogin>>>()

authenticator.use(
  new FormStrategy(async ({ form }) => {
    const email = form.get('email')
    const password = form.get('password')
    if (typeof email !== 'string' || typeof password !== 'string') throw new LoginError('invalid')
    return verifyLogin(email, password)
  }),
  'password',
)
