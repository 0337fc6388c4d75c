// Signing a colleague out everywhere from the staff list.
import { beforeAll, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import { cookieFor, postForm, signedInCookie } from '../../../tests/setup/route-calls.ts'
import { action } from './staff._index.tsx'

let manager: string
let daniel: { id: string }

beforeAll(async () => {
  await seedDemoPractice(db)
  manager = await cookieFor('manager@haven.test')
  daniel = await db.user.findUniqueOrThrow({ where: { email: 'daniel.tran@haven.test' } })
})

const signOut = (userId: string) =>
  postForm(action, {
    path: '/manager/staff',
    cookie: manager,
    fields: { intent: 'sign-out-everywhere', userId },
  })

it('ends every session of the person and says so on the list', async () => {
  await signedInCookie(daniel.id)
  await signedInCookie(daniel.id)
  expect(await signOut(daniel.id)).toMatchObject({
    status: 302,
    location: '/manager/staff',
    notice: { message: 'Daniel Tran has been signed out of 2 devices.' },
  })
  expect(await db.session.count({ where: { userId: daniel.id } })).toBe(0)
})

it('finds no one behind an unknown id', async () => {
  expect(await signOut('nobody')).toMatchObject({ status: 404, body: 'That person was not found.' })
})
