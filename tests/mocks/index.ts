import { http, passthrough, type AnyHandler } from 'msw'
import { setupServer, type SetupServer } from 'msw/node'
import { resendHandlers } from './resend.ts'
import { stripeHandlers } from './stripe/handlers.ts'
import { twilioHandlers } from './twilio/handlers.ts'
import { twilioVideoHandlers } from './twilio/video-handlers.ts'

/** Every vendor stand-in msw answers (Halaxy's is a local server: tests/fakes/halaxy). */
const handlers: AnyHandler[] = [
  ...resendHandlers,
  ...stripeHandlers,
  ...twilioHandlers,
  ...twilioVideoHandlers,
]

// The app's own local services (Postgres over HTTP tooling, the dev server, the Halaxy
// stand-in) are real; everything else must be answered by a handler or fail.
const localRequests = http.all(/^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?\//, () => passthrough())

type StandIns = { server: SetupServer; stop: () => void }

// Kept on globalThis so a module reloaded by Vite's dev server doesn't start a second interceptor.
const key = Symbol.for('haven.standIns')
const holder = globalThis as typeof globalThis & { [key]?: StandIns }

/**
 * Intercepts outgoing HTTP with the stand-ins. An unhandled request to anywhere but
 * localhost errors (and msw prints it) instead of reaching the internet.
 * Calling it again while running returns the same stop function.
 */
export function startStandIns(): () => void {
  const running = holder[key]
  if (running) return running.stop

  const server = setupServer(...handlers, localRequests)
  server.listen({ onUnhandledFrame: 'error' })
  const stop = () => {
    if (holder[key]?.server !== server) return
    server.close()
    delete holder[key]
  }
  holder[key] = { server, stop }
  return stop
}
