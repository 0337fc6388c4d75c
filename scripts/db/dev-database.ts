// The development database: DATABASE_URL when set, otherwise the embedded PostgreSQL in its
// own data folder and port, so `npm run dev` works on a fresh clone with nothing installed.
import pg from 'pg'
import { DEMO_PASSWORD, runDemoSeed } from '../../prisma/seed.ts'
import { EMBEDDED_PG_PASSWORD, EMBEDDED_PG_USER, startEmbeddedPostgres } from './embedded-postgres.ts'
import { applyMigrations, createDatabase, databaseUrl, isAcceptingConnections, redactUrl } from './migrate.ts'

// migrate-cli.ts repeats these (it is bundled for production and must not pull in the seed).
export const DEV_POSTGRES = { name: 'dev', port: 5433, database: 'haven' } as const

export type DevServer = {
  /** URL of the server's maintenance database; databaseUrl() points it elsewhere. */
  serverUrl: string
  /** Stops the server only if this process started it. */
  stop: () => void
}

export type DevDatabase = { url: string; stop: () => void }

/**
 * The embedded dev server. One already running (say under `npm run dev` in another terminal)
 * is used as it is: starting ours would first stop it, pulling the database from under the app.
 */
export async function startDevPostgres(log: (line: string) => void = () => {}): Promise<DevServer> {
  const serverUrl = `postgresql://${EMBEDDED_PG_USER}:${EMBEDDED_PG_PASSWORD}@127.0.0.1:${DEV_POSTGRES.port}/postgres`
  if (await isAcceptingConnections(serverUrl)) {
    log(`using the embedded PostgreSQL already running on port ${DEV_POSTGRES.port}`)
    return { serverUrl, stop: () => {} }
  }
  const server = await startEmbeddedPostgres({ name: DEV_POSTGRES.name, port: DEV_POSTGRES.port, log })
  return { serverUrl: server.url('postgres'), stop: () => server.stop() }
}

async function hasNoUsers(url: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<{ empty: boolean }>(
      'SELECT NOT EXISTS (SELECT 1 FROM "User") AS empty',
    )
    return rows[0]?.empty ?? true
  } finally {
    await client.end()
  }
}

/** A ready dev database: started if needed, migrated, and seeded with the demo practice when asked and empty. */
export async function ensureDevDatabase(options: {
  seed: boolean
  log?: (line: string) => void
}): Promise<DevDatabase> {
  const log = options.log ?? ((line: string) => console.log(`[db] ${line}`))
  let url = process.env.DATABASE_URL
  let stop = () => {}
  try {
    if (!url) {
      const server = await startDevPostgres(log)
      stop = server.stop
      await createDatabase(server.serverUrl, DEV_POSTGRES.database, { ifMissing: true })
      url = databaseUrl(server.serverUrl, DEV_POSTGRES.database)
    }
    const { applied, alreadyApplied } = await applyMigrations(url, { log })
    log(
      applied.length > 0
        ? `migrated ${redactUrl(url)}: applied ${applied.length}, ${alreadyApplied} already applied`
        : `${redactUrl(url)} is up to date (${alreadyApplied} migrations)`,
    )
    if (options.seed && (await hasNoUsers(url))) {
      await runDemoSeed(url)
      log(`seeded the demo practice (every demo login uses the password ${DEMO_PASSWORD})`)
    }
  } catch (error) {
    stop()
    throw error
  }
  return { url, stop }
}
