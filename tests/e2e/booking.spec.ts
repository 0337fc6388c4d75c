import { type Page } from '@playwright/test'
import { expect, test } from './test.ts'
import { continueAndPay, signOut } from './fixtures.ts'
import { signInAs } from './sign-in.ts'

/** From a psychologist's profile, the first offered time; returns its label. */
async function chooseFirstTime(page: Page, slug: string) {
  await page.goto(`/psychologists/${slug}`)
  const first = page.getByRole('link', { name: /book this time/ }).first()
  await expect(first).toBeVisible()
  const label = await first.locator('time').textContent()
  await first.click()
  await expect(page).toHaveURL(/\/book\//)
  return label!
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled })

    test('a patient books a session, sees it, and cancels it', async ({ page }) => {
      // With JavaScript on, four people sign in (patient, another patient, psychologist, manager):
      // 25 s on a quiet machine, near the 30 s default in CI.
      if (javaScriptEnabled) test.slow()
      const patient = javaScriptEnabled ? 'patient9@haven.test' : 'patient10@haven.test'
      const slug = javaScriptEnabled ? 'hannah-kowalski' : 'daniel-tran'
      await signInAs(page, patient)
      const time = await chooseFirstTime(page, slug)
      await expect(page.getByRole('heading', { name: 'Check and confirm your booking' })).toBeVisible()
      await expect(page.getByText(time)).toBeVisible()
      await continueAndPay(page)
      await page.getByRole('link', { name: 'Your appointments' }).click()
      const upcoming = page.getByRole('region', { name: 'Upcoming' })
      await expect(upcoming.getByRole('listitem')).toHaveCount(1)
      await expect(upcoming).toContainText(time)
      const icsHref = await upcoming.getByRole('link', { name: /Add to your calendar/ }).getAttribute('href')
      const ics = await page.request.get(icsHref!)
      expect(ics.headers()['content-type']).toContain('text/calendar')
      expect(await ics.text()).toMatch(/DTSTART;TZID=Australia\/Sydney:\d{8}T\d{6}/)
      // Another patient cannot download it.
      const stranger = await (await page.context().browser()!.newContext()).newPage()
      await signInAs(stranger, 'patient3@haven.test')
      expect((await stranger.request.get(icsHref!)).status()).toBe(404)

      if (javaScriptEnabled) {
        // Hannah sees it in her week, and the manager in the combined calendar.
        const staff = await (await page.context().browser()!.newContext()).newPage()
        await signInAs(staff, 'hannah.kowalski@haven.test')
        await expect(async () => {
          await staff.goto('/clinician/calendar')
          const found = await staff.getByRole('link', { name: 'Zara Haddad', exact: true }).count()
          if (found === 0) await staff.getByRole('link', { name: 'Next week' }).click()
          await expect(staff.getByRole('link', { name: 'Zara Haddad', exact: true })).toBeVisible({
            timeout: 1000,
          })
        }).toPass({ timeout: 15_000 })
        await signOut(staff)
        await signInAs(staff, 'manager@haven.test')
        await staff.goto('/manager/calendar')
        await staff.getByLabel('Psychologist').selectOption({ label: 'Hannah Kowalski' })
        await staff.getByRole('button', { name: 'Show' }).click()
        if ((await staff.getByRole('link', { name: 'Zara Haddad', exact: true }).count()) === 0) {
          await staff.getByRole('link', { name: 'Next week' }).click()
        }
        await expect(staff.getByRole('listitem').filter({ hasText: 'Zara Haddad' })).toContainText(
          'with Hannah Kowalski',
        )
      }

      // The time is no longer offered to anyone.
      await page.goto(`/psychologists/${slug}`)
      await expect(
        page
          .getByRole('link', { name: /book this time/ })
          .first()
          .locator('time'),
      ).not.toHaveText(time)

      await page.goto('/patient/appointments')
      const startsAt = await upcoming.locator('time').first().getAttribute('datetime')
      // The first free time is at least 24 hours away; inside 48 hours cancelling is late.
      const late = new Date(startsAt!).getTime() - Date.now() < 48 * 3_600_000
      await page.getByRole('button', { name: 'Cancel this session' }).click()
      await expect(page.getByText(/Your appointment is cancelled/)).toBeVisible()
      await expect(page.getByRole('status')).toContainText(
        late ? 'may keep the fee' : 'refunded in full to your card',
      )
      await expect(page.getByRole('region', { name: 'Upcoming' })).toContainText('No upcoming sessions.')
      await expect(page.getByRole('region', { name: 'Past and cancelled' })).toContainText(
        late ? 'Late cancellation' : 'Cancelled',
      )
    })
  })
}

test('a visitor who picks a time signs in and comes straight back to the booking', async ({ page }) => {
  await page.goto('/psychologists/james-okafor')
  await page
    .getByRole('link', { name: /book this time/ })
    .first()
    .click()
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fbook%2Fjames-okafor/)
  await page.getByLabel('Email').fill('patient1@haven.test')
  await page.getByLabel('Password').fill('Haven-demo-2026!')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('heading', { name: 'Check and confirm your booking' })).toBeVisible()
})

test('a time taken while the patient was deciding is refused with the next free times', async ({
  browser,
}) => {
  const first = await (await browser.newContext()).newPage()
  const second = await (await browser.newContext()).newPage()
  await signInAs(first, 'patient5@haven.test')
  await signInAs(second, 'patient6@haven.test')
  await chooseFirstTime(first, 'amelia-nguyen')
  await second.goto(first.url())
  // The first patient's time is held while they pay: the second is told at once.
  await first.getByRole('button', { name: 'Continue to payment' }).click()
  await expect(first).toHaveURL(/\/dev\/stripe\/checkout\//)
  await second.getByRole('button', { name: 'Continue to payment' }).click()
  await expect(second.getByRole('alert')).toContainText(/someone booked that time|no longer available/)
  await expect(second.getByRole('link', { name: /AE[DS]T/ }).first()).toBeVisible()
})
