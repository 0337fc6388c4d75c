// The video issue's room figure: 500 confirmed telehealth sessions in the next hour, each room
// planned by the real consumer of appointment changes, then created at the Twilio Video
// stand-in by the real prepare handler, every create taking a write slot from the shared
// PostgreSQL limiter. The worst case: every room due at once (the worker was down for the hour
// before). Run twice: through pg-boss as the worker runs it (two workers' worth, four jobs at a
// time each), then the handler directly, 2 × 4 at a time, so the limiter sets the pace. Reports
// the time until every room is ready and the most Twilio writes that arrived in any one second
// (Twilio allows 20).
//   npx tsx scripts/bench/video-rooms.ts [sessions]
import { randomBytes } from 'node:crypto'
import os from 'node:os'
import { startEmbeddedPostgres } from '../db/embedded-postgres.ts'
import { applyMigrations, createDatabase, dropDatabase } from '../db/migrate.ts'
import { setBenchEnv } from './bench-env.ts'

const SESSIONS = Number(process.argv[2] ?? 500)
const WORKERS = 2
const MINUTE = 60_000

const postgres = await startEmbeddedPostgres({ name: 'bench-video-rooms', port: 5446, ephemeral: true })
try {
  await dropDatabase(postgres.url('postgres'), 'haven_bench_video')
  await createDatabase(postgres.url('postgres'), 'haven_bench_video')
  const databaseUrl = postgres.url('haven_bench_video')
  setBenchEnv(databaseUrl)
  process.env.LOG_LEVEL = 'warn'
  process.env.HAVEN_TWILIO_VIDEO_DIR = `bench-${randomBytes(4).toString('hex')}`
  await applyMigrations(databaseUrl)

  const { runDemoSeed } = await import('../../prisma/seed.ts')
  await runDemoSeed(databaseUrl)
  const { db, disconnectDb } = await import('../../app/utils/db.server.ts')
  const { createBoss, ensureQueues, stopBoss } = await import('../../app/utils/jobs.server.ts')
  const { videoRoomPrepareQueue } = await import('../../app/utils/queues.server.ts')
  const { planVideoRoomForChange, prepareVideoRoom, TWILIO_VIDEO_WRITES_PER_SECOND } =
    await import('../../app/domain/telehealth/rooms.server.ts')
  const { handlePrepareVideoRoom } = await import('../../jobs/video-rooms.ts')
  const { startStandIns } = await import('../../tests/mocks/index.ts')
  const { clearTwilioVideoStandIn, listStandInRooms, standInWrites } =
    await import('../../tests/mocks/twilio/video-rooms.server.ts')
  const stopStandIns = startStandIns()

  // One psychologist per session, so 500 sessions can share the hour.
  const patient = await db.user.findUniqueOrThrow({ where: { email: 'patient7@haven.test' } })
  const type = await db.appointmentType.findFirstOrThrow({ where: { isDefault: true } })
  const telehealth = await db.location.findFirstOrThrow({ where: { kind: 'telehealth' } })
  await db.user.createMany({
    data: Array.from({ length: SESSIONS }, (_, index) => ({
      id: `bench-psychologist-${index}`,
      email: `bench-psychologist-${index}@example.com`,
      name: `Bench Psychologist ${index}`,
    })),
  })
  const now = new Date()
  const rows = Array.from({ length: SESSIONS }, (_, index) => {
    const startsAt = new Date(now.getTime() + 5 * MINUTE + Math.floor((index / SESSIONS) * 55) * MINUTE)
    return {
      id: `bench-appointment-${index}`,
      patientId: patient.id,
      psychologistId: `bench-psychologist-${index}`,
      appointmentTypeId: type.id,
      locationId: telehealth.id,
      modality: 'telehealth' as const,
      startsAt,
      endsAt: new Date(startsAt.getTime() + type.durationMinutes * MINUTE),
      timeZone: telehealth.timeZone,
      status: 'confirmed' as const,
      feeCents: 0,
    }
  })
  await db.appointment.createMany({ data: rows })

  const started = performance.now()
  for (const row of rows) await planVideoRoomForChange({ appointmentId: row.id, version: 1 }, now)
  console.log(
    `${SESSIONS} confirmed telehealth sessions in the next hour: rooms planned in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  )
  // Every room due at once: the worst case, as after a worker outage.
  await db.$executeRaw`update pgboss.job set start_after = now() where name = ${videoRoomPrepareQueue.name}`

  /** Runs a way of preparing every room against a fresh stand-in; the time, and the writes Twilio saw. */
  async function phase(label: string, prepareAll: () => Promise<void>) {
    await clearTwilioVideoStandIn()
    const started = performance.now()
    await prepareAll()
    const ready = await db.videoRoom.count({ where: { status: 'ready' } })
    const seconds = (performance.now() - started) / 1000
    const writes = await standInWrites()
    let most = 0
    for (let first = 0, last = 0; last < writes.length; last++) {
      while (writes[last]!.getTime() - writes[first]!.getTime() >= 1_000) first++
      most = Math.max(most, last - first + 1)
    }
    const names = new Set((await listStandInRooms()).map((room) => room.uniqueName))
    const retried = await db.videoRoom.count({ where: { attempts: { gt: 1 } } })
    console.log(
      `${label}: ${ready} of ${SESSIONS} rooms ready in ${seconds.toFixed(1)} s (${(ready / seconds).toFixed(1)} rooms/s); ` +
        `${writes.length} Twilio writes, at most ${most} in any 1-second window (Twilio allows ${TWILIO_VIDEO_WRITES_PER_SECOND}); ` +
        `${names.size} rooms at Twilio; ${retried} needed a second attempt`,
    )
    if (ready < SESSIONS || most > TWILIO_VIDEO_WRITES_PER_SECOND || names.size !== SESSIONS)
      process.exitCode = 1
  }

  await phase(`pg-boss, ${WORKERS} workers × 4 jobs (jobs/start-worker.ts's options)`, async () => {
    const workers = await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        const boss = createBoss(databaseUrl, 'worker')
        await boss.start()
        await ensureQueues(boss)
        await boss.work(
          videoRoomPrepareQueue.name,
          {
            batchSize: 1,
            pollingIntervalSeconds: 1,
            notifyPollingIntervalSeconds: 1,
            localConcurrency: 4,
            burstWhenReadyExceeds: 1,
          },
          handlePrepareVideoRoom,
        )
        return boss
      }),
    )
    const started = performance.now()
    while (
      (await db.videoRoom.count({ where: { status: 'ready' } })) < SESSIONS &&
      performance.now() - started < 10 * MINUTE
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    await Promise.all(workers.map((boss) => boss.stop({ graceful: false })))
  })

  // Again without pg-boss's polling between jobs: the handler itself, 4 at a time in each of
  // the two workers, so the shared limiter is what holds the pace.
  await db.videoRoom.updateMany({
    data: { status: 'preparing', twilioSid: null, readyAt: null, attempts: 0, lastAttemptAt: null },
  })
  await db.vendorRequestSlot.deleteMany()
  const roomIds = (await db.videoRoom.findMany({ select: { id: true } })).map((room) => room.id)
  await phase(`the handler directly, ${WORKERS} × 4 at a time`, async () => {
    let next = 0
    await Promise.all(
      Array.from({ length: WORKERS * 4 }, async () => {
        while (next < roomIds.length) await prepareVideoRoom(roomIds[next++]!)
      }),
    )
  })
  console.log(`machine: ${os.cpus().length} cores, ${new Date().toISOString().slice(0, 10)}`)
  stopStandIns()
  await clearTwilioVideoStandIn()
  await stopBoss()
  await disconnectDb()
} finally {
  postgres.stop()
}
