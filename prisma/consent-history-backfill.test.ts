import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, expect, inject, test } from 'vitest'
import { applyMigrations, createDatabase, databaseUrl, dropDatabase } from '../scripts/db/migrate.ts'

const serverUrl = inject('testDatabaseServerUrl')
const migrationsDir = path.resolve(import.meta.dirname, 'migrations')
const HISTORY = '20261203120000_consent_history'
const scratch = `scratch_${randomBytes(6).toString('hex')}`
const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-migrations-'))

afterAll(async () => {
  await dropDatabase(serverUrl, scratch)
  fs.rmSync(tempDir, { recursive: true, force: true })
})

/** The project's migrations up to (and, with `including`, with) the consent history one. */
function migrationsUpTo(including: boolean) {
  for (const name of fs.readdirSync(migrationsDir)) {
    const upTo = including ? name <= HISTORY : name < HISTORY
    if (name.endsWith('.toml') || !upTo || fs.existsSync(path.join(tempDir, name))) continue
    fs.cpSync(path.join(migrationsDir, name), path.join(tempDir, name), { recursive: true })
  }
  return tempDir
}

test('the consent history begins with every decision already recorded', async () => {
  await createDatabase(serverUrl, scratch)
  const url = databaseUrl(serverUrl, scratch)
  await applyMigrations(url, { migrationsDir: migrationsUpTo(false) })
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(`
      INSERT INTO "User" ("id", "email", "name", "updatedAt") VALUES ('u_1', 'sam@example.com', 'Sam', now());
      INSERT INTO "ConsentRecord" ("id", "userId", "policyId", "accepted", "decidedAt") VALUES
        ('cr_1', 'u_1', 'policy_privacy_v1', true, '2026-11-20T01:00:00Z'),
        ('cr_2', 'u_1', 'policy_sms_v1', false, '2026-11-21T02:00:00Z');
    `)
    await applyMigrations(url, { migrationsDir: migrationsUpTo(true) })
    const { rows } = await client.query(
      `SELECT "userId", "kind", "version", "accepted", "decidedAt", "actorId", "source"
       FROM "ConsentDecision" ORDER BY "decidedAt"`,
    )
    expect(rows).toEqual([
      {
        userId: 'u_1',
        kind: 'privacy',
        version: 1,
        accepted: true,
        decidedAt: new Date('2026-11-20T01:00:00Z'),
        actorId: 'u_1',
        source: 'backfill',
      },
      {
        userId: 'u_1',
        kind: 'sms',
        version: 1,
        accepted: false,
        decidedAt: new Date('2026-11-21T02:00:00Z'),
        actorId: 'u_1',
        source: 'backfill',
      },
    ])
  } finally {
    await client.end()
  }
})
