import { db } from '~/utils/db.server.ts'

/**
 * Every row of every table but sessions (tests that sign in start their own), as one digest per
 * table: equal before and after a request means the request wrote nothing. pg-boss's own
 * bookkeeping is left out: its clients' heartbeats (`instance`) and maintenance times (`version`)
 * move with the clock, not with requests.
 */
export async function databaseSnapshot() {
  const tables = await db.$queryRaw<{ name: string }[]>`
    SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
    WHERE table_type = 'BASE TABLE' AND table_schema IN ('public', 'pgboss') AND table_name <> 'Session'
      AND NOT (table_schema = 'pgboss' AND table_name IN ('instance', 'version'))`
  const digests = await db.$queryRawUnsafe<{ name: string; digest: string | null }[]>(
    tables
      .map(
        ({ name }) =>
          `SELECT '${name}' AS name, md5(string_agg(t::text, ',' ORDER BY t::text)) AS digest FROM ${name} t`,
      )
      .join(' UNION ALL '),
  )
  return Object.fromEntries(digests.map(({ name, digest }) => [name, digest]))
}
