/**
 * The local stand-ins (fake Resend, Stripe, Twilio, Halaxy and the dev pages that show
 * what they recorded) run only when HAVEN_STANDINS is exactly "true". Env validation
 * refuses that flag in a real deployment, and the production build has no stand-ins at all
 * (app/utils/no-standins.server.ts).
 */
export function standInsEnabled(env: Record<string, string | undefined> = process.env) {
  return env.HAVEN_STANDINS === 'true'
}
