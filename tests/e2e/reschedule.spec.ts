import { type Page } from '@playwright/test'
import { expect, test } from './test.ts'
import { continueAndPay, signUpPatient } from './fixtures.ts'

/**
 * Books the second free telehealth time in a later week of a psychologist's profile (well
 * outside 48 hours). Each psychologist works several hours on each of their days, so that
 * week holds at least one other free time at the same place (the first) to move to, on any date.
 */
async function bookLater(page: Page, slug: string, week: number) {
  await page.goto(`/psychologists/${slug}?week=${week}&modality=telehealth`)
  const link = page.getByRole('link', { name: /book this time/ }).nth(1)
  const start = await link.locator('time').getAttribute('datetime')
  await link.click()
  await continueAndPay(page)
  await page.goto('/patient/appointments')
  return start!
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled })

    test('a patient moves a session to another free time; a stale confirmation changes nothing', async ({
      page,
    }) => {
      await signUpPatient(page, javaScriptEnabled ? 'Mia Reyes' : 'Noah Brennan', 'mover')
      // Psychologists and a week that no other journey books, so parallel journeys never meet.
      const slug = javaScriptEnabled ? 'hannah-kowalski' : 'amelia-nguyen'
      const bookedAt = await bookLater(page, slug, 2)
      const upcoming = page.getByRole('region', { name: 'Upcoming' })
      await expect(upcoming.locator(`time[datetime="${bookedAt}"]`)).toHaveCount(1)

      await upcoming.getByRole('link', { name: 'Move to another time' }).click()
      await expect(page.getByRole('heading', { name: 'Move your session' })).toBeVisible()
      await expect(page.locator(`time[datetime="${bookedAt}"]`)).toHaveCount(1)
      // The week the session is in: its own time is not offered as somewhere to move to.
      const weekOfSession = new URL(page.url())
      weekOfSession.searchParams.set('week', '2')
      await page.goto(weekOfSession.toString())
      await expect(page.getByRole('link', { name: /move to this time/ }).first()).toBeVisible()
      await expect(page.locator(`a time[datetime="${bookedAt}"]`)).toHaveCount(0)
      const target = page.getByRole('link', { name: /move to this time/ }).first()
      const movedTo = await target.locator('time').getAttribute('datetime')
      await target.click()
      await expect(page.getByRole('heading', { name: /^Move to/ })).toBeVisible()

      // The same confirmation, open in another tab, goes stale once the first is used.
      const staleTab = await page.context().newPage()
      await staleTab.goto(page.url())
      await page.getByRole('button', { name: 'Move my session' }).click()
      await expect(page).toHaveURL(/\/patient\/appointments$/)
      await expect(page.getByRole('status')).toContainText(
        'Your session has moved. Your calendar file has the new time.',
      )
      await expect(upcoming.getByRole('listitem')).toHaveCount(1)
      await expect(upcoming.locator(`time[datetime="${movedTo}"]`)).toHaveCount(1)
      await expect(upcoming.locator(`time[datetime="${bookedAt}"]`)).toHaveCount(0)

      await staleTab.getByRole('button', { name: 'Move my session' }).click()
      await expect(
        staleTab.getByRole('alert').filter({ hasText: 'has changed since the page was opened' }),
      ).toBeVisible()
      await staleTab.goto('/patient/appointments')
      await expect(
        staleTab.getByRole('region', { name: 'Upcoming' }).locator(`time[datetime="${movedTo}"]`),
      ).toHaveCount(1)

      // The old time is free for others again.
      await page.goto(`/psychologists/${slug}?week=2`)
      await expect(page.locator(`a time[datetime="${bookedAt}"]`)).toHaveCount(1)
    })
  })
}
