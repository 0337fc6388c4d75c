import { type PgBoss } from 'pg-boss'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { requestPasswordReset } from '~/domain/identity/password-reset.server.ts'
import { db } from '~/utils/db.server.ts'
import { listOutbox } from '../tests/mocks/outbox.server.ts'
import { startStandIns } from '../tests/mocks/index.ts'
import { startWorker } from './start-worker.ts'

let worker: PgBoss
let stopStandIns: () => void

beforeAll(async () => {
  stopStandIns = startStandIns()
  worker = await startWorker(process.env.DATABASE_URL!)
})

afterAll(async () => {
  await worker.stop({ graceful: false })
  stopStandIns()
})

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (done(value) || Date.now() > deadline) return value
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

it('the worker picks up an email enqueued with the change and sends it through the stand-in', async () => {
  await db.user.create({ data: { email: 'queued@example.com', name: 'Quinn Queue' } })
  await requestPasswordReset('queued@example.com')
  const message = await eventually(
    () => db.message.findFirstOrThrow({ where: { toAddress: 'queued@example.com' } }),
    (current) => current.status === 'sent',
  )
  expect(message.status).toBe('sent')
  expect(await listOutbox({ to: 'queued@example.com' })).toHaveLength(1)
})

it('schedules the release of expired holds every minute', async () => {
  const schedule = await worker.getSchedule('release-holds-v1')
  expect(schedule?.cron).toBe('* * * * *')
})

it('polls Halaxy every five minutes for what its webhooks missed', async () => {
  const schedule = await worker.getSchedule('halaxy-poll-v1')
  expect(schedule?.cron).toBe('*/5 * * * *')
})

it('polls Halaxy once soon after it starts, not only at the next five-minute mark', async () => {
  // No local Halaxy runs in unit tests, so the poll records Halaxy's silence: it ran.
  const state = await eventually(
    () => db.halaxyInbound.findUnique({ where: { id: 'halaxy' } }),
    (row) => row?.lastPollAt != null,
    25_000,
  )
  expect(state?.lastPollAt).toBeInstanceOf(Date)
}, 30_000)

it('drains a backlog of a queue woken by NOTIFY without waiting its 30-second backstop per job', async () => {
  // Queued while no one listened (as after an outage or a deploy): NOTIFY cannot wake anyone for them.
  const ids = await Promise.all(
    Array.from({ length: 12 }, (_, index) =>
      worker.send('appointment-changed-v1', { appointmentId: `missing-${index}`, version: 1 }),
    ),
  )
  const done = await eventually(
    () => Promise.all(ids.map((id) => worker.getJobById('appointment-changed-v1', id!))),
    (jobs) => jobs.every((job) => job?.state === 'completed'),
    12_000,
  )
  expect(done.map((job) => job?.state)).toEqual(Array(12).fill('completed'))
}, 20_000)

it('sweeps video rooms whose preparation went quiet every minute', async () => {
  const schedule = await worker.getSchedule('video-room-sweep-v1')
  expect(schedule?.cron).toBe('* * * * *')
})
