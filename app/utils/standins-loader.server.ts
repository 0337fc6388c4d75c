/**
 * Starts the local stand-ins for Stripe, Twilio, Resend and Halaxy (dev server and test build).
 * The production build swaps this module for no-standins.server.ts (scripts/build-server.ts),
 * so it holds no stand-in code and a deployment cannot fake its vendors by mistake.
 */
export async function loadStandIns() {
  const { startStandIns } = await import('../../tests/mocks/index.ts')
  return startStandIns()
}
