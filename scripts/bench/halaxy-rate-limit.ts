// How fast the shared Halaxy rate limiter hands out slots when the limit is not what holds it
// back: two processes (two Prisma pools), 16 callers each, 2,000 slots. Halaxy allows 500 a
// minute, so the limiter's own cost must be far below that. Runs on its own embedded database.
//   npx tsx scripts/bench/halaxy-rate-limit.ts
import { startEmbeddedPostgres } from '../db/embedded-postgres.ts'
import { applyMigrations, createDatabase } from '../db/migrate.ts'
import { freePorts } from '../free-ports.ts'

const SLOTS = 2_000
const CALLERS_PER_PROCESS = 16

const [port] = await freePorts(1)
const postgres = await startEmbeddedPostgres({ name: 'bench-rate-limit', port: port!, ephemeral: true })
try {
  await createDatabase(postgres.url('postgres'), 'haven_bench')
  const url = postgres.url('haven_bench')
  process.env.DATABASE_URL = url
  await applyMigrations(url)

  const { PrismaPg } = await import('@prisma/adapter-pg')
  const { PrismaClient } = await import('../../app/generated/prisma/client.ts')
  const { createVendorRateLimiter } = await import('../../app/domain/vendor-rate-limit.server.ts')
  const processes = [0, 1].map(
    () => new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 5 }) }),
  )
  const limiters = processes.map((client) =>
    createVendorRateLimiter({ vendor: 'halaxy', limit: 100_000, db: client }),
  )

  let taken = 0
  const started = performance.now()
  await Promise.all(
    limiters.flatMap((limiter) =>
      Array.from({ length: CALLERS_PER_PROCESS }, async () => {
        while (taken < SLOTS) {
          taken += 1
          const slot = await limiter.acquire()
          if (!slot.ok) throw new Error('a slot was refused under a limit of 100,000')
        }
      }),
    ),
  )
  const seconds = (performance.now() - started) / 1000
  const stored = await processes[0]!.vendorRequestSlot.count()
  console.log(
    `${SLOTS} slots from 2 processes × ${CALLERS_PER_PROCESS} callers: ${seconds.toFixed(2)} s, ` +
      `${Math.round((SLOTS / seconds) * 60).toLocaleString('en-AU')} slots a minute (${stored} rows)`,
  )
  await Promise.all(processes.map((client) => client.$disconnect()))
} finally {
  postgres.stop()
}
