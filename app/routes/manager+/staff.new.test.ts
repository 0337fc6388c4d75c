// Inviting a colleague from the "add a staff member" form.
import { beforeAll, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import { cookieFor, postForm } from '../../../tests/setup/route-calls.ts'
import { action } from './staff.new.tsx'

let manager: string

beforeAll(async () => {
  await seedDemoPractice(db)
  manager = await cookieFor('manager@haven.test')
})

const MANAGER_INVITE = {
  intent: 'invite',
  name: 'Robin Park',
  email: 'robin.park@haven.test',
  role: 'manager',
}

const invite = (cookie: string, fields: Record<string, string>) =>
  postForm(action, { path: '/manager/staff/new', cookie, fields })

it('invites them and says so on the staff list', async () => {
  expect(await invite(manager, MANAGER_INVITE)).toMatchObject({
    status: 302,
    location: '/manager/staff',
    notice: { message: 'Invitation sent to robin.park@haven.test. They will choose their own password.' },
  })
  expect(await db.user.count({ where: { email: 'robin.park@haven.test' } })).toBe(1)
})

it('answers an email already in use beside the email field, as a conflict', async () => {
  expect(await invite(manager, { ...MANAGER_INVITE, name: 'Robin Park Again' })).toMatchObject({
    status: 409,
    body: { result: { error: { email: ['Someone already has an account with this email'] } } },
  })
  expect(await db.user.count({ where: { name: 'Robin Park Again' } })).toBe(0)
})

it('refuses a patient, even one whose forged form names no intent', async () => {
  const patient = await cookieFor('patient1@haven.test')
  const { intent: _, ...forged } = { ...MANAGER_INVITE, email: 'sneaky@example.com' }
  expect((await invite(patient, forged)).status).toBe(403)
  expect((await invite(patient, { ...forged, intent: 'invite' })).status).toBe(403)
  expect(await db.user.count({ where: { email: 'sneaky@example.com' } })).toBe(0)
})
