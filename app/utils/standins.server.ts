/**
 * The local stand-ins (fake Resend, Stripe, Twilio, Halaxy and the dev pages that show
 * what they recorded) run only when HAVEN_STANDINS is exactly "true". Env validation
 * refuses that flag in a real deployment.
 */
export function standInsEnabled(env: Record<string, string | undefined> = process.env) {
  return env.HAVEN_STANDINS === 'true'
}

/** Guards every dev-only loader and action: without stand-ins the page doesn't exist. */
export function requireStandIns() {
  if (!standInsEnabled()) throw new Response('Not Found', { status: 404, statusText: 'Not Found' })
}
