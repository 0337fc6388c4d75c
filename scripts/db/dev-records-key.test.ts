import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseEnv } from '../../app/utils/env.server.ts'
import { devRecordsEncryptionKeys } from './dev-records-key.ts'

const keysDir = path.join(os.tmpdir(), 'haven-records-keys')
const filesIn = () => (fs.existsSync(keysDir) ? fs.readdirSync(keysDir) : [])

describe('devRecordsEncryptionKeys', () => {
  it('makes a valid key once per database and gives the same one on every later start', () => {
    const before = new Set(filesIn())
    const one = { DATABASE_URL: `postgresql://u@localhost/${randomUUID()}` }
    const other = { DATABASE_URL: `postgresql://u@localhost/${randomUUID()}` }
    try {
      const key = devRecordsEncryptionKeys(one)
      expect(devRecordsEncryptionKeys(one)).toBe(key)
      expect(devRecordsEncryptionKeys(other)).not.toBe(key)
      expect(
        parseEnv({ ...process.env, RECORDS_ENCRYPTION_KEYS: key }).RECORDS_ENCRYPTION_KEYS?.[0]?.keyId,
      ).toBe('dev')
      const made = filesIn().filter((file) => !before.has(file))
      expect(made).toHaveLength(2)
      for (const file of made) expect(fs.statSync(path.join(keysDir, file)).mode & 0o077).toBe(0)
    } finally {
      for (const file of filesIn().filter((file) => !before.has(file))) fs.rmSync(path.join(keysDir, file))
    }
  })

  it('keeps a key set in the environment (.env)', () => {
    expect(devRecordsEncryptionKeys({ RECORDS_ENCRYPTION_KEYS: 'mine:abc', DATABASE_URL: 'x' })).toBe(
      'mine:abc',
    )
  })
})
