// How soon a session booked in Halaxy itself stops being offered in Haven. Each booking runs
// the real path: the local Halaxy's front-end books it and sends its webhook to Haven's route
// (served here on node:http), which queues the record; the worker (pg-boss, in this process,
// woken by NOTIFY) reads it back through the Halaxy client and writes the busy block. Then the
// same with webhooks lost: how long one poll takes to heal a batch of missed changes.
//   npx tsx scripts/bench/halaxy-inbound.ts [--count 100] [--missed 50]
import { createServer } from 'node:http'
import { type AddressInfo } from 'node:net'
import { parseArgs } from 'node:util'
import { startEmbeddedPostgres } from '../db/embedded-postgres.ts'
import { applyMigrations, createDatabase, dropDatabase } from '../db/migrate.ts'
import { setBenchEnv } from './bench-env.ts'

const { values } = parseArgs({
  options: { count: { type: 'string', default: '100' }, missed: { type: 'string', default: '50' } },
})
const COUNT = Number(values.count)
const MISSED = Number(values.missed)
const SECRET = 'bench-only-webhook-secret'

const postgres = await startEmbeddedPostgres({ name: 'bench-inbound', port: 5441, ephemeral: true })
try {
  await dropDatabase(postgres.url('postgres'), 'haven_bench_inbound')
  await createDatabase(postgres.url('postgres'), 'haven_bench_inbound')
  const databaseUrl = postgres.url('haven_bench_inbound')
  setBenchEnv(databaseUrl)
  process.env.LOG_LEVEL = 'warn'
  process.env.HALAXY_WEBHOOK_SECRET = SECRET
  await applyMigrations(databaseUrl)

  const { runDemoSeed } = await import('../../prisma/seed.ts')
  await runDemoSeed(databaseUrl)
  const { DEMO_HALAXY_ROLES } = await import('../../prisma/seed-halaxy.ts')
  const { defaultSeed, startHalaxyStandIn } = await import('../../tests/fakes/halaxy/server.ts')
  const { action: webhook } = await import('../../app/routes/webhooks+/halaxy.$event.ts')

  // Haven's webhook route, as the web process serves it.
  const receiver = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://localhost:3000')
      void webhook({
        request: new Request(url, {
          method: 'POST',
          headers: request.headers as Record<string, string>,
          body: Buffer.concat(chunks),
        }),
        params: { event: url.pathname.split('/').at(-1) },
        context: {} as never,
      }).then(async (answer) => {
        response.writeHead(answer.status, { 'content-type': 'application/json' })
        response.end(await answer.text())
      })
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  const receiverPort = (receiver.address() as AddressInfo).port

  const seed = defaultSeed()
  const [roleTemplate] = seed.practitionerRoles
  const halaxy = await startHalaxyStandIn({
    webhooks: { url: `http://127.0.0.1:${receiverPort}/webhooks/halaxy/`, authorization: `Bearer ${SECRET}` },
    seed: {
      practitionerRoles: Object.values(DEMO_HALAXY_ROLES).map((role) => ({ ...roleTemplate!, id: role.id })),
    },
  })
  process.env.HALAXY_BASE_URL = halaxy.url

  const { db, disconnectDb } = await import('../../app/utils/db.server.ts')
  const { stopBoss } = await import('../../app/utils/jobs.server.ts')
  const { startWorker } = await import('../../jobs/start-worker.ts')
  const { availableSlots } = await import('../../app/domain/scheduling/availability.server.ts')
  const { pollHalaxy } = await import('../../app/domain/halaxy/poll.server.ts')
  const { getHalaxyClient } = await import('../../app/domain/halaxy/client.server.ts')

  // Free times across the demo psychologists, each booked once in Halaxy.
  const profiles = await db.psychologistProfile.findMany({
    where: { slug: { in: Object.keys(DEMO_HALAXY_ROLES) } },
  })
  const free = await Promise.all(
    profiles.map(async (profile) => ({
      role: DEMO_HALAXY_ROLES[profile.slug!]!.id,
      slots: await availableSlots(profile, { durationMinutes: 50 }),
    })),
  )
  let next = 0
  const nextSlot = () => {
    const { role, slots } = free[next % free.length]!
    const slot = slots[Math.floor(next / free.length) * 2]!
    next++
    return { role, start: slot.start, end: new Date(slot.start.getTime() + 50 * 60_000) }
  }
  const book = () => {
    const { role, start, end } = nextSlot()
    return halaxy.frontEnd.bookAppointment({
      practitionerRoleId: role,
      start: start.toISOString(),
      end: end.toISOString(),
    }).id
  }

  const worker = await startWorker(databaseUrl)
  // Let the worker's start-up poll (10 s after it starts) pass, so it doesn't run mid-measurement.
  await new Promise((resolve) => setTimeout(resolve, 12_000))
  const timings: number[] = []
  for (let index = 0; index < COUNT; index++) {
    const started = performance.now()
    const halaxyId = book()
    for (;;) {
      if (await db.halaxyBusyBlock.findUnique({ where: { halaxyId }, select: { halaxyId: true } })) break
      if (performance.now() - started > 30_000) throw new Error(`no busy block for ${halaxyId}`)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    timings.push(performance.now() - started)
  }
  await halaxy.webhooks.flush()
  timings.sort((a, b) => a - b)
  const at = (quantile: number) =>
    timings[Math.min(timings.length - 1, Math.floor(quantile * timings.length))]!
  const delivered = halaxy.webhooks.deliveries().filter((delivery) => delivery.status === 202).length
  console.log(
    `booked in Halaxy → busy in Haven (webhook, queue, read back, busy block), ${COUNT} sessions: ` +
      `median ${at(0.5).toFixed(0)} ms, p95 ${at(0.95).toFixed(0)} ms, max ${timings.at(-1)!.toFixed(0)} ms; ` +
      `${delivered} webhooks answered 202`,
  )

  // Webhooks lost: one poll heals them all.
  halaxy.webhooks.pause()
  const missed = Array.from({ length: MISSED }, book)
  const requestsBefore = halaxy.requests.count()
  const started = performance.now()
  const result = await pollHalaxy(getHalaxyClient())
  const pollMs = performance.now() - started
  const healed = await db.halaxyBusyBlock.count({ where: { halaxyId: { in: missed } } })
  console.log(
    `${MISSED} bookings whose webhooks were lost: one poll took ${pollMs.toFixed(0)} ms and ` +
      `${halaxy.requests.count() - requestsBefore} requests to Halaxy; ${healed} of ${MISSED} now busy in Haven` +
      `${result.ok ? '' : ` (poll failed: ${result.message})`}`,
  )

  await worker.stop({ graceful: false })
  await stopBoss()
  await halaxy.stop()
  receiver.close()
  await disconnectDb()
} finally {
  postgres.stop()
}
