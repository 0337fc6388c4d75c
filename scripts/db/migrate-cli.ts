// `npm run db:migrate`, and the container's release step (bundled to build/app/migrate.js):
// applies prisma/migrations to DATABASE_URL, or to the embedded dev database when it is unset.
import { applyMigrations, createDatabase, databaseUrl, isAcceptingConnections, redactUrl } from './migrate.ts'

// Same server and database as dev-database.ts's DEV_POSTGRES. Not imported from there: that
// module pulls in the seed and argon2's native binding, which cannot go into this bundle.
const DEV = { name: 'dev', port: 5433, database: 'haven' }

/** The embedded dev database; a server already running (e.g. under `npm run dev`) is left running. */
async function openDevDatabase() {
  const { EMBEDDED_PG_PASSWORD, EMBEDDED_PG_USER, startEmbeddedPostgres } =
    await import('./embedded-postgres.ts')
  let serverUrl = `postgresql://${EMBEDDED_PG_USER}:${EMBEDDED_PG_PASSWORD}@127.0.0.1:${DEV.port}/postgres`
  let stop = () => {}
  if (!(await isAcceptingConnections(serverUrl))) {
    const server = await startEmbeddedPostgres({ name: DEV.name, port: DEV.port })
    serverUrl = server.url('postgres')
    stop = () => server.stop()
  }
  try {
    await createDatabase(serverUrl, DEV.database, { ifMissing: true })
  } catch (error) {
    stop()
    throw error
  }
  return { url: databaseUrl(serverUrl, DEV.database), stop }
}

async function main() {
  const target = process.env.DATABASE_URL
    ? { url: process.env.DATABASE_URL, stop: () => {} }
    : await openDevDatabase()
  try {
    const { applied, alreadyApplied } = await applyMigrations(target.url)
    console.log(
      applied.length > 0
        ? `Migrated ${redactUrl(target.url)}: applied ${applied.join(', ')} (${alreadyApplied} already applied)`
        : `No pending migrations: ${redactUrl(target.url)} is up to date (${alreadyApplied} applied)`,
    )
  } finally {
    target.stop()
  }
}

main().catch((error: unknown) => {
  console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
})
