import { randomBytes } from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import { EMBEDDED_PG_PASSWORD, EMBEDDED_PG_USER } from '../../scripts/db/embedded-postgres.ts'
import { freePortsSync } from '../../scripts/free-ports.ts'

// Each Playwright run has ports and folders of its own, so two runs on one machine never share
// a server. The runner picks them once (here, when playwright.config.ts first loads) and passes
// them on through the environment, which its workers and the web server inherit.
if (!process.env.HAVEN_E2E_PORTS) {
  process.env.HAVEN_E2E_PORTS = freePortsSync(4).join(',')
  process.env.HAVEN_E2E_RUN = String(process.pid)
}
const [web, postgres, halaxy, halaxyControl] = process.env.HAVEN_E2E_PORTS.split(',').map(Number)
// Likewise one clinical records key per run (its database is fresh too).
process.env.HAVEN_E2E_RECORDS_KEYS ??= `e2e:${randomBytes(32).toString('base64')}`

export const E2E_PORT = web!
export const E2E_POSTGRES_PORT = postgres!
export const E2E_HALAXY_PORT = halaxy!
export const E2E_HALAXY_CONTROL = `http://127.0.0.1:${halaxyControl!}`
export const E2E_HALAXY_CONTROL_PORT = halaxyControl!
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`
/** Names this run's folders (outbox, Stripe stand-in state, PostgreSQL data). */
export const E2E_RUN = process.env.HAVEN_E2E_RUN ?? String(process.pid)
export const E2E_OUTBOX_DIR = path.join(os.tmpdir(), 'haven-outbox', `e2e-${E2E_RUN}`)
export const DEMO_PASSWORD = 'Haven-demo-2026!'
/**
 * How long this run's practice holds a move or cancellation notice before building it (dev and
 * production: 2 minutes), so journeys read notices in the outbox within seconds. Set once when
 * the server starts: the delay is practice-wide, and journeys run side by side.
 */
export const E2E_CHANGE_NOTICE_DELAY_SECONDS = 1
/** The e2e server's RECORDS_ENCRYPTION_KEYS. */
export const E2E_RECORDS_ENCRYPTION_KEYS = process.env.HAVEN_E2E_RECORDS_KEYS!
/** The e2e server's database and session secret, which the sign-in fixture uses too. */
export const E2E_DATABASE = 'haven_e2e'
export const E2E_DATABASE_URL = `postgresql://${EMBEDDED_PG_USER}:${EMBEDDED_PG_PASSWORD}@127.0.0.1:${E2E_POSTGRES_PORT}/${E2E_DATABASE}`
export const E2E_SESSION_SECRET = 'e2e-session-secret-0123456789abcdef0123456789'
