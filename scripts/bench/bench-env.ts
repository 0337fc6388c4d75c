import { randomBytes } from 'node:crypto'

/**
 * The environment the app validates (app/utils/env.server.ts), for a bench that runs app code in
 * its own process against its own database, with the local stand-ins. Set before any app code
 * reads it: the app reads it once.
 */
export function setBenchEnv(databaseUrl: string) {
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    APP_URL: 'http://localhost:3000',
    SESSION_SECRET: 'bench-only-session-secret-0123456789abcdef',
    HAVEN_STANDINS: 'true',
    // Clinical records are sealed under a key of the bench's own, gone with its database.
    RECORDS_ENCRYPTION_KEYS: `bench:${randomBytes(32).toString('base64')}`,
  })
}
