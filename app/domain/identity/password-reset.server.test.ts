import { describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
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

async function latestResetToken(userId: string) {
  const verification = await db.verification.findFirstOrThrow({
    where: { userId, purpose: 'password_reset' },
    orderBy: { createdAt: 'desc' },
  })
  return (await db.$transaction((tx) => mintVerificationToken(tx, verification.id))).token
}

describe('password reset', () => {
  it('queues an email only for an existing active account', async () => {
    const user = await patient('jo@example.com')
    await requestPasswordReset('jo@example.com')
    await requestPasswordReset('nobody@example.com')
    const messages = await db.message.findMany()
    expect(messages).toHaveLength(1)
    expect(messages[0]).toMatchObject({
      template: 'password-reset',
      userId: user.id,
      toAddress: 'jo@example.com',
    })
  })

  it('sets the new password, ends every session, and works only once', async () => {
    const user = await patient('kim@example.com')
    await requestPasswordReset('kim@example.com')
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
    await requestPasswordReset('lee@example.com')
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
    await requestPasswordReset('max@example.com')
    const first = await latestResetToken(user.id)
    const second = await latestResetToken(user.id)
    await expect(resetPassword({ token: first, password: 'brand new passphrase' })).rejects.toBeInstanceOf(
      InvalidTokenError,
    )
    await resetPassword({ token: second, password: 'brand new passphrase' })
  })
})
