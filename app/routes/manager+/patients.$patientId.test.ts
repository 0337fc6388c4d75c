// The manager's patient page: each form guarded by its own row of the policy table.
import { beforeAll, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import { cookieFor, postForm, signedInCookie } from '../../../tests/setup/route-calls.ts'
import { action } from './patients.$patientId.tsx'

let patientId: string
let amelia: { id: string }
let manager: string
let frontDesk: string

beforeAll(async () => {
  await seedDemoPractice(db)
  // A patient of their own: no care team yet.
  patientId = (
    await db.user.create({
      data: {
        email: 'new.patient@haven.test',
        name: 'New Patient',
        roles: { create: { role: { connect: { name: 'patient' } } } },
        patient: { create: {} },
      },
    })
  ).id
  amelia = await db.user.findUniqueOrThrow({ where: { email: 'dr.amelia.nguyen@haven.test' } })
  manager = await cookieFor('manager@haven.test')
  // Someone who may look after care teams but not end anyone's sessions.
  const can = (action: string, entity: string) => ({
    permission: { connect: { action_entity_access: { action, entity, access: 'any' } } },
  })
  await db.user.create({
    data: {
      email: 'front.desk@haven.test',
      name: 'Front Desk',
      roles: {
        create: {
          role: {
            create: {
              name: 'front-desk',
              description: 'Care teams only',
              permissions: { create: [can('read', 'patient'), can('update', 'patient')] },
            },
          },
        },
      },
    },
  })
  frontDesk = await cookieFor('front.desk@haven.test')
})

const send = (cookie: string, fields: Record<string, string>) =>
  postForm(action, { path: `/manager/patients/${patientId}`, params: { patientId }, cookie, fields })

const team = () => db.careAssignment.findMany({ where: { patientId }, select: { psychologistId: true } })

it('names the missing choice beside the field, and assigns no one', async () => {
  expect(await send(manager, { intent: 'assign', psychologistId: '' })).toMatchObject({
    status: 400,
    body: { result: { error: { psychologistId: ['Choose a psychologist'] } } },
  })
  expect(await team()).toEqual([])
})

it('refuses someone who is not a psychologist beside the field', async () => {
  expect(await send(manager, { intent: 'assign', psychologistId: patientId })).toMatchObject({
    status: 400,
    body: { result: { error: { psychologistId: ['That psychologist is not available.'] } } },
  })
  expect(await team()).toEqual([])
})

it('adds to the care team and says so on the page', async () => {
  expect(await send(frontDesk, { intent: 'assign', psychologistId: amelia.id })).toMatchObject({
    status: 302,
    location: `/manager/patients/${patientId}`,
    notice: { message: 'Added to the care team.' },
  })
  expect(await team()).toEqual([{ psychologistId: amelia.id }])
})

it('signs the patient out everywhere only for someone who may end sessions', async () => {
  await signedInCookie(patientId)
  expect((await send(frontDesk, { intent: 'sign-out-everywhere' })).status).toBe(403)
  expect(await db.session.count({ where: { userId: patientId } })).toBe(1)
  expect(await send(manager, { intent: 'sign-out-everywhere' })).toMatchObject({
    status: 302,
    notice: { message: 'Signed out of 1 device.' },
  })
  expect(await db.session.count({ where: { userId: patientId } })).toBe(0)
})

it('finds no patient behind an unknown id', async () => {
  const answer = await postForm(action, {
    path: '/manager/patients/nobody',
    params: { patientId: 'nobody' },
    cookie: manager,
    fields: { intent: 'sign-out-everywhere' },
  })
  expect(answer.status).toBe(404)
})
