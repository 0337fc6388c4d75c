import { type Page } from '@playwright/test'
import { expect, test } from './test.ts'

/** The offered times on a profile: each instant and the label shown for it. */
async function offeredTimes(page: Page) {
  const pairs: [string, string][] = []
  for (const time of await page.locator('section[aria-labelledby="times"] time').all()) {
    pairs.push([(await time.getAttribute('datetime')) ?? '', (await time.textContent()) ?? ''])
  }
  return new Map(pairs)
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled })

    test('anyone can find a psychologist and see their free times in their own time zone', async ({
      page,
    }) => {
      await page.goto('/')
      await page.getByRole('link', { name: 'Find a psychologist' }).first().click()
      await expect(page.getByRole('heading', { level: 1, name: 'Find a psychologist' })).toBeVisible()
      await expect(page.getByText('4 psychologists')).toBeVisible()

      await page.getByLabel('Area of focus').selectOption('Grief and loss')
      await page.getByRole('button', { name: 'Show psychologists' }).click()
      await expect(page.getByText('1 psychologist', { exact: true })).toBeVisible()
      const card = page.getByRole('listitem').filter({ hasText: 'Daniel Tran' })
      await expect(card).toContainText('Speaks English, Vietnamese')
      await expect(card).toContainText(/Next available: .+ AE[DS]T/)

      await card.getByRole('link', { name: 'Daniel Tran' }).click()
      await expect(page.getByRole('heading', { level: 1, name: 'Daniel Tran' })).toBeVisible()
      await expect(page.getByRole('cell', { name: 'Standard session' })).toBeVisible()
      await expect(page.getByText(/Times are shown in AE[DS]T/)).toBeVisible()
      const sydneyTimes = await offeredTimes(page)
      expect(sydneyTimes.size).toBeGreaterThan(0)

      // The same instants, three hours earlier on the clock in Perth (two in winter). Other
      // journeys book and cancel this psychologist's times meanwhile, so the instants both
      // pages offer are compared, not the two lists whole.
      await page.getByLabel('Show times for').selectOption('Australia/Perth')
      await page.getByRole('button', { name: 'Show times' }).click()
      await expect(page.getByText('Times are shown in AWST')).toBeVisible()
      const perthTimes = await offeredTimes(page)
      const shared = [...perthTimes.keys()].filter((instant) => sydneyTimes.has(instant))
      expect(shared.length).toBeGreaterThan(0)
      for (const instant of shared) expect(perthTimes.get(instant)).not.toBe(sydneyTimes.get(instant))
    })
  })
}

test('an unknown psychologist address is a friendly 404', async ({ page }) => {
  const response = await page.goto('/psychologists/nobody-here')
  expect(response?.status()).toBe(404)
  // The profile's own 404, inside the site's frame, with the way back to the directory.
  await expect(page.getByRole('heading', { name: 'We could not find that psychologist' })).toBeVisible()
  await expect(page.getByText('See everyone who is on the directory.')).toBeVisible()
})
