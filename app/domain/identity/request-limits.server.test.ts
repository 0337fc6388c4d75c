import { describe, expect, it } from 'vitest'
import { action as forgotPassword } from '~/routes/_auth+/forgot-password.tsx'
import { action as login } from '~/routes/_auth+/login.tsx'
import { action as signup } from '~/routes/_auth+/signup.tsx'
import { CLIENT_IP_HEADER } from '~/utils/client-ip.server.ts'
import { db } from '~/utils/db.server.ts'
import { LOGIN_MAX_FAILURES_PER_IP } from './login.server.ts'
import { hashPassword } from './password.server.ts'
import { RESET_LIMITS } from './password-reset.server.ts'
import { SIGNUP_LIMITS } from './signup.server.ts'

// Sign-up, forgot-password and sign-in through their routes, as a browser sends them from
// one address: the limits per client address and per email, shared through the database.

const APP = 'http://localhost:3000'
const context = { cspNonce: 'test-nonce' }

type Action = typeof signup | typeof forgotPassword | typeof login

/** Each page's form names its intent. */
const INTENTS: Record<string, string> = { '/signup': 'sign-up', '/forgot-password': 'request-reset' }

async function post(action: Action, path: string, fields: Record<string, string>, ip: string) {
  const request = new Request(`${APP}${path}`, {
    method: 'POST',
    headers: { [CLIENT_IP_HEADER]: ip, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ intent: INTENTS[path.split('?')[0]!] ?? 'sign-in', ...fields }),
  })
  const result = (await action({ request, params: {}, context })) as unknown
  if (result instanceof Response) return { status: result.status, headers: result.headers, body: null }
  const init = (result as { init?: ResponseInit | null }).init
  const body = ((result as { data?: unknown }).data ?? result) as {
    result?: { error?: Record<string, string[]> }
    sentTo?: string | null
  }
  return { status: init?.status ?? 200, headers: new Headers(init?.headers), body }
}

const formError = (body: { result?: { error?: Record<string, string[]> } } | null) =>
  body?.result?.error?.[''] ?? []

describe('sign-up limits', () => {
  it('refuses an address after its sign-ups in the hour with 429, a message and Retry-After; others go on', async () => {
    const ip = '203.0.113.10'
    for (let n = 0; n < SIGNUP_LIMITS.perIp.limit; n++) {
      const sent = await post(signup, '/signup', { email: `new-${n}@example.com` }, ip)
      expect(sent.status).toBe(200)
      expect(sent.body?.sentTo).toBe(`new-${n}@example.com`)
    }
    const refused = await post(signup, '/signup', { email: 'one-more@example.com' }, ip)
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(59 * 60)
    expect(formError(refused.body)).toEqual([
      'Too many sign-up requests just now. Please try again in 60 minutes.',
    ])
    expect(refused.body?.sentTo).toBeUndefined()
    // Nothing was sent for the refused one, and another address is unaffected.
    expect(await db.message.count({ where: { toAddress: 'one-more@example.com' } })).toBe(0)
    expect((await post(signup, '/signup', { email: 'one-more@example.com' }, '198.51.100.10')).status).toBe(
      200,
    )
  })

  it('refuses one email after its sign-ups in the hour from any address, the same for a member and a stranger', async () => {
    await db.user.create({ data: { email: 'member@example.com', name: 'Mel Member' } })
    const answers = async (email: string) => {
      const statuses: number[] = []
      for (let n = 0; n <= SIGNUP_LIMITS.perEmail.limit; n++) {
        statuses.push((await post(signup, '/signup', { email }, `192.0.2.${n + 1}`)).status)
      }
      return statuses
    }
    const member = await answers('member@example.com')
    const stranger = await answers('stranger@example.com')
    expect(member).toEqual([...Array<number>(SIGNUP_LIMITS.perEmail.limit).fill(200), 429])
    expect(stranger).toEqual(member)
  })

  it('counts sign-ups sent at once from one address exactly', async () => {
    const ip = '203.0.113.11'
    const statuses = await Promise.all(
      Array.from({ length: 25 }, (_, n) => post(signup, '/signup', { email: `burst-${n}@example.com` }, ip)),
    ).then((results) => results.map((result) => result.status))
    expect(statuses.filter((status) => status === 200)).toHaveLength(SIGNUP_LIMITS.perIp.limit)
    expect(statuses.filter((status) => status === 429)).toHaveLength(25 - SIGNUP_LIMITS.perIp.limit)
    expect(await db.rateLimitEvent.count({ where: { bucket: 'signup:ip', key: ip } })).toBe(
      SIGNUP_LIMITS.perIp.limit,
    )
  })
})

describe('forgot-password limits', () => {
  it('refuses an address after its requests in the hour with 429 and a message', async () => {
    const ip = '203.0.113.20'
    for (let n = 0; n < RESET_LIMITS.perIp.limit; n++) {
      expect(
        (await post(forgotPassword, '/forgot-password', { email: `who-${n}@example.com` }, ip)).status,
      ).toBe(200)
    }
    const refused = await post(forgotPassword, '/forgot-password', { email: 'who-else@example.com' }, ip)
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(formError(refused.body)).toEqual([
      'Too many reset requests just now. Please try again in 60 minutes.',
    ])
  })

  it('answers the same for a known and an unknown email, under the limit and over it', async () => {
    await db.user.create({
      data: {
        email: 'known@example.com',
        name: 'Kit Known',
        password: { create: { hash: await hashPassword('kit password here') } },
      },
    })
    const answers = async (email: string) => {
      const seen: { status: number; error: string[]; sentTo: string | null | undefined }[] = []
      for (let n = 0; n <= RESET_LIMITS.perEmail.limit; n++) {
        const answer = await post(forgotPassword, '/forgot-password', { email }, `192.0.2.${n + 50}`)
        seen.push({
          status: answer.status,
          error: formError(answer.body),
          sentTo: answer.body?.sentTo && 'email',
        })
      }
      return seen
    }
    const known = await answers('known@example.com')
    const unknown = await answers('unknown@example.com')
    expect(known.map((answer) => answer.status)).toEqual([
      ...Array<number>(RESET_LIMITS.perEmail.limit).fill(200),
      429,
    ])
    expect(unknown).toEqual(known)
    // The limit did not stop the first link going to the member.
    expect(
      await db.message.count({ where: { toAddress: 'known@example.com', template: 'password-reset' } }),
    ).toBe(1)
  })
})

describe('sign-in limits through the page', () => {
  it('answers 429 with Retry-After and the message once an address has failed too often', async () => {
    const ip = '203.0.113.30'
    await db.loginAttempt.createMany({
      data: Array.from({ length: LOGIN_MAX_FAILURES_PER_IP }, (_, n) => ({
        emailKey: `tried-${n}@example.com`,
        ip,
        outcome: 'failed' as const,
        createdAt: new Date(),
      })),
    })
    const refused = await post(
      login,
      '/login',
      { email: 'fresh@example.com', password: 'anything at all' },
      ip,
    )
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBe(15 * 60)
    expect(formError(refused.body)[0]).toMatch(/from your network/)
    const elsewhere = await post(
      login,
      '/login',
      { email: 'fresh@example.com', password: 'anything at all' },
      '198.51.100.30',
    )
    expect(elsewhere.status).toBe(400)
  })

  it('answers 429 for an email paused by guesses sent at once from many addresses', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        post(login, '/login', { email: 'spread@example.com', password: `guess ${n}` }, `192.0.2.${n + 100}`),
      ),
    ).then((results) => results.map((result) => result.status))
    expect(statuses.filter((status) => status === 400).length).toBeLessThanOrEqual(5)
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(15)
  })
})
