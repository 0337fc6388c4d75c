// The Halaxy mirror under load, on its own embedded database, against the Halaxy stand-in
// (started here) with the real worker (jobs/start-worker.ts):
//   drain   2,000 patients queued, then the worker started: drain time and requests/minute, at
//           the configured limit (480) and at a high one (the worker's own ceiling)
//   outage  Halaxy down for 5 minutes while 500 changes happen: time to recover after it is back
//   kill    the worker (a child process) SIGKILLed 20 times during a drain of 1,000
// Each counts duplicates (Halaxy patients sharing family, given and birth date) and lost changes
// (links not synced, or a Halaxy patient without the latest edit).
//   npx tsx scripts/bench/halaxy-mirror.ts [drain|outage|kill|all] [--count N] [--outage-seconds S]
//     [--kills N] [--limit N] [--high-limit N] [--work '{"localConcurrency":4}'] [--port 5440]
// --work replaces the halaxy queue's work options (bench only) to try other worker settings.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import os from 'node:os'
import { parseArgs } from 'node:util'
import { startEmbeddedPostgres } from '../db/embedded-postgres.ts'
import { applyMigrations, createDatabase, dropDatabase } from '../db/migrate.ts'
import type { FhirPatient } from '../../app/domain/halaxy/fhir.ts'
import { setBenchEnv } from './bench-env.ts'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    count: { type: 'string' },
    'outage-seconds': { type: 'string', default: '300' },
    'outage-changes': { type: 'string', default: '500' },
    kills: { type: 'string', default: '20' },
    limit: { type: 'string', default: '480' },
    'high-limit': { type: 'string', default: '20000' },
    work: { type: 'string' },
    port: { type: 'string', default: '5440' },
  },
})
const scenario = positionals[0] ?? 'all'
if (!['drain', 'outage', 'kill', 'all'].includes(scenario)) throw new Error(`unknown scenario ${scenario}`)
const count = values.count ? Number(values.count) : undefined
const outageSeconds = Number(values['outage-seconds'])
const outageChanges = Number(values['outage-changes'])
const kills = Number(values.kills)
const limit = Number(values.limit)
const highLimit = Number(values['high-limit'])
const workOverride = values.work ? (JSON.parse(values.work) as Record<string, unknown>) : undefined

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`
const log = (line: string) => console.log(line)
const progress = (line: string) => process.stderr.write(`  … ${line}\n`)

const postgres = await startEmbeddedPostgres({
  // Another --port runs beside it in its own data folder.
  name: values.port === '5440' ? 'bench-halaxy' : `bench-halaxy-${values.port}`,
  port: Number(values.port),
  ephemeral: true,
})
try {
  await dropDatabase(postgres.url('postgres'), 'haven_bench_halaxy')
  await createDatabase(postgres.url('postgres'), 'haven_bench_halaxy')
  const databaseUrl = postgres.url('haven_bench_halaxy')
  setBenchEnv(databaseUrl)
  process.env.LOG_LEVEL ??= 'error'
  process.env.HAVEN_STRIPE_DIR = `bench-${randomBytes(4).toString('hex')}`
  delete process.env.HAVEN_STRIPE_WEBHOOK_URL
  await applyMigrations(databaseUrl)

  const { runDemoSeed } = await import('../../prisma/seed.ts')
  await runDemoSeed(databaseUrl)
  const { db, disconnectDb } = await import('../../app/utils/db.server.ts')
  const { initEnv } = await import('../../app/utils/env.server.ts')
  const { stopBoss, getBoss } = await import('../../app/utils/jobs.server.ts')
  const { startWorker } = await import('../../jobs/start-worker.ts')
  const { halaxyPushQueue } = await import('../../app/utils/queues.server.ts')
  const { handleHalaxyPush } = await import('../../jobs/halaxy.ts')
  const { markForHalaxy } = await import('../../app/domain/halaxy/outbox.server.ts')
  const { HALAXY_STANDIN_DEFAULTS } = await import('../../app/domain/halaxy/client.server.ts')
  const { startHalaxyStandIn } = await import('../../tests/fakes/halaxy/server.ts')
  type StandIn = Awaited<ReturnType<typeof startHalaxyStandIn>>
  await getBoss()

  const given = ['Olivia', 'Jack', 'Charlotte', 'Noah', 'Amelia', 'William', 'Isla', 'Oliver', 'Mia', 'Leo']
  const family = [
    'Nguyen',
    'Smith',
    'Williams',
    'Brown',
    'Jones',
    'Wilson',
    'Taylor',
    'Kelly',
    'Tran',
    'Singh',
  ]
  let serial = 0 // distinct birth dates: no two Haven patients share (family, given, birth date)

  /** A new patient with a legal name and birth date, marked for Halaxy in its own transaction. */
  async function newPatient(tag: string) {
    const n = serial++
    return db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: {
          email: `${tag}-${n}@bench.example.com`,
          name: `${given[n % 10]} ${family[Math.floor(n / 10) % 10]}`,
          patient: {
            create: {
              legalFirstName: given[n % 10]!,
              legalLastName: family[Math.floor(n / 10) % 10]!,
              dateOfBirth: new Date(Date.UTC(1940, 0, 1) + n * 86_400_000),
              mobile: `+614${String(10_000_000 + n).slice(-8)}`,
              suburb: 'Newtown',
              state: 'NSW',
              postcode: '2042',
            },
          },
        },
        select: { id: true },
      })
      await markForHalaxy(tx, 'patient', user.id)
      return user.id
    })
  }

  /** An edit (a new mobile) to a patient, marked for Halaxy with it. */
  async function editPatient(userId: string) {
    const mobile = `+6149${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`
    await db.$transaction(async (tx) => {
      await tx.patientProfile.update({ where: { userId }, data: { mobile } })
      await markForHalaxy(tx, 'patient', userId)
    })
    return mobile
  }

  async function backlog(tag: string, size: number) {
    const ids: string[] = []
    const started = performance.now()
    // Four at a time: a busy practice's changes, each its own transaction.
    for (let index = 0; index < size; index += 4) {
      ids.push(
        ...(await Promise.all(Array.from({ length: Math.min(4, size - index) }, () => newPatient(tag)))),
      )
    }
    progress(`${size} changes queued in ${seconds(performance.now() - started)}`)
    return ids
  }

  async function syncedCount(ids: string[]) {
    const [row] = await db.$queryRaw<{ n: number }[]>`
      select count(*)::int as n from "HalaxyLink"
      where entity = 'patient' and "havenId" = any(${ids}) and state = 'synced' and "pendingSince" is null`
    return row!.n
  }

  /** Waits until every link is synced; the moment that happened. */
  async function waitForSynced(ids: string[], timeoutMs: number, onTick?: () => Promise<void>) {
    const started = performance.now()
    let lastReport = started
    for (;;) {
      const done = await syncedCount(ids)
      if (done === ids.length) return performance.now()
      if (performance.now() - started > timeoutMs) {
        progress(`gave up after ${seconds(timeoutMs)} with ${done}/${ids.length} synced`)
        return null
      }
      if (performance.now() - lastReport > 30_000) {
        lastReport = performance.now()
        progress(`${done}/${ids.length} synced after ${seconds(lastReport - started)}`)
      }
      await onTick?.()
      await sleep(250)
    }
  }

  /** Duplicates in Halaxy, links not synced, and edits Halaxy does not have. */
  async function verdict(standIn: StandIn, ids: string[], latestMobiles = new Map<string, string>()) {
    const patients = standIn.store.all<FhirPatient>('Patient')
    const byPerson = new Map<string, number>()
    for (const patient of patients) {
      const name = patient.name?.find((entry) => entry.use === 'official') ?? patient.name?.[0]
      const key = `${name?.family}|${name?.given?.[0]}|${patient.birthDate}`
      byPerson.set(key, (byPerson.get(key) ?? 0) + 1)
    }
    const duplicates = [...byPerson.values()].reduce((sum, n) => sum + (n > 1 ? n - 1 : 0), 0)
    const links = await db.halaxyLink.findMany({
      where: { entity: 'patient', havenId: { in: ids } },
      select: { havenId: true, halaxyId: true, state: true, pendingSince: true },
    })
    const linked = new Map(links.map((link) => [link.havenId, link]))
    const lost = ids.filter((id) => {
      const link = linked.get(id)
      return !link || link.state !== 'synced' || link.pendingSince !== null || !link.halaxyId
    }).length
    const byId = new Map(patients.map((patient) => [patient.id, patient]))
    const missing = links.filter((link) => link.halaxyId && !byId.has(link.halaxyId)).length
    let staleEdits = 0
    for (const [havenId, mobile] of latestMobiles) {
      const halaxy = byId.get(linked.get(havenId)?.halaxyId ?? '')
      if (!halaxy?.telecom?.some((point) => point.value?.replace(/\s/g, '') === mobile)) staleEdits++
    }
    const states = links.reduce<Record<string, number>>(
      (tally, link) => ({ ...tally, [link.state]: (tally[link.state] ?? 0) + 1 }),
      {},
    )
    return { halaxyPatients: patients.length, duplicates, lost, missing, staleEdits, states }
  }

  function verdictLine(result: Awaited<ReturnType<typeof verdict>>, expected: number) {
    return (
      `  Halaxy patients ${result.halaxyPatients} (expected ${expected}), duplicates ${result.duplicates}, ` +
      `lost ${result.lost}, links to a missing Halaxy patient ${result.missing}, edits not in Halaxy ${result.staleEdits}` +
      ` (link states ${JSON.stringify(result.states)})`
    )
  }

  async function freshStandIn(rateLimitPerMinute: number, workerLimit: number) {
    const standIn = await startHalaxyStandIn({ port: 0, rateLimitPerMinute })
    process.env.HALAXY_BASE_URL = standIn.url
    process.env.HALAXY_CLIENT_ID = HALAXY_STANDIN_DEFAULTS.clientId
    process.env.HALAXY_CLIENT_SECRET = HALAXY_STANDIN_DEFAULTS.clientSecret
    process.env.HALAXY_RATE_LIMIT_PER_MINUTE = String(workerLimit)
    initEnv()
    // Each run starts from an empty Halaxy, so earlier runs' links (whose Halaxy ids the new
    // stand-in hands out again) go, and the shared limiter's window starts empty.
    await db.$executeRaw`delete from "SyncAttempt"`
    await db.$executeRaw`delete from "HalaxyLink"`
    await db.$executeRaw`delete from "VendorRequestSlot"`
    return standIn
  }

  async function inProcessWorker() {
    const worker = await startWorker(databaseUrl)
    if (workOverride) {
      await worker.offWork(halaxyPushQueue.name)
      await worker.work(halaxyPushQueue.name, workOverride, handleHalaxyPush)
    }
    return worker
  }

  /** Requests per whole minute from the first one, and the most in any sliding minute. */
  function rates(standIn: StandIn, endMs: number) {
    const times = standIn.requests
      .list()
      .map((record) => record.at)
      .sort((a, b) => a - b)
    const first = times[0] ?? endMs
    const minutes: number[] = []
    for (const at of times) {
      const minute = Math.floor((at - first) / 60_000)
      minutes[minute] = (minutes[minute] ?? 0) + 1
    }
    const whole = Math.floor((endMs - first) / 60_000)
    const full = minutes.slice(0, whole).map((n) => n ?? 0)
    let peak = 0
    for (let start = 0, end = 0; end < times.length; end++) {
      while (times[end]! - times[start]! >= 60_000) start++
      peak = Math.max(peak, end - start + 1)
    }
    const meanFull = full.length ? full.reduce((a, b) => a + b, 0) / full.length : NaN
    return { total: times.length, minutes: minutes.map((n) => n ?? 0), meanFull, peak, first }
  }

  // ───────────────────────── 1. drain ─────────────────────────
  async function drain(workerLimit: number, standInLimit: number, size: number) {
    log(
      `drain: ${size} new patients queued, then the worker started; HALAXY_RATE_LIMIT_PER_MINUTE=${workerLimit}`,
    )
    const tag = `drain${workerLimit}`
    const standIn = await freshStandIn(standInLimit, workerLimit)
    const ids = await backlog(tag, size)
    const started = performance.now()
    const startedAt = Date.now()
    const worker = await inProcessWorker()
    const doneAt = await waitForSynced(ids, 60 * 60_000)
    const end = Date.now()
    const drainMs = (doneAt ?? performance.now()) - started
    const rate = rates(standIn, end)
    const statuses = standIn.requests.list().reduce<Record<string, number>>((tally, record) => {
      const key = String(record.status ?? record.outcome)
      return { ...tally, [key]: (tally[key] ?? 0) + 1 }
    }, {})
    await worker.stop({ graceful: false })
    const result = verdict(standIn, ids)
    log(
      `  drained ${size} in ${seconds(drainMs)} (${doneAt ? 'all synced' : 'NOT all synced'}); ` +
        `${rate.total} requests to Halaxy (by status ${JSON.stringify(statuses)}), first ${seconds(rate.first - startedAt)} after the worker started`,
    )
    log(
      `  requests per whole minute ${JSON.stringify(rate.minutes)}; mean of whole minutes ${rate.meanFull.toFixed(0)}/min = ` +
        `${((rate.meanFull / workerLimit) * 100).toFixed(1)}% of ${workerLimit}; busiest sliding minute ${rate.peak}; ` +
        `overall ${((rate.total / drainMs) * 60_000).toFixed(0)}/min`,
    )
    log(verdictLine(await result, size))
    await standIn.stop()
  }

  // ───────────────────────── 2. outage ─────────────────────────
  async function outage() {
    log(
      `outage: Halaxy down for ${outageSeconds} s while ${outageChanges} changes happen (4 in 5 new patients, 1 in 5 an edit), worker running`,
    )
    const standIn = await freshStandIn(500, limit)
    const worker = await inProcessWorker()
    const ids: string[] = []
    const latest = new Map<string, string>()
    const started = performance.now()
    await standIn.faults.set({ kind: 'down' })
    const downAt = performance.now()
    for (let index = 0; index < outageChanges; index++) {
      const due = downAt + (index * outageSeconds * 1000) / outageChanges
      await sleep(Math.max(0, due - performance.now()))
      if (index % 5 === 4 && ids.length > 0) {
        const id = ids[Math.floor(Math.random() * ids.length)]!
        latest.set(id, await editPatient(id))
      } else ids.push(await newPatient('outage'))
    }
    await sleep(Math.max(0, downAt + outageSeconds * 1000 - performance.now()))
    await standIn.faults.clear()
    const upAt = performance.now()
    const upAtDate = new Date()
    const doneAt = await waitForSynced(ids, 60 * 60_000)
    const recoverMs = (doneAt ?? performance.now()) - upAt
    await worker.stop({ graceful: false })
    const [stats] = await db.$queryRaw<{ attempts: number; waits: number[] }[]>`
      select (select count(*)::int from "SyncAttempt" a join "HalaxyLink" l on l.id = a."linkId"
                where l."havenId" = any(${ids})) as attempts,
             array(select extract(epoch from ("syncedAt" - ${upAtDate}))::float8 from "HalaxyLink"
                where "havenId" = any(${ids}) and "syncedAt" is not null order by 1) as waits`
    const { attempts, waits } = stats!
    const at = (q: number) => waits[Math.min(waits.length - 1, Math.floor(q * waits.length))] ?? NaN
    log(
      `  down ${seconds(upAt - downAt)}; back up → every link synced in ${seconds(recoverMs)} ` +
        `(${doneAt ? 'all synced' : 'NOT all synced'}); whole scenario ${seconds(performance.now() - started)}`,
    )
    log(
      `  after recovery, the push that synced each record started: median ${at(0.5).toFixed(0)} s, p95 ${at(0.95).toFixed(0)} s, ` +
        `last ${at(1).toFixed(0)} s (retry backoff); ${attempts} attempts recorded, ${standIn.requests.count()} requests reached Halaxy`,
    )
    log(verdictLine(await verdict(standIn, ids, latest), ids.length))
    await standIn.stop()
  }

  // ───────────────────────── 3. kill ─────────────────────────
  async function kill(size: number) {
    log(`kill: the worker (a child process) SIGKILLed ${kills} times at random during a drain of ${size}`)
    const standIn = await freshStandIn(500, limit)
    const ids = await backlog('kill', size)
    let child: ChildProcess | undefined
    const spawnWorker = () =>
      new Promise<ChildProcess>((resolve, reject) => {
        const proc = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench/halaxy-worker.ts'], {
          env: {
            ...process.env,
            ...(workOverride ? { BENCH_HALAXY_WORK: JSON.stringify(workOverride) } : {}),
          },
          stdio: ['ignore', 'pipe', 'inherit'],
        })
        proc.stdout!.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('worker ready')) resolve(proc)
        })
        proc.once('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready`)))
      })
    const started = performance.now()
    child = await spawnWorker()
    let killed = 0
    const syncedAtKill: number[] = []
    for (; killed < kills; killed++) {
      // A random moment while the drain is under way: 0.5–6 s into this worker's life.
      await sleep(500 + Math.random() * 5_500)
      const exited = new Promise((resolve) => child!.once('exit', resolve))
      child.kill('SIGKILL')
      await exited
      syncedAtKill.push(await syncedCount(ids))
      child = await spawnWorker()
    }
    const lastKill = performance.now()
    progress(`${kills} kills done; synced at each kill ${JSON.stringify(syncedAtKill)}`)
    const doneAt = await waitForSynced(ids, 60 * 60_000)
    const totalMs = (doneAt ?? performance.now()) - started
    const exited = new Promise((resolve) => child!.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
    const creates = standIn.requests.count('POST Patient')
    const [row] = await db.$queryRaw<{ okCreates: number; searches: number; found: number }[]>`
      select count(*) filter (where operation = 'create' and outcome = 'ok')::int as "okCreates",
             count(*) filter (where operation = 'search')::int as searches,
             count(*) filter (where operation = 'search' and outcome = 'ok')::int as found
      from "SyncAttempt" a join "HalaxyLink" l on l.id = a."linkId" where l."havenId" = any(${ids})`
    log(
      `  ${kills} SIGKILLs; all synced ${seconds(totalMs)} after the start (${seconds((doneAt ?? performance.now()) - lastKill)} after the last kill; ` +
        `${doneAt ? 'all synced' : 'NOT all synced'})`,
    )
    log(
      `  creates Halaxy received ${creates}, creates Haven recorded as answered ${row!.okCreates} → ${creates - row!.okCreates} answers lost to a kill; ` +
        `${row!.searches} searches before a re-create (${row!.found} answered)`,
    )
    log(verdictLine(await verdict(standIn, ids), size))
    await standIn.stop()
  }

  log(
    `machine: ${os.cpus().length} cores, load ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(
        ' ',
      )}; halaxy work options ${workOverride ? JSON.stringify(workOverride) : 'as in jobs/start-worker.ts'}`,
  )
  if (scenario === 'drain' || scenario === 'all') {
    await drain(limit, 500, count ?? 2_000)
    await drain(highLimit, highLimit * 2, count ?? 2_000)
  }
  if (scenario === 'outage' || scenario === 'all') await outage()
  if (scenario === 'kill' || scenario === 'all') await kill(count ?? 1_000)
  log(
    `load at the end ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  )

  await stopBoss()
  await disconnectDb()
} finally {
  postgres.stop()
}
