import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { sendEmailQueue } from '~/utils/queues.server.ts'
import { startStandIns } from '../../../tests/mocks/index.ts'
import { listOutbox } from '../../../tests/mocks/outbox.server.ts'
import { queuedJobs } from '../../../tests/setup/jobs.ts'
import { statementsOf } from '../../../tests/setup/sql.ts'
import { deliverMessage } from '../notify/messages.server.ts'
import { mintVerificationToken, InvalidTokenError } from './verification.server.ts'
import { completeSignup, requestSignup } from './signup.server.ts'
import { verifyLogin } from './login.server.ts'

async function tokenFor(email: string) {
  const verification = await db.verification.findFirstOrThrow({ where: { email, purpose: 'signup' } })
  return (await db.$transaction((tx) => mintVerificationToken(tx, verification.id))).token
}

let stopStandIns: () => void
beforeAll(() => {
  stopStandIns = startStandIns()
})
afterAll(() => stopStandIns())

describe('sign-up', () => {
  it('records a verification email and enqueues it in the same transaction', async () => {
    await requestSignup('new@example.com')
    const message = await db.message.findFirstOrThrow({ where: { toAddress: 'new@example.com' } })
    expect(message).toMatchObject({ template: 'signup-verify', status: 'queued', channel: 'email' })
    const jobs = await queuedJobs(sendEmailQueue.name)
    expect(jobs.map((job) => job.data)).toContainEqual({ messageId: message.id })
  })

  it('tells an existing member by email instead, and leaves nothing behind', async () => {
    const existing = await db.user.create({ data: { email: 'member@example.com', name: 'Mem Ber' } })
    await requestSignup('member@example.com')
    const queued = await db.message.findFirstOrThrow({ where: { toAddress: 'member@example.com' } })
    await expect(deliverMessage(queued.id)).resolves.toEqual({ status: 'sent' })
    const message = await db.message.findFirstOrThrow({ where: { toAddress: 'member@example.com' } })
    expect(message).toMatchObject({ template: 'signup-existing', userId: existing.id })
    expect(await db.verification.count({ where: { email: 'member@example.com' } })).toBe(0)
    const [email] = await listOutbox({ to: 'member@example.com' })
    expect(email?.text).toContain('http://localhost:3000/login')
    expect(email?.text).not.toContain('/signup/complete')
  })

  it('does the same work when asked for a member or a newcomer', async () => {
    await db.user.create({ data: { email: 'already@example.com', name: 'Al Ready' } })
    // The first request also starts the web's job-queue client; compare requests after it.
    await requestSignup('warm-up@example.com')
    const member = await statementsOf(() => requestSignup('already@example.com'))
    const newcomer = await statementsOf(() => requestSignup('newcomer@example.com'))
    expect(member.length).toBeGreaterThan(2)
    expect(newcomer).toEqual(member)
  })

  it('sends nothing more for a repeat request within a minute', async () => {
    await requestSignup('twice@example.com')
    await requestSignup('twice@example.com')
    expect(await db.message.count({ where: { toAddress: 'twice@example.com' } })).toBe(1)
  })

  it('creates a patient from a valid link, and the link works once', async () => {
    await requestSignup('alex@example.com')
    const token = await tokenFor('alex@example.com')
    const user = await completeSignup({ token, name: 'Alex Chen', password: 'quiet harbour morning' })
    const created = await db.user.findUniqueOrThrow({
      where: { id: user.id },
      include: { roles: { include: { role: true } }, password: true },
    })
    expect(created.email).toBe('alex@example.com')
    expect(created.roles.map(({ role }) => role.name)).toEqual(['patient'])
    expect(created.password?.hash).toMatch(/^\$argon2id\$/)
    await expect(verifyLogin('alex@example.com', 'quiet harbour morning')).resolves.toMatchObject({
      userId: user.id,
    })
    await expect(
      completeSignup({ token, name: 'Alex Again', password: 'quiet harbour morning' }),
    ).rejects.toThrow(InvalidTokenError)
    expect(await db.user.count({ where: { email: 'alex@example.com' } })).toBe(1)
  })

  it('refuses a tampered or expired token and leaves nothing behind', async () => {
    await requestSignup('late@example.com')
    const token = await tokenFor('late@example.com')
    await expect(
      completeSignup({ token: `${token}x`, name: 'Late Person', password: 'quiet harbour morning' }),
    ).rejects.toThrow(InvalidTokenError)
    await db.verification.updateMany({
      where: { email: 'late@example.com' },
      data: { expiresAt: new Date(Date.now() - 1) },
    })
    await expect(
      completeSignup({ token, name: 'Late Person', password: 'quiet harbour morning' }),
    ).rejects.toThrow(InvalidTokenError)
    expect(await db.user.count({ where: { email: 'late@example.com' } })).toBe(0)
  })
})
