import { describe, expect, it } from 'vitest'
import {
  createSession,
  destroySession,
  getSessionUser,
  requireAnonymous,
  requireUser,
} from './auth.server.ts'
import { can } from './access.ts'
import { db } from './db.server.ts'
import { requireAccess } from './route-guard.server.ts'

function requestWith(setCookie: string, path = '/patient') {
  return new Request(`http://localhost:3000${path}`, { headers: { cookie: setCookie.split(';')[0]! } })
}

async function person(role: 'patient' | 'manager', email: string) {
  return db.user.create({
    data: { email, name: 'Pat Person', roles: { create: { role: { connect: { name: role } } } } },
  })
}

describe('the session cookie', () => {
  it('stores only a hash of the cookie token and finds the user with roles and permissions', async () => {
    const user = await person('patient', 'pat@example.com')
    const setCookie = await createSession(user.id, new Request('http://localhost:3000/login'))
    expect(setCookie).toMatch(/HttpOnly/i)
    expect(setCookie).toMatch(/SameSite=Lax/i)
    const stored = await db.session.findFirstOrThrow({ where: { userId: user.id } })
    expect(setCookie).not.toContain(stored.tokenHash)
    const sessionUser = await getSessionUser(requestWith(setCookie))
    expect(sessionUser?.id).toBe(user.id)
    expect(sessionUser?.roles[0]?.permissions).toContainEqual({
      action: 'read',
      entity: 'appointment',
      access: 'own',
    })
  })

  it('ignores a forged cookie', async () => {
    const forged = `__haven_session=${encodeURIComponent(Buffer.from(JSON.stringify('made-up')).toString('base64'))}`
    expect(await getSessionUser(requestWith(forged))).toBeNull()
  })

  it('logs out this browser only, clearing its cookie', async () => {
    const user = await person('patient', 'two@example.com')
    const laptop = await createSession(user.id, new Request('http://localhost:3000/login'))
    const phone = await createSession(user.id, new Request('http://localhost:3000/login'))
    expect(await destroySession(requestWith(laptop))).toMatch(/^__haven_session=;.*Max-Age=0/)
    expect(await getSessionUser(requestWith(laptop))).toBeNull()
    expect(await getSessionUser(requestWith(phone))).not.toBeNull()
  })
})

describe('requireUser', () => {
  it('sends a signed-out visitor to sign in, remembering where they were going', async () => {
    const response = await requireUser(new Request('http://localhost:3000/manager/staff?page=2')).catch(
      (e) => e,
    )
    expect(response).toBeInstanceOf(Response)
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/login?redirectTo=%2Fmanager%2Fstaff%3Fpage%3D2')
  })

  it('refuses a patient on a manager page with 403', async () => {
    const user = await person('patient', 'curious@example.com')
    const setCookie = await createSession(user.id, new Request('http://localhost:3000/login'))
    const response = await requireAccess(requestWith(setCookie, '/manager'), can('read:user:any')).catch(
      (e: unknown) => e,
    )
    expect(response).toBeInstanceOf(Response)
    expect((response as Response).status).toBe(403)
  })

  it('admits a manager with the permission', async () => {
    const user = await person('manager', 'admin@example.com')
    const setCookie = await createSession(user.id, new Request('http://localhost:3000/login'))
    const admitted = await requireAccess(requestWith(setCookie, '/manager'), can('delete:session:any'))
    expect(admitted.id).toBe(user.id)
  })
})

describe('requireAnonymous', () => {
  it('lets a signed-out visitor through and sends a signed-in person to their area', async () => {
    const home = () => '/patient'
    await expect(requireAnonymous(new Request('http://localhost:3000/login'), home)).resolves.toBeUndefined()
    const user = await person('patient', 'back-again@example.com')
    const setCookie = await createSession(user.id, new Request('http://localhost:3000/login'))
    const response = await requireAnonymous(requestWith(setCookie, '/login'), home).catch((e) => e)
    expect(response).toBeInstanceOf(Response)
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/patient')
  })
})
