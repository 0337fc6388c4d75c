// `npm run db:migrate`, and the container's release step (bundled to build/app/migrate.js):
// applies prisma/migrations to DATABASE_URL, or to the embedded dev database when it is unset.
import { openDevDatabase } from './dev-server.ts'
import { applyMigrations, redactUrl } from './migrate.ts'

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
