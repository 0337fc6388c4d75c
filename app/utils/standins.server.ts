import { type Env, getEnv } from './env.server.ts'

/**
 * The local stand-ins (fake Resend, Stripe, Twilio, Halaxy and the dev pages that show
 * what they recorded) run only when HAVEN_STANDINS is exactly "true". Env validation
 * refuses that flag in a real deployment, and the production build has no stand-ins at all
 * (app/utils/no-standins.server.ts).
 */
export function standInsEnabled(env: Partial<Pick<Env, 'HAVEN_STANDINS'>> = getEnv()) {
  return env.HAVEN_STANDINS === true
}
