// Applies prisma/migrations itself, because Prisma's CLI needs a schema engine it cannot
// download here. Everything it writes to `_prisma_migrations` matches what Prisma writes, so
// `prisma migrate deploy/status` on a connected machine sees the same history (see
// /work/shared/PRISMA.md and docs/decisions). Uses plain `pg` so it bundles into one file.
import { createHash, randomUUID } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import pg from 'pg'

/** The key Prisma's schema engine locks while migrating; sharing it serialises us with Prisma too. */
const PRISMA_MIGRATE_LOCK_KEY = 72707369

const MIGRATIONS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"            VARCHAR(64) NOT NULL,
    "finished_at"         TIMESTAMPTZ,
    "migration_name"      VARCHAR(255) NOT NULL,
    "logs"                TEXT,
    "rolled_back_at"      TIMESTAMPTZ,
    "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`

type LocalMigration = { name: string; sql: string; checksum: string }

type MigrateOptions = {
  /** Defaults to prisma/migrations under the working directory (where the production image keeps them). */
  migrationsDir?: string
  log?: (line: string) => void
}

type MigrateResult = {
  /** Names applied by this run, in order. */
  applied: string[]
  /** How many local migrations were already applied before this run. */
  alreadyApplied: number
}

type MigrationRow = {
  id: string
  migration_name: string
  checksum: string
  started_at: Date
  finished_at: Date | null
  rolled_back_at: Date | null
}

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly migrationName: string,
    /** The Prisma error code a Prisma CLI would report for the same state, when there is one. */
    readonly prismaCode?: string,
  ) {
    super(message)
    this.name = 'MigrationError'
  }
}

function defaultMigrationsDir() {
  return path.resolve(process.cwd(), 'prisma/migrations')
}

function sha256Hex(content: string | Buffer) {
  return createHash('sha256').update(content).digest('hex')
}

/** Every `<folder>/migration.sql`, in folder-name order, as Prisma orders them. */
async function readMigrations(migrationsDir = defaultMigrationsDir()): Promise<LocalMigration[]> {
  let entries
  try {
    entries = await fs.readdir(migrationsDir, { withFileTypes: true })
  } catch (error) {
    throw new Error(`Cannot read the migrations folder ${migrationsDir}: ${(error as Error).message}`)
  }
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
  const migrations: LocalMigration[] = []
  for (const name of names) {
    const file = path.join(migrationsDir, name, 'migration.sql')
    let bytes: Buffer
    try {
      bytes = await fs.readFile(file)
    } catch {
      continue // Prisma ignores folders without a migration.sql too.
    }
    migrations.push({ name, sql: bytes.toString('utf8'), checksum: sha256Hex(bytes) })
  }
  return migrations
}

/**
 * A Git checkout with autocrlf changes line endings but not the migration; Prisma accepts
 * such a file as unchanged, so we do too.
 */
function checksumMatches(migration: LocalMigration, recorded: string) {
  if (migration.checksum === recorded) return true
  const lf = migration.sql.replaceAll('\r\n', '\n')
  return sha256Hex(lf) === recorded || sha256Hex(lf.replaceAll('\n', '\r\n')) === recorded
}

function describePgError(error: unknown) {
  const e = error as Partial<pg.DatabaseError> & Error
  const lines = [e.message]
  if (e.detail) lines.push(`DETAIL: ${e.detail}`)
  if (e.hint) lines.push(`HINT: ${e.hint}`)
  if (e.position) lines.push(`POSITION: ${e.position}`)
  return { code: e.code, lines }
}

function schemaParameter(databaseUrl: string) {
  try {
    return new URL(databaseUrl).searchParams.get('schema')
  } catch {
    return null
  }
}

/** The URL with its password hidden, for messages. */
export function redactUrl(databaseUrl: string) {
  try {
    const url = new URL(databaseUrl)
    if (url.password) url.password = '***'
    return url.toString()
  } catch {
    return '(unparseable DATABASE_URL)'
  }
}

/**
 * Applies every migration not yet applied, each as one script (PostgreSQL runs a multi-statement
 * script as one implicit transaction, exactly as when Prisma sends it), while holding Prisma's
 * advisory lock so concurrent runners (or Prisma itself) apply each migration once.
 */
export async function applyMigrations(
  databaseUrl: string,
  options: MigrateOptions = {},
): Promise<MigrateResult> {
  const log = options.log ?? (() => {})
  const local = await readMigrations(options.migrationsDir ?? defaultMigrationsDir())
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    // Prisma's `?schema=` URL parameter, which pg ignores: migrations go where Prisma would put them.
    const schema = schemaParameter(databaseUrl)
    if (schema) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`)
      await client.query(`SET search_path TO ${quoteIdent(schema)}`)
    }
    const { rows: lockRows } = await client.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock($1) AS locked',
      [PRISMA_MIGRATE_LOCK_KEY],
    )
    if (!lockRows[0]?.locked) {
      log('waiting for another migration run to finish')
      await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK_KEY])
    }
    try {
      return await migrateLocked(client, local, log)
    } finally {
      // Ending the session releases the lock anyway; never mask the real error with this one.
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK_KEY]).catch(() => {})
    }
  } finally {
    await client.end()
  }
}

async function migrateLocked(
  client: pg.Client,
  local: LocalMigration[],
  log: (line: string) => void,
): Promise<MigrateResult> {
  await client.query(MIGRATIONS_TABLE_DDL)
  const { rows } = await client.query<MigrationRow>(
    'SELECT id, migration_name, checksum, started_at, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at, migration_name',
  )

  const failed = rows.find((row) => row.finished_at === null && row.rolled_back_at === null)
  if (failed) {
    throw new MigrationError(
      `Migration ${failed.migration_name} started at ${failed.started_at.toISOString()} failed and was never resolved, ` +
        'so no new migrations will be applied (Prisma P3009). Repair the database, then record the outcome with ' +
        `\`prisma migrate resolve --rolled-back ${failed.migration_name}\` (or --applied), or ` +
        `UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE id = '${failed.id}'.`,
      failed.migration_name,
      'P3009',
    )
  }

  const applied = new Map(
    rows
      .filter((row) => row.finished_at !== null && row.rolled_back_at === null)
      .map((row) => [row.migration_name, row]),
  )

  for (const migration of local) {
    const row = applied.get(migration.name)
    if (row && !checksumMatches(migration, row.checksum)) {
      throw new MigrationError(
        `Migration ${migration.name} was modified after it was applied (checksum ${row.checksum} in the database, ` +
          `${migration.checksum} on disk). A landed migration must never be edited: restore it and put the change in a new migration.`,
        migration.name,
      )
    }
  }
  const localNames = new Set(local.map((migration) => migration.name))
  for (const name of applied.keys()) {
    // Normal while rolling back to an older image; worth a line, not a failure.
    if (!localNames.has(name))
      log(`warning: ${name} is applied to the database but missing from the migrations folder`)
  }

  const pending = local.filter((migration) => !applied.has(migration.name))
  for (const migration of pending) {
    await applyOne(client, migration)
    log(`applied ${migration.name}`)
  }
  return {
    applied: pending.map((migration) => migration.name),
    alreadyApplied: local.length - pending.length,
  }
}

async function applyOne(client: pg.Client, migration: LocalMigration) {
  const id = randomUUID()
  await client.query(
    `INSERT INTO "_prisma_migrations" (id, checksum, started_at, finished_at, migration_name, logs, rolled_back_at, applied_steps_count)
     VALUES ($1, $2, now(), NULL, $3, NULL, NULL, 0)`,
    [id, migration.checksum, migration.name],
  )
  try {
    // No parameters: pg sends a simple query, so the whole script runs as one implicit transaction.
    await client.query(migration.sql)
  } catch (error) {
    const { code, lines } = describePgError(error)
    // A script with its own BEGIN can leave the session in an aborted transaction.
    await client.query('ROLLBACK').catch(() => {})
    const logs =
      'A migration failed to apply. New migrations cannot be applied before the error is recovered from.\n\n' +
      `Migration name: ${migration.name}\n\n` +
      (code ? `Database error code: ${code}\n\n` : '') +
      `Database error:\n${lines.join('\n')}\n`
    await client.query('UPDATE "_prisma_migrations" SET logs = $1 WHERE id = $2', [logs, id])
    throw new MigrationError(
      `Migration ${migration.name} failed${code ? ` (SQLSTATE ${code})` : ''}: ${lines.join('; ')}`,
      migration.name,
      'P3018',
    )
  }
  await client.query(
    'UPDATE "_prisma_migrations" SET applied_steps_count = applied_steps_count + 1, finished_at = now() WHERE id = $1',
    [id],
  )
}

// ───────────── small database admin helpers shared by the dev, reset and test tooling ─────────────

function quoteIdent(name: string) {
  return `"${name.replaceAll('"', '""')}"`
}

/** The same server URL pointing at another database. */
export function databaseUrl(serverUrl: string, database: string) {
  const url = new URL(serverUrl)
  url.pathname = `/${encodeURIComponent(database)}`
  return url.toString()
}

export function databaseName(url: string) {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''))
}

async function withMaintenanceClient<T>(
  serverUrl: string,
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl(serverUrl, 'postgres') })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

export async function createDatabase(
  serverUrl: string,
  name: string,
  options: { template?: string; ifMissing?: boolean } = {},
) {
  await withMaintenanceClient(serverUrl, async (client) => {
    if (options.ifMissing) {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
      if (rowCount) return
    }
    const template = options.template ? ` TEMPLATE ${quoteIdent(options.template)}` : ''
    await client.query(`CREATE DATABASE ${quoteIdent(name)}${template}`)
  })
}

/** Drops the database, disconnecting anyone still connected (PostgreSQL 13+). */
export async function dropDatabase(serverUrl: string, name: string) {
  await withMaintenanceClient(serverUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`)
  })
}

export async function isAcceptingConnections(url: string, timeoutMs = 1_000) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs })
  try {
    await client.connect()
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}
