// The development database: DATABASE_URL when set, otherwise the embedded PostgreSQL in its
// own data folder and port, so `npm run dev` works on a fresh clone with nothing installed.
import pg from 'pg'
import { DEMO_PASSWORD, runDemoSeed } from '../../prisma/seed.ts'
import { openDevDatabase } from './dev-server.ts'
import { applyMigrations, redactUrl } from './migrate.ts'

type DevDatabase = { url: string; stop: () => void }

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
      const database = await openDevDatabase(log)
      stop = database.stop
      url = database.url
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
