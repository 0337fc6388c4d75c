import { vi } from 'vitest'

/** The environment as deployed: no stand-ins, and the vendor keys validation then requires. */
export function stubDeployedEnv() {
  vi.stubEnv('HAVEN_STANDINS', 'false')
  vi.stubEnv('EMAIL_FROM', 'Haven <hello@haven.example>')
  vi.stubEnv('STRIPE_SECRET_KEY', 'sk_live_123')
  vi.stubEnv('STRIPE_WEBHOOK_SECRET', 'whsec_123')
}
