// The dev database's clinical records key, made on first use and kept beside the embedded
// database's data (the system temp folder), one per dev database: notes written under
// `npm run dev` stay readable across restarts and from every checkout that shares the server.
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DEV_POSTGRES } from './dev-server.ts'

const KEYS_DIR = path.join(os.tmpdir(), 'haven-records-keys')

function keyFile(databaseUrl: string | undefined) {
  const name = databaseUrl
    ? `url-${createHash('sha256').update(databaseUrl).digest('hex').slice(0, 16)}`
    : `${DEV_POSTGRES.name}-${DEV_POSTGRES.database}`
  return path.join(KEYS_DIR, `${name}.keys`)
}

/** RECORDS_ENCRYPTION_KEYS for development: the one set (e.g. in .env), else the dev database's own. */
export function devRecordsEncryptionKeys(env: Record<string, string | undefined> = process.env): string {
  if (env.RECORDS_ENCRYPTION_KEYS) return env.RECORDS_ENCRYPTION_KEYS
  const file = keyFile(env.DATABASE_URL)
  if (!fs.existsSync(file)) {
    fs.mkdirSync(KEYS_DIR, { recursive: true, mode: 0o700 })
    try {
      fs.writeFileSync(file, `dev:${randomBytes(32).toString('base64')}`, { mode: 0o600, flag: 'wx' })
    } catch (error) {
      // Another process made it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
  }
  return fs.readFileSync(file, 'utf8').trim()
}
