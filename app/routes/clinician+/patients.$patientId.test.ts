// A psychologist marks a patient's flag as followed up, on a patient of their own only.
import { beforeAll, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import { cookieFor, postForm } from '../../../tests/setup/route-calls.ts'
import { action } from './patients.$patientId.tsx'

let patientId: string
let flagId: string

beforeAll(async () => {
  await seedDemoPractice(db)
  const hannah = await db.user.findUniqueOrThrow({ where: { email: 'hannah.kowalski@haven.test' } })
  patientId = (await db.user.findUniqueOrThrow({ where: { email: 'patient6@haven.test' } })).id
  await db.patientProfile.upsert({ where: { userId: patientId }, create: { userId: patientId }, update: {} })
  await db.careAssignment.createMany({
    data: [{ patientId, psychologistId: hannah.id }],
    skipDuplicates: true,
  })
  flagId = (await db.riskFlag.create({ data: { patientId, reason: 'risk_answer' } })).id
})

const acknowledge = async (email: string, fields: Record<string, string>) =>
  postForm(action, {
    path: `/clinician/patients/${patientId}`,
    params: { patientId },
    cookie: await cookieFor(email),
    fields: { intent: 'acknowledge-flag', ...fields },
  })

const acknowledged = async () =>
  (await db.riskFlag.findUniqueOrThrow({ where: { id: flagId } })).acknowledgedAt !== null

it('keeps another psychologist’s patient out of reach: not found, and the flag stays open', async () => {
  expect((await acknowledge('daniel.tran@haven.test', { flagId })).status).toBe(404)
  expect(await acknowledged()).toBe(false)
})

it('answers another psychologist’s form with 404 before reading it: one without its flag too', async () => {
  expect((await acknowledge('daniel.tran@haven.test', {})).status).toBe(404)
})

it('answers a form without its flag with the reply shape', async () => {
  expect(await acknowledge('hannah.kowalski@haven.test', {})).toMatchObject({
    status: 400,
    body: { result: { error: { flagId: ['That request was not understood.'] } } },
  })
})

it('marks the flag followed up and says so on the page', async () => {
  expect(await acknowledge('hannah.kowalski@haven.test', { flagId })).toMatchObject({
    status: 302,
    location: `/clinician/patients/${patientId}`,
    notice: { message: 'Marked as followed up.' },
  })
  expect(await acknowledged()).toBe(true)
})
