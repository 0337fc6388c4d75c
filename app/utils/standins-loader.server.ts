import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

type StandIns = { startStandIns: () => Promise<() => Promise<void>> | (() => Promise<void>) | (() => void) }

/**
 * Starts the local stand-ins for Stripe, Twilio, Resend and Halaxy (dev and tests). They
 * are bundled apart from the server (build/app/standins.js) and the production image
 * leaves that file out, so a real deployment cannot fake its vendors by mistake.
 */
export async function loadStandIns() {
  const bundled = new URL('./standins.js', import.meta.url)
  const source = new URL('../../tests/mocks/index.ts', import.meta.url)
  const target = existsSync(fileURLToPath(bundled)) ? bundled : source
  const standIns = (await import(target.href)) as StandIns
  return standIns.startStandIns()
}
