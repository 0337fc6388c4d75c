import { db } from '~/utils/db.server.ts'

/** Jobs waiting in a queue, read straight from pg-boss's table. */
export async function queuedJobs(queue: string) {
  return db.$queryRaw<{ id: string; data: Record<string, unknown> }[]>`
    select id::text, data from pgboss.job where name = ${queue} and state in ('created', 'retry') order by created_on`
}
