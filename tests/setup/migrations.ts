// For tests of what one migration does to rows that exist before it runs.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { inject } from 'vitest'
import { applyMigrations, createDatabase, databaseUrl, dropDatabase } from '../../scripts/db/migrate.ts'

const migrationsDir = path.resolve(import.meta.dirname, '../../prisma/migrations')

/** A folder holding the project's migrations before `migration`, and `migration` too when `including`. */
function migrationsUpTo(migration: string, including: boolean) {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-migrations-'))
  for (const name of fs.readdirSync(migrationsDir)) {
    if (name.endsWith('.toml') || (including ? name > migration : name >= migration)) continue
    fs.cpSync(path.join(migrationsDir, name), path.join(folder, name), { recursive: true })
  }
  return folder
}

/**
 * A scratch database migrated up to just before `migration`: fill it with the rows the migration
 * meets in production, then `applyIt()`. `drop()` removes the database and the copied folders.
 */
export async function databaseBefore(migration: string) {
  if (!fs.existsSync(path.join(migrationsDir, migration))) throw new Error(`no migration ${migration}`)
  const serverUrl = inject('testDatabaseServerUrl')
  const name = `scratch_${randomBytes(6).toString('hex')}`
  await createDatabase(serverUrl, name)
  const url = databaseUrl(serverUrl, name)
  const folders: string[] = []
  const migrate = async (including: boolean) => {
    folders.push(migrationsUpTo(migration, including))
    await applyMigrations(url, { migrationsDir: folders.at(-1) })
  }
  await migrate(false)
  return {
    url,
    applyIt: () => migrate(true),
    async drop() {
      await dropDatabase(serverUrl, name)
      for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true })
    },
  }
}
