import { PgBoss, fromPrisma, type SendOptions } from 'pg-boss'
import { Prisma } from '~/generated/prisma/client.ts'
import { db, type Tx } from './db.server.ts'
import { getEnv } from './env.server.ts'
import { allQueues, type QueueDefinition } from './queues.server.ts'

export const JOBS_SCHEMA = 'pgboss'

let started: Promise<PgBoss> | undefined

export function createBoss(connectionString: string, role: 'web' | 'worker') {
  return new PgBoss({
    connectionString,
    schema: JOBS_SCHEMA,
    application_name: `haven-${role}`,
    // The web process only enqueues; maintenance and schedules run in the worker.
    supervise: role === 'worker',
    schedule: role === 'worker',
    max: role === 'worker' ? 6 : 2,
    // Queues that opt in (`notify`) wake the worker at once instead of at its next poll.
    useListenNotify: role === 'worker',
  })
}

/** Creates any queue that does not exist yet (idempotent; safe from several processes). */
export async function ensureQueues(boss: PgBoss) {
  const existing = new Set((await boss.getQueues()).map((queue) => queue.name))
  for (const queue of allQueues) {
    if (!existing.has(queue.name)) await boss.createQueue(queue.name, queue.options)
  }
}

/** The web process's pg-boss client, started on first use. */
export function getBoss(): Promise<PgBoss> {
  started ??= (async () => {
    const boss = createBoss(getEnv().DATABASE_URL, 'web')
    boss.on('error', (error) => {
      // pg-boss reports connection trouble here; the next send surfaces it to the caller.
      console.error('pg-boss error', error.message)
    })
    await boss.start()
    await ensureQueues(boss)
    return boss
  })().catch((error: unknown) => {
    started = undefined
    throw error
  })
  return started
}

export async function stopBoss() {
  if (!started) return
  const boss = await started.catch(() => undefined)
  started = undefined
  await boss?.stop({ graceful: false })
}

/**
 * Enqueues a job inside the caller's Prisma transaction (the queue is the outbox): the
 * job exists if and only if the change that implies it commits.
 */
export async function enqueue<Payload extends object>(
  tx: Tx,
  queue: QueueDefinition<Payload>,
  payload: Payload,
  options: Omit<SendOptions, 'db'> = {},
) {
  const boss = await getBoss()
  return boss.send(queue.name, queue.payload.parse(payload) as object, { ...options, db: fromPrisma(tx) })
}

/**
 * Brings a queued job forward to now, inside the caller's transaction: one waiting in its retry
 * backoff (or deferred) runs at the worker's next poll. A job already running is left alone.
 */
export async function runSoon(tx: Tx, queue: QueueDefinition<unknown>, singletonKey: string) {
  const boss = await getBoss()
  return boss.update({
    name: queue.name,
    options: { singletonKey, startAfter: new Date(), match: 'all', db: fromPrisma(tx) },
  })
}

/**
 * When a job waiting in the queue (queued, or in its retry backoff) runs next; null when none
 * waits. Read straight from pg-boss's table, so a page can say when a failed attempt is tried again.
 */
export async function nextRunOf(queue: QueueDefinition<unknown>, singletonKey: string, client: Tx = db) {
  const [next] = await client.$queryRaw<{ startAfter: Date }[]>`
    select start_after as "startAfter" from ${Prisma.raw(`"${JOBS_SCHEMA}"."job"`)}
    where name = ${queue.name} and singleton_key = ${singletonKey} and state in ('created', 'retry')
    order by start_after limit 1`
  return next?.startAfter ?? null
}
