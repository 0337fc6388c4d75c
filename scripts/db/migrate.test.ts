import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, inject, test } from 'vitest'
import { applyMigrations, createDatabase, databaseUrl, dropDatabase, MigrationError } from './migrate.ts'

const serverUrl = inject('testDatabaseServerUrl')
const projectMigrationsDir = path.resolve(import.meta.dirname, '../../prisma/migrations')
const scratchDatabases: string[] = []
const tempDirs: string[] = []

afterAll(async () => {
  for (const name of scratchDatabases) await dropDatabase(serverUrl, name)
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true })
})

async function scratchDatabase() {
  const name = `scratch_${randomBytes(6).toString('hex')}`
  await createDatabase(serverUrl, name)
  scratchDatabases.push(name)
  return databaseUrl(serverUrl, name)
}

function migrationsDir(migrations: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-migrations-'))
  tempDirs.push(dir)
  for (const [name, sql] of Object.entries(migrations)) writeMigration(dir, name, sql)
  return dir
}

function writeMigration(dir: string, name: string, sql: string) {
  fs.mkdirSync(path.join(dir, name), { recursive: true })
  fs.writeFileSync(path.join(dir, name, 'migration.sql'), sql)
}

type Row = {
  id: string
  checksum: string
  migration_name: string
  started_at: Date
  finished_at: Date | null
  rolled_back_at: Date | null
  logs: string | null
  applied_steps_count: number
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<T>(sql)).rows
  } finally {
    await client.end()
  }
}

const migrationRows = (url: string) =>
  query<Row>(url, 'SELECT * FROM "_prisma_migrations" ORDER BY started_at, migration_name')

function projectMigrationNames() {
  return fs
    .readdirSync(projectMigrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
}

describe('applyMigrations', () => {
  test('applies every migration in folder order and records it as Prisma does', async () => {
    const url = await scratchDatabase()
    const names = projectMigrationNames()
    expect(names.length).toBeGreaterThanOrEqual(2)

    const result = await applyMigrations(url, { migrationsDir: projectMigrationsDir })

    expect(result).toEqual({ applied: names, alreadyApplied: 0 })
    const rows = await migrationRows(url)
    expect(rows.map((row) => row.migration_name)).toEqual(names)
    for (const row of rows) {
      const bytes = fs.readFileSync(path.join(projectMigrationsDir, row.migration_name, 'migration.sql'))
      expect(row.checksum).toBe(createHash('sha256').update(bytes).digest('hex'))
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      expect(row.applied_steps_count).toBe(1)
      expect(row.finished_at).not.toBeNull()
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime())
      expect(row.rolled_back_at).toBeNull()
      expect(row.logs).toBeNull()
    }
    // The roles migration ran after init created its tables.
    const roles = await query<{ id: string }>(url, 'SELECT id FROM "Role" ORDER BY id')
    expect(roles.map((role) => role.id)).toEqual(['role_manager', 'role_patient', 'role_psychologist'])
  })

  test('creates _prisma_migrations with exactly the columns Prisma uses', async () => {
    const url = await scratchDatabase()
    await applyMigrations(url, { migrationsDir: migrationsDir({}) })

    const columns = await query<{
      column_name: string
      type: string
      is_nullable: string
      column_default: string | null
    }>(
      url,
      `SELECT column_name, format_type(a.atttypid, a.atttypmod) AS type, is_nullable, column_default
         FROM information_schema.columns c
         JOIN pg_attribute a ON a.attrelid = '"_prisma_migrations"'::regclass AND a.attname = c.column_name
        WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    )
    expect(columns).toEqual([
      { column_name: 'id', type: 'character varying(36)', is_nullable: 'NO', column_default: null },
      { column_name: 'checksum', type: 'character varying(64)', is_nullable: 'NO', column_default: null },
      {
        column_name: 'finished_at',
        type: 'timestamp with time zone',
        is_nullable: 'YES',
        column_default: null,
      },
      {
        column_name: 'migration_name',
        type: 'character varying(255)',
        is_nullable: 'NO',
        column_default: null,
      },
      { column_name: 'logs', type: 'text', is_nullable: 'YES', column_default: null },
      {
        column_name: 'rolled_back_at',
        type: 'timestamp with time zone',
        is_nullable: 'YES',
        column_default: null,
      },
      {
        column_name: 'started_at',
        type: 'timestamp with time zone',
        is_nullable: 'NO',
        column_default: 'now()',
      },
      { column_name: 'applied_steps_count', type: 'integer', is_nullable: 'NO', column_default: '0' },
    ])
  })

  test('a second run applies nothing', async () => {
    const url = await scratchDatabase()
    await applyMigrations(url, { migrationsDir: projectMigrationsDir })
    const before = await migrationRows(url)

    const result = await applyMigrations(url, { migrationsDir: projectMigrationsDir })

    expect(result).toEqual({ applied: [], alreadyApplied: before.length })
    expect(await migrationRows(url)).toEqual(before)
  })

  test('concurrent runners apply each migration exactly once', async () => {
    const url = await scratchDatabase()
    const names = projectMigrationNames()

    const results = await Promise.all(
      Array.from({ length: 4 }, () => applyMigrations(url, { migrationsDir: projectMigrationsDir })),
    )

    expect(results.flatMap((result) => result.applied).sort()).toEqual(names)
    const rows = await migrationRows(url)
    expect(rows.map((row) => row.migration_name)).toEqual(names)
    expect(rows.every((row) => row.finished_at !== null)).toBe(true)
  })

  test('a failing migration is recorded as failed, and later runs refuse until it is resolved', async () => {
    const url = await scratchDatabase()
    const dir = migrationsDir({
      '20260101000000_first': 'CREATE TABLE "First" ("id" TEXT PRIMARY KEY);',
      '20260102000000_broken':
        'CREATE TABLE "Second" ("id" TEXT PRIMARY KEY);\nINSERT INTO "Missing" VALUES (1);',
      '20260103000000_third': 'CREATE TABLE "Third" ("id" TEXT PRIMARY KEY);',
    })

    const failure = await applyMigrations(url, { migrationsDir: dir }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(MigrationError)
    expect((failure as MigrationError).migrationName).toBe('20260102000000_broken')
    expect((failure as Error).message).toContain('20260102000000_broken')
    expect((failure as Error).message).toContain('relation "Missing" does not exist')

    const rows = await migrationRows(url)
    expect(rows.map((row) => row.migration_name)).toEqual(['20260101000000_first', '20260102000000_broken'])
    const broken = rows[1]!
    expect(broken.finished_at).toBeNull()
    expect(broken.rolled_back_at).toBeNull()
    expect(broken.applied_steps_count).toBe(0)
    expect(broken.logs).toContain('relation "Missing" does not exist')
    expect(broken.logs).toContain('42P01')
    // The script ran as one transaction: its first statement was rolled back with the second.
    const tables = await query<{ table_name: string }>(
      url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    )
    expect(tables.map((table) => table.table_name)).toEqual(['First', '_prisma_migrations'])

    // Even with the migration fixed, nothing runs until the failure is resolved (Prisma's P3009).
    writeMigration(dir, '20260102000000_broken', 'CREATE TABLE "Second" ("id" TEXT PRIMARY KEY);')
    const refusal = await applyMigrations(url, { migrationsDir: dir }).catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(MigrationError)
    expect((refusal as MigrationError).prismaCode).toBe('P3009')
    expect((refusal as Error).message).toContain('20260102000000_broken')
    expect(await migrationRows(url)).toHaveLength(2)

    // `prisma migrate resolve --rolled-back` marks the row; then the fixed migration applies.
    await query(url, `UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE id = '${broken.id}'`)
    const result = await applyMigrations(url, { migrationsDir: dir })
    expect(result.applied).toEqual(['20260102000000_broken', '20260103000000_third'])
  })

  test('refuses when a migration was edited after it was applied', async () => {
    const url = await scratchDatabase()
    const dir = migrationsDir({ '20260101000000_first': 'CREATE TABLE "First" ("id" TEXT PRIMARY KEY);\n' })
    await applyMigrations(url, { migrationsDir: dir })

    writeMigration(
      dir,
      '20260101000000_first',
      'CREATE TABLE "First" ("id" TEXT PRIMARY KEY, "name" TEXT);\n',
    )
    writeMigration(dir, '20260102000000_second', 'CREATE TABLE "Second" ("id" TEXT PRIMARY KEY);\n')
    const refusal = await applyMigrations(url, { migrationsDir: dir }).catch((error: unknown) => error)

    expect(refusal).toBeInstanceOf(MigrationError)
    expect((refusal as Error).message).toMatch(/20260101000000_first was modified after it was applied/)
    expect(await migrationRows(url)).toHaveLength(1)
  })

  test("honours Prisma's ?schema= parameter", async () => {
    const url = await scratchDatabase()
    const dir = migrationsDir({ '20260101000000_first': 'CREATE TABLE "First" ("id" TEXT PRIMARY KEY);' })

    await applyMigrations(`${url}?schema=tenant`, { migrationsDir: dir })

    const tables = await query<{ table: string }>(
      url,
      "SELECT table_schema || '.' || table_name AS table FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1",
    )
    expect(tables.map((row) => row.table)).toEqual(['tenant.First', 'tenant._prisma_migrations'])
  })

  test('accepts a migration whose only change is its line endings, as Prisma does', async () => {
    const url = await scratchDatabase()
    const dir = migrationsDir({
      '20260101000000_first': 'CREATE TABLE "First" (\n  "id" TEXT PRIMARY KEY\n);\n',
    })
    await applyMigrations(url, { migrationsDir: dir })

    writeMigration(dir, '20260101000000_first', 'CREATE TABLE "First" (\r\n  "id" TEXT PRIMARY KEY\r\n);\r\n')

    await expect(applyMigrations(url, { migrationsDir: dir })).resolves.toEqual({
      applied: [],
      alreadyApplied: 1,
    })
  })
})
