// `npm run db:reset`: drops and recreates the database, migrates it and loads the demo
// practice. Targets the embedded dev database, or DATABASE_URL when set (never in production).
import { DEMO_LOGINS, DEMO_PASSWORD, runDemoSeed } from '../../prisma/seed.ts'
import { DEV_POSTGRES, startDevPostgres } from './dev-server.ts'
import {
  applyMigrations,
  createDatabase,
  databaseName,
  databaseUrl,
  dropDatabase,
  redactUrl,
} from './migrate.ts'

async function main() {
  if (process.env.NODE_ENV === 'production') {
    throw new Error('Refusing to reset a database with NODE_ENV=production.')
  }
  let url = process.env.DATABASE_URL
  let stop = () => {}
  if (!url) {
    const server = await startDevPostgres((line) => console.log(line))
    stop = server.stop
    url = databaseUrl(server.serverUrl, DEV_POSTGRES.database)
  }
  try {
    const name = databaseName(url)
    if (!name || name === 'postgres')
      throw new Error(`Refusing to reset the maintenance database (${redactUrl(url)}).`)
    await dropDatabase(url, name)
    console.log(`Dropped database ${name}`)
    await createDatabase(url, name)
    console.log(`Created database ${name}`)
    const { applied } = await applyMigrations(url)
    console.log(`Applied ${applied.length} migrations: ${applied.join(', ')}`)
    await runDemoSeed(url)
    console.log(
      `Seeded the demo practice: ${DEMO_LOGINS.length} logins (e.g. ${DEMO_LOGINS[0]?.email}), password ${DEMO_PASSWORD}`,
    )
    console.log(`Reset ${redactUrl(url)}`)
  } finally {
    stop()
  }
}

main().catch((error: unknown) => {
  console.error(`Reset failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
})
