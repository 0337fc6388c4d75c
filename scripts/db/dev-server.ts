// The embedded development server and database. Kept apart from dev-database.ts (which
// seeds, and so loads argon2's native binding) so the migrate bundle can use it too.
import { EMBEDDED_PG_PASSWORD, EMBEDDED_PG_USER, startEmbeddedPostgres } from './embedded-postgres.ts'
import { createDatabase, databaseUrl, isAcceptingConnections } from './migrate.ts'

/** Overridable so a benchmark or a second checkout can run beside the usual dev server. */
export const DEV_POSTGRES = {
  name: process.env.HAVEN_DEV_PG_NAME ?? 'dev',
  port: Number(process.env.HAVEN_DEV_PG_PORT ?? 5433),
  database: 'haven',
} as const

type DevServer = {
  /** URL of the server's maintenance database; databaseUrl() points it elsewhere. */
  serverUrl: string
  /** Stops the server only if this process started it. */
  stop: () => void
}

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

/** The dev database, created if missing, on a started (or already running) dev server. */
export async function openDevDatabase(log?: (line: string) => void) {
  const server = await startDevPostgres(log)
  try {
    await createDatabase(server.serverUrl, DEV_POSTGRES.database, { ifMissing: true })
  } catch (error) {
    server.stop()
    throw error
  }
  return { url: databaseUrl(server.serverUrl, DEV_POSTGRES.database), stop: server.stop }
}
