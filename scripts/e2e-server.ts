// Playwright's web server: the test build (`npm run build:test`: the production build plus the
// dev pages and stand-ins) against a fresh embedded database, with the demo practice seeded, the
// worker running and every vendor on its local stand-in.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PrismaPg } from '@prisma/adapter-pg'
import { HALAXY_STANDIN_DEFAULTS } from '../app/domain/halaxy/client.server.ts'
import { PrismaClient } from '../app/generated/prisma/client.ts'
import {
  E2E_CHANGE_NOTICE_DELAY_SECONDS,
  E2E_DATABASE,
  E2E_HALAXY_CONTROL_PORT,
  E2E_HALAXY_PORT,
  E2E_OUTBOX_DIR,
  E2E_PORT,
  E2E_POSTGRES_PORT,
  E2E_RECORDS_ENCRYPTION_KEYS,
  E2E_RUN,
  E2E_SESSION_SECRET,
} from '../tests/e2e/settings.ts'
import { runDemoSeed } from '../prisma/seed.ts'
import { runServerName, startEmbeddedPostgres, sweepAbandonedRunServers } from './db/embedded-postgres.ts'
import { applyMigrations, createDatabase, dropDatabase } from './db/migrate.ts'
import { nodeProcess, runTogether, tsxProcess } from './process-group.ts'

if (!fs.existsSync('build-test/app/server.js')) {
  console.error('No test build in build-test/: run `npm run build:test` first (`npm run test:e2e` does).')
  process.exit(1)
}

// This run's own server, named after the Playwright run that owns it (E2E_RUN), on its own port.
await sweepAbandonedRunServers()
const postgres = await startEmbeddedPostgres({
  name: runServerName('e2e', Number(E2E_RUN)),
  port: E2E_POSTGRES_PORT,
  ephemeral: true,
})
await dropDatabase(postgres.url('postgres'), E2E_DATABASE)
await createDatabase(postgres.url('postgres'), E2E_DATABASE)
const url = postgres.url(E2E_DATABASE)
await applyMigrations(url)

await runDemoSeed(url)
// The demo practice with this run's short change-notice delay (tests/e2e/settings.ts); dev keeps 2 minutes.
const seeded = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) })
try {
  await seeded.practice.update({
    where: { id: 'practice' },
    data: { changeNoticeDelaySeconds: E2E_CHANGE_NOTICE_DELAY_SECONDS },
  })
} finally {
  await seeded.$disconnect()
}

fs.rmSync(E2E_OUTBOX_DIR, { recursive: true, force: true })
// The Stripe stand-in's own folder, emptied too: no session or fault left from an earlier run.
const E2E_STRIPE_DIR = `e2e-${E2E_RUN}`
fs.rmSync(path.join(os.tmpdir(), 'haven-stripe', E2E_STRIPE_DIR), { recursive: true, force: true })
const E2E_TWILIO_VIDEO_DIR = `e2e-${E2E_RUN}`
fs.rmSync(path.join(os.tmpdir(), 'haven-twilio-video', E2E_TWILIO_VIDEO_DIR), {
  recursive: true,
  force: true,
})
// The same secret for Haven (which checks it) and the Halaxy stand-in (which sends it).
const HALAXY_WEBHOOK_SECRET = process.env.HALAXY_WEBHOOK_SECRET || HALAXY_STANDIN_DEFAULTS.webhookSecret

runTogether(
  [
    nodeProcess('web', 'build-test/app/server.js'),
    nodeProcess('worker', 'build-test/app/worker.js'),
    // A fresh local Halaxy for each run, on its own ports (dev's may be running beside it).
    tsxProcess('halaxy', 'tests/fakes/halaxy/run.ts'),
  ],
  {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(E2E_PORT),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    DATABASE_URL: url,
    APP_URL: `http://localhost:${E2E_PORT}`,
    SESSION_SECRET: E2E_SESSION_SECRET,
    RECORDS_ENCRYPTION_KEYS: E2E_RECORDS_ENCRYPTION_KEYS,
    HAVEN_STANDINS: 'true',
    RESEND_API_KEY: 're_local_standin',
    HAVEN_OUTBOX_DIR: E2E_OUTBOX_DIR,
    HAVEN_STRIPE_DIR: E2E_STRIPE_DIR,
    // Twilio Video's rooms, shared by the worker (creates) and the web's signalling server (joins).
    HAVEN_TWILIO_VIDEO_DIR: E2E_TWILIO_VIDEO_DIR,
    HALAXY_STANDIN_PORT: String(E2E_HALAXY_PORT),
    HALAXY_STANDIN_CONTROL_PORT: String(E2E_HALAXY_CONTROL_PORT),
    HALAXY_BASE_URL: `http://127.0.0.1:${E2E_HALAXY_PORT}/main/`,
    HAVEN_STRIPE_WEBHOOK_URL: `http://localhost:${E2E_PORT}/webhooks/stripe`,
    // Each SMS's and video room's status callbacks go to its StatusCallback (APP_URL's /webhooks/twilio/…).
    HAVEN_TWILIO_CALLBACKS: 'post',
    HALAXY_WEBHOOK_SECRET,
    HALAXY_STANDIN_WEBHOOK_URL: `http://localhost:${E2E_PORT}/webhooks/halaxy/`,
    HALAXY_STANDIN_WEBHOOK_AUTH: `Bearer ${HALAXY_WEBHOOK_SECRET}`,
    // Every browser of the run signs up, signs in and books from one address.
    RATE_LIMIT_IP_MULTIPLIER: '100',
  },
  async (code) => {
    postgres.stop()
    fs.rmSync(E2E_OUTBOX_DIR, { recursive: true, force: true })
    fs.rmSync(path.join(os.tmpdir(), 'haven-stripe', E2E_STRIPE_DIR), { recursive: true, force: true })
    fs.rmSync(path.join(os.tmpdir(), 'haven-twilio-video', E2E_TWILIO_VIDEO_DIR), {
      recursive: true,
      force: true,
    })
    process.exit(code)
  },
)
