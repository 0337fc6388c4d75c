import { beforeEach, describe, expect, it, vi } from 'vitest'
import { db } from '~/utils/db.server.ts'
import {
  LOGIN_FAILURE_WINDOW_MS,
  LOGIN_MAX_FAILURES,
  LOGIN_MAX_FAILURES_PER_IP,
  LoginError,
  verifyLogin,
} from './login.server.ts'
import type * as PasswordModule from './password.server.ts'
import { hashPassword } from './password.server.ts'

// Counts real password checks (the hash comparison an attacker wants to run), without changing them.
const checks = vi.hoisted(() => ({ count: 0 }))
vi.mock('./password.server.ts', async (importOriginal) => {
  const original = await importOriginal<typeof PasswordModule>()
  return {
    ...original,
    verifyPassword: async (...args: Parameters<typeof original.verifyPassword>) => {
      checks.count++
      return original.verifyPassword(...args)
    },
  }
})
beforeEach(() => {
  checks.count = 0
})

async function makeUser(
  email: string,
  password = 'correct horse battery',
  status: 'active' | 'deactivated' = 'active',
) {
  return db.user.create({
    data: {
      email,
      name: 'Sam Citizen',
      status,
      password: { create: { hash: await hashPassword(password) } },
      roles: { create: { role: { connect: { name: 'patient' } } } },
    },
  })
}

async function failure(email: string, password: string) {
  try {
    await verifyLogin(email, password)
  } catch (error) {
    return error as LoginError
  }
  throw new Error('expected the login to fail')
}

describe('verifyLogin', () => {
  it('accepts the right password, ignoring case and spaces in the email', async () => {
    const user = await makeUser('sam@example.com')
    const result = await verifyLogin('  SAM@example.com ', 'correct horse battery')
    expect(result.userId).toBe(user.id)
    expect(result.roles).toEqual([{ name: 'patient' }])
  })

  it('gives the same answer for a wrong password and an unknown email', async () => {
    await makeUser('known@example.com')
    const wrong = await failure('known@example.com', 'nope nope nope')
    const unknown = await failure('nobody@example.com', 'nope nope nope')
    expect(wrong.reason).toBe('invalid')
    expect(unknown.message).toBe(wrong.message)
  })

  it('refuses a deactivated account like any wrong password', async () => {
    await makeUser('gone@example.com', 'correct horse battery', 'deactivated')
    expect((await failure('gone@example.com', 'correct horse battery')).reason).toBe('invalid')
  })

  it('pauses sign-in after repeated failures, even with the right password, then says when to retry', async () => {
    await makeUser('target@example.com')
    for (let attempt = 1; attempt < LOGIN_MAX_FAILURES; attempt++) {
      expect((await failure('target@example.com', `guess ${attempt}`)).reason).toBe('invalid')
    }
    const last = await failure('target@example.com', 'final guess')
    expect(last.reason).toBe('throttled')
    expect(last.message).toMatch(/paused for 15 minutes/)
    const evenRight = await failure('target@example.com', 'correct horse battery')
    expect(evenRight.reason).toBe('throttled')
  })

  it('lets the throttle lapse once failures leave the window; a success restarts the count but keeps the failures', async () => {
    await makeUser('later@example.com')
    const old = new Date(Date.now() - 16 * 60 * 1000)
    await db.loginAttempt.createMany({
      data: Array.from({ length: LOGIN_MAX_FAILURES }, () => ({
        emailKey: 'later@example.com',
        outcome: 'failed' as const,
        createdAt: old,
      })),
    })
    await verifyLogin('later@example.com', 'correct horse battery')
    expect(await db.loginAttempt.count({ where: { emailKey: 'later@example.com', outcome: 'failed' } })).toBe(
      LOGIN_MAX_FAILURES,
    )
  })

  it('counts failures since the last success only, within the window', async () => {
    await makeUser('mixed@example.com')
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000)
    await db.loginAttempt.createMany({
      data: [
        ...Array.from({ length: 3 }, () => ({
          emailKey: 'mixed@example.com',
          outcome: 'failed' as const,
          createdAt: at(10),
        })),
        { emailKey: 'mixed@example.com', outcome: 'succeeded' as const, createdAt: at(9) },
        ...Array.from({ length: LOGIN_MAX_FAILURES - 1 }, () => ({
          emailKey: 'mixed@example.com',
          outcome: 'failed' as const,
          createdAt: at(5),
        })),
      ],
    })
    // 3 + 4 failures in the window, but only the 4 after the success count: one more guess is allowed.
    expect((await failure('mixed@example.com', 'one more')).reason).toBe('throttled')
    expect(checks.count).toBe(1)
    expect((await failure('mixed@example.com', 'correct horse battery')).reason).toBe('throttled')
    expect(checks.count).toBe(1)
  })
})

describe('verifyLogin under guesses sent at once', () => {
  /** One sign-in attempt, settled at once (guesses are in flight together, none unhandled). */
  const guess = (email: string, password: string) =>
    verifyLogin(email, password).then(
      () => 'signed in' as const,
      (error: unknown) => (error as LoginError).reason,
    )
  async function settle(attempts: Promise<'signed in' | LoginError['reason']>[]) {
    const results = await Promise.all(attempts)
    return {
      signedIn: results.filter((result) => result === 'signed in').length,
      reasons: results.filter((result) => result !== 'signed in'),
    }
  }

  it('checks at most the limit of 40 parallel wrong guesses and refuses the rest as throttled', async () => {
    await makeUser('burst@example.com')
    const { signedIn, reasons } = await settle(
      Array.from({ length: 40 }, (_, n) => guess('burst@example.com', `wrong guess ${n}`)),
    )
    expect(signedIn).toBe(0)
    expect(checks.count).toBe(LOGIN_MAX_FAILURES)
    expect(reasons.filter((reason) => reason === 'throttled')).toHaveLength(40)
    expect(await db.loginAttempt.count({ where: { emailKey: 'burst@example.com', outcome: 'failed' } })).toBe(
      LOGIN_MAX_FAILURES,
    )
  })

  it('does not sign in with the right password sent among 39 wrong ones once the limit is taken, and keeps the failures', async () => {
    await makeUser('crowd@example.com')
    const wrong = Array.from({ length: 39 }, (_, n) => guess('crowd@example.com', `wrong guess ${n}`))
    // The right one goes while the wrong ones are still in flight, once they hold every slot.
    await vi.waitFor(
      async () =>
        expect(await db.loginAttempt.count({ where: { emailKey: 'crowd@example.com' } })).toBe(
          LOGIN_MAX_FAILURES,
        ),
      { interval: 2, timeout: 10_000 },
    )
    const right = guess('crowd@example.com', 'correct horse battery')
    const { signedIn, reasons } = await settle([...wrong, right])
    expect(signedIn).toBe(0)
    expect(reasons).toHaveLength(40)
    expect(checks.count).toBe(LOGIN_MAX_FAILURES)
    expect(await db.loginAttempt.count({ where: { emailKey: 'crowd@example.com', outcome: 'failed' } })).toBe(
      LOGIN_MAX_FAILURES,
    )
    expect(
      await db.loginAttempt.count({ where: { emailKey: 'crowd@example.com', outcome: 'succeeded' } }),
    ).toBe(0)
  })

  it('checks at most the limit even when the right password is sent in the same burst', async () => {
    await makeUser('mixed-burst@example.com')
    const { signedIn } = await settle([
      ...Array.from({ length: 39 }, (_, n) => guess('mixed-burst@example.com', `wrong guess ${n}`)),
      guess('mixed-burst@example.com', 'correct horse battery'),
    ])
    expect(checks.count).toBeLessThanOrEqual(LOGIN_MAX_FAILURES)
    // It signs in only if it was one of the few checked; the failures stay either way.
    expect(signedIn).toBe(
      await db.loginAttempt.count({ where: { emailKey: 'mixed-burst@example.com', outcome: 'succeeded' } }),
    )
    expect(
      await db.loginAttempt.count({ where: { emailKey: 'mixed-burst@example.com', outcome: 'failed' } }),
    ).toBe(checks.count - signedIn)
  })
})

describe('verifyLogin per client address', () => {
  it('pauses an address after its failures across many emails, without pausing other addresses', async () => {
    await makeUser('victim@example.com')
    const now = new Date('2026-12-03T09:00:00Z')
    for (let n = 0; n < LOGIN_MAX_FAILURES_PER_IP; n++) {
      await db.loginAttempt.create({
        data: { emailKey: `sprayed-${n}@example.com`, ip: '203.0.113.7', outcome: 'failed', createdAt: now },
      })
    }
    const refused = await verifyLogin('victim@example.com', 'correct horse battery', {
      ip: '203.0.113.7',
      now,
    }).catch((error: unknown) => error as LoginError)
    expect(refused).toBeInstanceOf(LoginError)
    expect((refused as LoginError).reason).toBe('throttled')
    expect((refused as LoginError).message).toMatch(/from your network.*15 minutes/)
    expect(checks.count).toBe(0)

    await expect(
      verifyLogin('victim@example.com', 'correct horse battery', { ip: '198.51.100.4', now }),
    ).resolves.toMatchObject({ roles: [{ name: 'patient' }] })
    // The window passes: the address may try again.
    await expect(
      verifyLogin('victim@example.com', 'correct horse battery', {
        ip: '203.0.113.7',
        now: new Date(now.getTime() + LOGIN_FAILURE_WINDOW_MS + 1),
      }),
    ).resolves.toMatchObject({ roles: [{ name: 'patient' }] })
  })

  it('records the address with each attempt', async () => {
    await failure('anyone@example.com', 'guess')
    await verifyLogin('anyone@example.com', 'guess', { ip: '203.0.113.8' }).catch(() => undefined)
    expect(
      (
        await db.loginAttempt.findMany({
          where: { emailKey: 'anyone@example.com' },
          orderBy: { createdAt: 'asc' },
        })
      ).map((a) => a.ip),
    ).toEqual([null, '203.0.113.8'])
  })
})
