import { describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { hashToken } from './tokens.server.ts'
import { endSession, findSessionUser, SESSION_IDLE_MS, startSession } from './session.server.ts'
import { signOutEverywhere } from './staff.server.ts'

const chromeOnMac =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36'

async function person(role: 'patient' | 'manager', email: string) {
  return db.user.create({
    data: { email, name: 'Pat Person', roles: { create: { role: { connect: { name: role } } } } },
  })
}

describe('database sessions', () => {
  it('stores only a hash of the token and finds the user with roles and permissions', async () => {
    const user = await person('patient', 'pat@example.com')
    const token = await startSession(user.id, chromeOnMac)
    const stored = await db.session.findFirstOrThrow({ where: { userId: user.id } })
    expect(stored.tokenHash).toBe(hashToken(token))
    expect(stored.tokenHash).not.toContain(token)
    expect(stored.userAgent).toBe('Chrome on macOS')
    const sessionUser = await findSessionUser(token)
    expect(sessionUser).toMatchObject({ id: user.id, email: 'pat@example.com', sessionId: stored.id })
    expect(sessionUser?.roles[0]?.permissions).toContainEqual({
      action: 'read',
      entity: 'appointment',
      access: 'own',
    })
  })

  it('signs nobody in with an unknown token', async () => {
    expect(await findSessionUser('made-up')).toBeNull()
  })

  it('ends a session that sat idle too long', async () => {
    const user = await person('patient', 'idle@example.com')
    const token = await startSession(user.id, null)
    await db.session.updateMany({
      where: { userId: user.id },
      data: { lastSeenAt: new Date(Date.now() - SESSION_IDLE_MS - 1000) },
    })
    expect(await findSessionUser(token)).toBeNull()
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0)
  })

  it('ends a session past its absolute limit, however recently it was used', async () => {
    const user = await person('patient', 'week-old@example.com')
    const token = await startSession(user.id, null)
    await db.session.updateMany({
      where: { userId: user.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    })
    expect(await findSessionUser(token)).toBeNull()
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0)
  })

  it('ends the sessions of a deactivated account', async () => {
    const user = await person('patient', 'deactivated@example.com')
    const token = await startSession(user.id, null)
    await db.user.update({ where: { id: user.id }, data: { status: 'deactivated' } })
    expect(await findSessionUser(token)).toBeNull()
  })

  it('ends one session and leaves the person’s others', async () => {
    const user = await person('patient', 'two@example.com')
    const laptop = await startSession(user.id, null)
    const phone = await startSession(user.id, null)
    await endSession(laptop)
    expect(await findSessionUser(laptop)).toBeNull()
    expect(await findSessionUser(phone)).not.toBeNull()
  })

  it('lets a manager sign someone out everywhere, and audits it', async () => {
    const manager = await person('manager', 'boss@example.com')
    const user = await person('patient', 'lost-phone@example.com')
    const first = await startSession(user.id, null)
    await startSession(user.id, null)
    expect(await signOutEverywhere(manager.id, user.id)).toBe(2)
    expect(await findSessionUser(first)).toBeNull()
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: 'session.revoked_all' } })
    expect(event).toMatchObject({ actorId: manager.id, entityId: user.id, detail: { sessionsEnded: 2 } })
  })
})
