import { describe, expect, it } from 'vitest'
import { seedDemoPractice } from '../../prisma/seed.ts'
import { cookieFor, routeRequest } from '../../tests/setup/route-calls.ts'
import { db } from './db.server.ts'
import { can, PUBLIC, SIGNED_IN } from './access.ts'
import { requireAccess } from './route-guard.server.ts'

async function requestAs(email: string | null) {
  return routeRequest('/patient', email ? await cookieFor(email) : undefined)
}

async function outcome(run: () => Promise<unknown>) {
  try {
    const user = await run()
    return user ? 'allowed' : 'nobody'
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status
    throw thrown
  }
}

describe('requireAccess', () => {
  it('decides by the permission the data grants, not by a role name', async () => {
    await seedDemoPractice(db)
    const patient = await requestAs('patient1@haven.test')
    const psychologist = await requestAs('hannah.kowalski@haven.test')
    const manager = await requestAs('manager@haven.test')
    const ownBookings = can('read:appointment:own')
    expect(await outcome(() => requireAccess(patient, ownBookings))).toBe('allowed')
    // Neither a psychologist nor a manager holds a patient's "own bookings".
    expect(await outcome(() => requireAccess(psychologist, ownBookings))).toBe(403)
    expect(await outcome(() => requireAccess(manager, ownBookings))).toBe(403)
    expect(await outcome(() => requireAccess(manager, can('update:billing-settings:any')))).toBe('allowed')
    expect(await outcome(() => requireAccess(psychologist, can('update:billing-settings:any')))).toBe(403)
  })

  it('sends a signed-out visitor to sign in where a person is needed, and lets them see public pages', async () => {
    const anonymous = await requestAs(null)
    expect(await outcome(() => requireAccess(anonymous, can('read:patient:own')))).toBe(302)
    expect(await outcome(() => requireAccess(anonymous, SIGNED_IN))).toBe(302)
    expect(await outcome(() => requireAccess(anonymous, PUBLIC))).toBe('nobody')
  })
})
