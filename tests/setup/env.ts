// Vitest setupFiles entry (before per-file.ts): the environment the app validates at boot,
// with the local stand-ins on, an outbox folder and a records key of this file's own.
import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

process.env.APP_URL = 'http://localhost:3000'
process.env.SESSION_SECRET = 'test-session-secret-0123456789abcdef0123456789'
process.env.HAVEN_STANDINS = 'true'
process.env.RESEND_API_KEY = 're_test_standin'
process.env.HAVEN_OUTBOX_DIR = mkdtempSync(path.join(os.tmpdir(), 'haven-outbox-test-'))
process.env.RECORDS_ENCRYPTION_KEYS = `test:${randomBytes(32).toString('base64')}`
