import os from 'node:os'
import path from 'node:path'

export const E2E_PORT = 3100
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`
export const E2E_OUTBOX_DIR = path.join(os.tmpdir(), 'haven-outbox', 'e2e')
export const DEMO_PASSWORD = 'Haven-demo-2026!'
