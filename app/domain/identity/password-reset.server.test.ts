import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { listOutbox } from '../../../tests/mocks/outbox.server.ts'
import { startStandIns } from '../../../tests/mocks/index.ts'
import { statementsOf } from '../../../tests/setup/sql.ts'
import { deliverMessage } from '../notify/messages.server.ts'
import { LoginError, verifyLogin } from './login.server.ts'
import { hashPassword } from './password.server.ts'
import { requestPasswordReset, resetPassword } from './password-reset.server.ts'
import { InvalidTokenError, mintVerificationToken } from './verification.server.ts'

async function patient(email: string) {
  return db.user.create({
    data: {
      email,
      name: 'Jo Bloggs',
      password: { create: { hash: await hashPassword('old password here') } },
      roles: { create: { role: { connect: { name: 'patient' } } } },
      sessions: { create: { tokenHash: `hash-${email}`, expiresAt: new Date(Date.now() + 60_000) } },
    },
  })
}

let stopStandIns: () => void
beforeAll(() => {
  stopStandIns = startStandIns()
})
afterAll(() => stopStandIns())

/** Asks for a reset and lets the worker send it, as the app does. */
async function requestAndSend(email: string) {
  await requestPasswordReset(email)
  for (const message of await db.message.findMany({ where: { toAddress: email, status: 'queued' } })) {
    await deliverMessage(message.id)
  }
}

async function latestResetToken(userId: string) {
  const verification = await db.verification.findFirstOrThrow({
    where: { userId, purpose: 'password_reset' },
    orderBy: { createdAt: 'desc' },
  })
  return (await db.$transaction((tx) => mintVerificationToken(tx, verification.id))).token
}

describe('password reset', () => {
  it('sends a reset email only to an existing active account, deciding when it sends', async () => {
    const user = await patient('jo@example.com')
    const gone = await patient('gone@example.com')
    await db.user.update({ where: { id: gone.id }, data: { status: 'deactivated' } })
    for (const email of ['jo@example.com', 'nobody@example.com', 'gone@example.com']) {
      await requestAndSend(email)
    }
    const messages = await db.message.findMany({ orderBy: { toAddress: 'asc' } })
    expect(
      messages.map(({ toAddress, template, status, userId }) => ({ toAddress, template, status, userId })),
    ).toEqual([
      { toAddress: 'gone@example.com', template: 'password-reset', status: 'skipped', userId: null },
      { toAddress: 'jo@example.com', template: 'password-reset', status: 'sent', userId: user.id },
      { toAddress: 'nobody@example.com', template: 'password-reset', status: 'skipped', userId: null },
    ])
    expect(await listOutbox({ to: 'jo@example.com' })).toHaveLength(1)
    expect(await listOutbox({ to: 'nobody@example.com' })).toHaveLength(0)
    expect(await listOutbox({ to: 'gone@example.com' })).toHaveLength(0)
    const verifications = await db.verification.findMany({ where: { purpose: 'password_reset' } })
    expect(verifications.map((verification) => verification.userId)).toEqual([user.id])
  })

  it('does the same work when asked for a known or an unknown address', async () => {
    await patient('known@example.com')
    // The first request also starts the web's job-queue client; compare requests after it.
    await requestPasswordReset('warm-up@example.com')
    const known = await statementsOf(() => requestPasswordReset('known@example.com'))
    const unknown = await statementsOf(() => requestPasswordReset('unknown@example.com'))
    expect(known.length).toBeGreaterThan(2)
    expect(unknown).toEqual(known)
    // Asked again within the minute: nothing more, for either.
    const knownAgain = await statementsOf(() => requestPasswordReset('known@example.com'))
    const unknownAgain = await statementsOf(() => requestPasswordReset('unknown@example.com'))
    expect(unknownAgain).toEqual(knownAgain)
    expect(
      await db.message.count({ where: { toAddress: { in: ['known@example.com', 'unknown@example.com'] } } }),
    ).toBe(2)
  })

  it('sets the new password, ends every session, and works only once', async () => {
    const user = await patient('kim@example.com')
    await requestAndSend('kim@example.com')
    const token = await latestResetToken(user.id)
    await resetPassword({ token, password: 'brand new passphrase' })
    await expect(verifyLogin('kim@example.com', 'brand new passphrase')).resolves.toMatchObject({
      userId: user.id,
    })
    await expect(verifyLogin('kim@example.com', 'old password here')).rejects.toBeInstanceOf(LoginError)
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0)
    await expect(resetPassword({ token, password: 'another passphrase' })).rejects.toBeInstanceOf(
      InvalidTokenError,
    )
    const events = await db.auditEvent.findMany({ where: { entityId: user.id } })
    expect(events.map((event) => event.action)).toContain('user.password_reset')
    expect(JSON.stringify(events)).not.toContain('brand new passphrase')
  })

  it('refuses an expired link without changing anything', async () => {
    const user = await patient('lee@example.com')
    await requestAndSend('lee@example.com')
    const token = await latestResetToken(user.id)
    await db.verification.updateMany({
      where: { userId: user.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    })
    await expect(resetPassword({ token, password: 'brand new passphrase' })).rejects.toBeInstanceOf(
      InvalidTokenError,
    )
    await expect(verifyLogin('lee@example.com', 'old password here')).resolves.toMatchObject({
      userId: user.id,
    })
  })

  it('lets only the newest link work when an email was re-sent', async () => {
    const user = await patient('max@example.com')
    await requestAndSend('max@example.com')
    const first = await latestResetToken(user.id)
    const second = await latestResetToken(user.id)
    await expect(resetPassword({ token: first, password: 'brand new passphrase' })).rejects.toBeInstanceOf(
      InvalidTokenError,
    )
    await resetPassword({ token: second, password: 'brand new passphrase' })
  })
})
