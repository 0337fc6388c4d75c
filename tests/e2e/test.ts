// The `test` every journey imports. Under `npm run test:dates` the machine's clock is moved
// with libfaketime, but Chromium cannot run under it (its zygote and network service crash), so
// the browser keeps the real clock (playwright.config.ts) and its pages' Date is moved to the
// runner's shifted time here, in every context a journey opens.
import { test as base, type BrowserContext } from '@playwright/test'

export { expect } from '@playwright/test'

const clockShifted = Boolean(process.env.FAKETIME)

async function shiftClock(context: BrowserContext) {
  // This process runs under libfaketime, so its Date.now() is the shifted time.
  if (clockShifted) await context.clock.setSystemTime(Date.now())
  return context
}

export const test = base.extend({
  browser: [
    async ({ browser }, use) => {
      if (clockShifted) {
        const newContext = browser.newContext.bind(browser)
        browser.newContext = async (options) => shiftClock(await newContext(options))
      }
      await use(browser)
    },
    { scope: 'worker' },
  ],
  context: async ({ context }, use) => {
    await use(await shiftClock(context))
  },
})
