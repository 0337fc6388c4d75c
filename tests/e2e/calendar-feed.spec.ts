import { type Page } from '@playwright/test'
import { expect, test } from './test.ts'
import { signInAs } from './sign-in.ts'

/** The address shown once after turning the feed on or replacing it. */
async function shownAddress(page: Page) {
  const field = page.getByRole('textbox', { name: 'Feed address', exact: true })
  await expect(field).toHaveValue(/^http:\/\/localhost:\d+\/calendar-feed\/[\w-]{43}\.ics$/)
  await expect(page.getByLabel('webcal:// address')).toHaveValue(/^webcal:\/\/localhost:\d+\/calendar-feed\//)
  return field.inputValue()
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled })

    test('a psychologist turns the calendar feed on, replaces its address and turns it off', async ({
      page,
      request,
    }) => {
      // Each run has its own psychologist, so the two never share a feed.
      await signInAs(page, javaScriptEnabled ? 'dr.james.okafor@haven.test' : 'daniel.tran@haven.test')
      await page.getByRole('link', { name: 'Calendar feed' }).click()
      await expect(page.getByRole('heading', { name: 'Calendar feed', level: 1 })).toBeVisible()
      await expect(page.getByRole('heading', { name: 'Your feed is off' })).toBeVisible()

      await page.getByRole('button', { name: 'Turn on the feed' }).click()
      await expect(page.getByRole('heading', { name: 'Your feed is on' })).toBeVisible()
      await expect(page.getByText('Copy it now')).toBeVisible()
      const first = await shownAddress(page)
      await expect(page.getByRole('button', { name: 'Copy feed address' })).toHaveCount(
        javaScriptEnabled ? 1 : 0,
      )

      const feed = await page.request.get(first)
      expect(feed.status()).toBe(200)
      expect(feed.headers()['content-type']).toContain('text/calendar')
      expect(feed.headers()['cache-control']).toMatch(/^private/)
      expect(feed.headers()['x-robots-tag']).toContain('noindex')
      const body = await feed.text()
      expect(body.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true)
      expect(body).toContain('REFRESH-INTERVAL;VALUE=DURATION:')
      expect(body.trimEnd().endsWith('END:VCALENDAR')).toBe(true)
      // Calendar apps have no session: the secret alone opens it.
      expect((await request.get(first)).status()).toBe(200)

      // Shown once: coming back later shows the state, never the address.
      await page.goto('/clinician/calendar-feed')
      await expect(page.getByRole('heading', { name: 'Your feed is on' })).toBeVisible()
      await expect(page.getByRole('textbox', { name: 'Feed address', exact: true })).toHaveCount(0)

      await page.getByRole('button', { name: 'Replace the address' }).click()
      const second = await shownAddress(page)
      expect(second).not.toBe(first)
      expect((await page.request.get(first)).status()).toBe(404)
      expect((await page.request.get(second)).status()).toBe(200)

      await page.getByRole('button', { name: 'Turn off the feed' }).click()
      await expect(page.getByText('Your calendar feed is off.')).toBeVisible()
      await expect(page.getByRole('heading', { name: 'Your feed is off' })).toBeVisible()
      expect((await page.request.get(second)).status()).toBe(404)
      expect((await page.request.get('/calendar-feed/not-a-real-secret.ics')).status()).toBe(404)
    })
  })
}
