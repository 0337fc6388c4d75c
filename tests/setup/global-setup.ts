// Vitest globalSetup: one embedded PostgreSQL for the whole run, and a migrated template
// database that every test file clones (tests/setup/per-file.ts), which is far faster than
// migrating a database per file.
//
// Several test runs may share the machine (engineers working side by side, an editor's watch
// mode). Starting the server stops any server on its data folder, so runs lease it instead:
// each run registers its pid, the first one starts the server, the last one stops it.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import {
  EMBEDDED_PG_PASSWORD,
  EMBEDDED_PG_USER,
  startEmbeddedPostgres,
  type EmbeddedPostgres,
} from '../../scripts/db/embedded-postgres.ts'
import {
  applyMigrations,
  createDatabase,
  databaseUrl,
  defaultMigrationsDir,
  dropDatabase,
  isAcceptingConnections,
  quoteIdent,
  readMigrations,
} from '../../scripts/db/migrate.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the test server's maintenance database. */
    testDatabaseServerUrl: string
    /** Migrated database to clone (CREATE DATABASE … TEMPLATE). */
    testTemplateDatabase: string
  }
}

export const TEST_POSTGRES = { name: 'test', port: 5435 } as const
export const TEMPLATE_DATABASE = 'haven_template'
/** Prefixes of the databases tests create; left-overs of killed runs are dropped on a fresh start. */
export const SCRATCH_DATABASE_PATTERN = /^(t|scratch)_[0-9a-f]+$/

// Serialises template rebuilds between concurrent runs (any key other than Prisma's).
const TEMPLATE_LOCK_KEY = 72707370

const baseDir = path.join(os.tmpdir(), 'haven-pg')
const dataDir = path.join(baseDir, TEST_POSTGRES.name)
const leasesDir = path.join(baseDir, `${TEST_POSTGRES.name}-leases`)
const leaseLock = path.join(baseDir, `${TEST_POSTGRES.name}-leases.lock`)
const serverUrl = `postgresql://${EMBEDDED_PG_USER}:${EMBEDDED_PG_PASSWORD}@127.0.0.1:${TEST_POSTGRES.port}/postgres`

function isAlive(pid: number) {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function isAbandoned() {
  try {
    const holder = Number(fs.readFileSync(path.join(leaseLock, 'pid'), 'utf8'))
    if (holder > 0) return !isAlive(holder)
    // No pid yet: its holder may have died between creating the lock and writing the pid.
    return Date.now() - fs.statSync(leaseLock).mtimeMs > 5_000
  } catch {
    return false // The lock was released meanwhile.
  }
}

/** A cross-process mutex: mkdir is atomic; a lock whose holder died is taken over. */
async function withLeaseLock<T>(fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 120_000
  fs.mkdirSync(baseDir, { recursive: true })
  for (;;) {
    try {
      fs.mkdirSync(leaseLock)
      fs.writeFileSync(path.join(leaseLock, 'pid'), String(process.pid))
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      if (isAbandoned()) fs.rmSync(leaseLock, { recursive: true, force: true })
      if (Date.now() > deadline)
        throw new Error(`Timed out waiting for ${leaseLock}; remove it if no test run is active.`)
      await sleep(50)
    }
  }
  try {
    return await fn()
  } finally {
    fs.rmSync(leaseLock, { recursive: true, force: true })
  }
}

function liveLeases() {
  fs.mkdirSync(leasesDir, { recursive: true })
  return fs
    .readdirSync(leasesDir)
    .map(Number)
    .filter((pid) => {
      if (isAlive(pid)) return true
      fs.rmSync(path.join(leasesDir, String(pid)), { force: true })
      return false
    })
}

/** Stops a server this process did not start, the way `pg_ctl stop -m fast` does (SIGINT to the postmaster). */
async function stopUnownedServer() {
  let pid: number
  try {
    pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0])
  } catch {
    return
  }
  if (!pid || !isAlive(pid)) return
  process.kill(pid, 'SIGINT')
  const deadline = Date.now() + 20_000
  while (isAlive(pid) && Date.now() < deadline) await sleep(50)
}

async function dropLeftoverDatabases() {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database')
    for (const { datname } of rows) {
      if (SCRATCH_DATABASE_PATTERN.test(datname)) {
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`)
      }
    }
  } finally {
    await client.end()
  }
}

async function leaseServer() {
  let owned: EmbeddedPostgres | undefined
  await withLeaseLock(async () => {
    fs.mkdirSync(leasesDir, { recursive: true })
    fs.writeFileSync(path.join(leasesDir, String(process.pid)), '')
    if (!(await isAcceptingConnections(serverUrl))) {
      owned = await startEmbeddedPostgres({
        name: TEST_POSTGRES.name,
        port: TEST_POSTGRES.port,
        ephemeral: true,
      })
    }
    // Alone on the server: any test database still there was left by a killed run.
    if (liveLeases().length === 1) await dropLeftoverDatabases()
  })
  return {
    release: () =>
      withLeaseLock(async () => {
        fs.rmSync(path.join(leasesDir, String(process.pid)), { force: true })
        if (liveLeases().length > 0) return
        if (owned) owned.stop()
        else await stopUnownedServer()
      }),
  }
}

/**
 * Builds the template from the migrations folder, or keeps the one built by an earlier run
 * when the migrations are unchanged (their names and checksums are stored as its comment).
 */
async function ensureTemplate() {
  const migrations = await readMigrations(defaultMigrationsDir())
  const fingerprint = createHash('sha256')
    .update(migrations.map((migration) => `${migration.name}:${migration.checksum}`).join('\n'))
    .digest('hex')
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK_KEY])
    const { rows } = await client.query<{ comment: string | null }>(
      "SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1",
      [TEMPLATE_DATABASE],
    )
    if (rows[0]?.comment === fingerprint) return
    await dropDatabase(serverUrl, TEMPLATE_DATABASE)
    await createDatabase(serverUrl, TEMPLATE_DATABASE)
    // applyMigrations closes its connection: CREATE DATABASE … TEMPLATE needs the template idle.
    await applyMigrations(databaseUrl(serverUrl, TEMPLATE_DATABASE))
    await client.query(`COMMENT ON DATABASE ${quoteIdent(TEMPLATE_DATABASE)} IS '${fingerprint}'`)
  } finally {
    await client.end()
  }
}

export default async function setup(project: TestProject) {
  const lease = await leaseServer()
  try {
    await ensureTemplate()
  } catch (error) {
    await lease.release()
    throw error
  }
  project.provide('testDatabaseServerUrl', serverUrl)
  project.provide('testTemplateDatabase', TEMPLATE_DATABASE)
  return () => lease.release()
}
