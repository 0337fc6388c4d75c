// `npm run dev`: an embedded PostgreSQL (unless DATABASE_URL is set), migrations, the demo
// practice, then the web (Vite) and the worker, with local stand-ins for every vendor.
import { existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { HALAXY_STANDIN_DEFAULTS } from '../app/domain/halaxy/client.server.ts'
import { ensureDevDatabase } from './db/dev-database.ts'
import { devRecordsEncryptionKeys } from './db/dev-records-key.ts'
import { runTogether, tsxProcess } from './process-group.ts'

if (existsSync('.env')) process.loadEnvFile('.env')

// Before the seed runs: it writes through the app's code, as the web and the worker do.
process.env.RECORDS_ENCRYPTION_KEYS = devRecordsEncryptionKeys()

const started = Date.now()
const database = await ensureDevDatabase({ seed: true })
const port = process.env.PORT ?? '3000'

const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: 'development',
  PORT: port,
  DATABASE_URL: database.url,
  APP_URL: process.env.APP_URL ?? `http://localhost:${port}`,
  // Development only; production reads a real secret from the environment.
  SESSION_SECRET: process.env.SESSION_SECRET ?? 'dev-only-session-secret-not-for-production-use',
  HAVEN_STANDINS: process.env.HAVEN_STANDINS ?? 'true',
  HAVEN_OUTBOX_DIR: process.env.HAVEN_OUTBOX_DIR ?? path.join(os.tmpdir(), 'haven-outbox', 'dev'),
}
if (env.HAVEN_STANDINS === 'true') env.RESEND_API_KEY ??= 're_local_standin'
if (env.HAVEN_STANDINS === 'true') env.HAVEN_STRIPE_WEBHOOK_URL ??= `${env.APP_URL}/webhooks/stripe`
// The Twilio stand-in posts each SMS's status callbacks to the app, as Twilio does.
if (env.HAVEN_STANDINS === 'true') env.HAVEN_TWILIO_CALLBACKS ??= 'post'

// Without a real Halaxy account, a local Halaxy (its records kept beside the dev database's).
const halaxyStandIn = env.HAVEN_STANDINS === 'true' && !env.HALAXY_BASE_URL
if (halaxyStandIn) {
  env.HALAXY_STANDIN_STATE ??= path.join(os.tmpdir(), 'haven-halaxy', `${path.basename(database.url)}.json`)
  // Its front-end changes reach Haven's webhook route, signed with the secret Haven expects.
  env.HALAXY_STANDIN_WEBHOOK_URL ??= `${env.APP_URL}/webhooks/halaxy/`
  env.HALAXY_STANDIN_WEBHOOK_AUTH ??= `Bearer ${env.HALAXY_WEBHOOK_SECRET || HALAXY_STANDIN_DEFAULTS.webhookSecret}`
}

console.log(`Database ready in ${((Date.now() - started) / 1000).toFixed(1)} s; starting web and worker…`)
const processes = [tsxProcess('web', 'server.ts'), tsxProcess('worker', 'jobs/worker.ts')]
if (halaxyStandIn) processes.push(tsxProcess('halaxy', 'tests/fakes/halaxy/run.ts'))
runTogether(processes, env, async (code) => {
  database.stop()
  process.exit(code)
})
