import { randomUUID } from 'node:crypto'
import { beforeAll, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { halaxyPushQueue } from '~/utils/queues.server.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import { queuedJobs } from '../../../tests/setup/jobs.ts'
import { availableSlots } from '../scheduling/availability.server.ts'
import { bookAppointment } from '../scheduling/booking.server.ts'
import { confirmHold, releaseExpiredHolds } from '../scheduling/holds.server.ts'
import { markForHalaxy } from './outbox.server.ts'

let patientId: string
let typeId: string

beforeAll(async () => {
  await seedDemoPractice(db)
  patientId = (await db.user.findUniqueOrThrow({ where: { email: 'patient9@haven.test' } })).id
  typeId = (await db.appointmentType.findFirstOrThrow({ where: { name: 'Standard session' } })).id
})

async function book(nth: number, holdMinutes?: number, now?: Date) {
  const profile = await db.psychologistProfile.findFirstOrThrow({ where: { slug: 'daniel-tran' } })
  const slot = (await availableSlots(profile, { durationMinutes: 50 }))[nth]!
  return bookAppointment({
    patientId,
    slug: 'daniel-tran',
    appointmentTypeId: typeId,
    locationId: slot.locationId,
    start: slot.start,
    requestKey: randomUUID(),
    holdMinutes,
    now,
  })
}

const link = (havenId: string) =>
  db.halaxyLink.findUnique({ where: { entity_havenId: { entity: 'appointment', havenId } } })
const pushes = async (havenId: string) =>
  (await queuedJobs(halaxyPushQueue.name)).filter((job) => job.data.havenId === havenId)

it('queues a confirmed booking for Halaxy in the booking’s own transaction', async () => {
  const appointment = await book(0)
  expect(await link(appointment.id)).toMatchObject({ state: 'pending', halaxyId: null })
  expect((await pushes(appointment.id)).map((job) => job.data)).toEqual([
    { entity: 'appointment', havenId: appointment.id },
  ])
})

it('keeps a hold out of Halaxy until it is paid for, and a released hold out for good', async () => {
  const held = await book(2, 30)
  expect(await link(held.id)).toBeNull()
  await confirmHold({ appointmentId: held.id })
  expect(await link(held.id)).toMatchObject({ state: 'pending' })

  const lapsed = await book(4, 30, new Date(Date.now() - 40 * 60_000))
  await releaseExpiredHolds()
  expect(await link(lapsed.id)).toBeNull()
})

it('leaves nothing behind when the change rolls back', async () => {
  const havenId = `rolled-back-${randomUUID()}`
  await expect(
    db.$transaction(async (tx) => {
      await markForHalaxy(tx, 'patient', havenId)
      throw new Error('the change failed')
    }),
  ).rejects.toThrow('the change failed')
  expect(await db.halaxyLink.count({ where: { havenId } })).toBe(0)
  expect((await queuedJobs(halaxyPushQueue.name)).filter((job) => job.data.havenId === havenId)).toEqual([])
})

it('keeps the oldest waiting change and one queued push however many edits follow', async () => {
  const havenId = `edited-${randomUUID()}`
  const first = new Date('2026-12-01T00:00:00Z')
  await db.$transaction((tx) => markForHalaxy(tx, 'patient', havenId, first))
  await db.$transaction((tx) => markForHalaxy(tx, 'patient', havenId, new Date('2026-12-01T00:05:00Z')))
  const row = await db.halaxyLink.findUniqueOrThrow({
    where: { entity_havenId: { entity: 'patient', havenId } },
  })
  expect(row.pendingSince).toEqual(first)
  expect((await queuedJobs(halaxyPushQueue.name)).filter((job) => job.data.havenId === havenId)).toHaveLength(
    1,
  )
})
