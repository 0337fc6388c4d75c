import { describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { LOGIN_MAX_FAILURES, type LoginError, verifyLogin } from './login.server.ts'
import { hashPassword } from './password.server.ts'

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

  it('lets the throttle lapse once failures leave the window, and clears it on success', async () => {
    await makeUser('later@example.com')
    const old = new Date(Date.now() - 16 * 60 * 1000)
    await db.loginFailure.createMany({
      data: Array.from({ length: LOGIN_MAX_FAILURES }, () => ({
        emailKey: 'later@example.com',
        createdAt: old,
      })),
    })
    await verifyLogin('later@example.com', 'correct horse battery')
    expect(await db.loginFailure.count({ where: { emailKey: 'later@example.com' } })).toBe(0)
  })
})
