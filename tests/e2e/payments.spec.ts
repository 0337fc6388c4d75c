import { type Page } from '@playwright/test'
import { expect, test } from './test.ts'
import { continueAndPay, signUpPatient } from './fixtures.ts'
import { signInAs } from './sign-in.ts'

/**
 * Opens the review of the nth free in-person time in a later week (well outside 48 hours).
 * The profile is filtered to rooms, so the time is one whose Medicare item the test knows,
 * whatever weekday today is.
 */
async function reviewLaterTime(page: Page, slug: string, week: number, nth: number) {
  await page.goto(`/psychologists/${slug}?week=${week}&modality=in_person`)
  await page
    .getByRole('link', { name: /book this time/ })
    .nth(nth)
    .click()
  await expect(page.getByRole('heading', { name: 'Check and confirm your booking' })).toBeVisible()
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled })

    test('a patient pays, sees the session confirmed and the receipt; cancelling with notice refunds in full', async ({
      page,
    }) => {
      await signUpPatient(page, javaScriptEnabled ? 'Lena Fischer' : 'Omar Haddad', 'payer')
      await reviewLaterTime(page, 'hannah-kowalski', 3, javaScriptEnabled ? 1 : 2)
      await continueAndPay(page)
      await expect(page.getByRole('status')).toContainText('Payment received')

      await page.getByRole('link', { name: 'Your receipt' }).click()
      await expect(page.getByText('GST-free', { exact: false }).first()).toBeVisible()
      // Hannah Kowalski is a registered psychologist: 50 minutes in rooms is item 80110.
      await expect(page.getByText('80110').first()).toBeVisible()

      await page.goto('/patient/appointments')
      await page.getByRole('button', { name: 'Cancel this session' }).click()
      await expect(page.getByRole('status')).toContainText('refunded in full to your card')
      // The refund goes to Stripe from the worker and settles a moment later.
      await expect(async () => {
        await page.goto('/patient/invoices')
        await expect(page.getByRole('main')).toContainText(/Refunded/, { timeout: 1_000 })
      }).toPass({ timeout: 20_000 })
    })
  })
}

test('leaving the checkout keeps the time held; a declined card can be retried', async ({ page }) => {
  await signUpPatient(page, 'Ivy Tanaka', 'retry')
  await reviewLaterTime(page, 'daniel-tran', 3, 1)
  await page.getByRole('button', { name: 'Continue to payment' }).click()
  await expect(page).toHaveURL(/\/dev\/stripe\/checkout\//)
  await page.getByRole('link', { name: 'Cancel and go back' }).click()
  await expect(page.getByText('You left the payment page without paying. Nothing was charged.')).toBeVisible()
  await expect(page.getByText(/Your time is held until/)).toBeVisible()

  // "Pay" again returns to the same checkout; a declined card leaves it open.
  await page.getByRole('button', { name: /^Pay \$/ }).click()
  await expect(page).toHaveURL(/\/dev\/stripe\/checkout\//)
  await page.getByRole('button', { name: 'Pay with a card that is declined' }).click()
  await expect(page.getByRole('alert')).toContainText('declined')
  await page.getByRole('button', { name: /^Pay \$/ }).click()
  await expect(page.getByRole('heading', { name: 'Your session is confirmed' })).toBeVisible({
    timeout: 20_000,
  })

  // The appointments page shows it confirmed, with nothing left to pay.
  await page.goto('/patient/appointments')
  const upcoming = page.getByRole('region', { name: 'Upcoming' })
  await expect(upcoming).toContainText('Confirmed')
  await expect(upcoming.getByRole('link', { name: 'Pay to confirm this session' })).toHaveCount(0)
})

test('a manager refunds part of a paid session with a reason, and sees it settle', async ({ browser }) => {
  // A patient's sign-up and payment, then the manager's refund settling: past 30 s on a busy machine.
  test.slow()
  const patient = await (await browser.newContext()).newPage()
  await signUpPatient(patient, 'Ruby Castellanos', 'partial')
  await reviewLaterTime(patient, 'amelia-nguyen', 4, 1)
  await continueAndPay(patient)

  const manager = await (await browser.newContext()).newPage()
  await signInAs(manager, 'manager@haven.test')
  await manager.goto('/manager/payments')
  const row = manager.getByRole('row').filter({ hasText: 'Ruby Castellanos' })
  await expect(row).toContainText('Paid')
  await row.getByRole('link').first().click()
  // More than was paid is refused next to the field, and nothing is sent.
  await manager.getByLabel('Amount ($)').fill('9999')
  await manager.getByLabel('Reason').fill('Goodwill after a late start')
  await manager.getByRole('button', { name: 'Refund through Stripe' }).click()
  await expect(manager.getByText(/can be refunded/).first()).toBeVisible()
  await expect(manager.getByRole('region', { name: 'Refunds' })).toContainText('No refunds.')

  await manager.getByLabel('Amount ($)').fill('40')
  await manager.getByLabel('Reason').fill('Goodwill after a late start')
  await manager.getByRole('button', { name: 'Refund through Stripe' }).click()
  await expect(async () => {
    await manager.reload()
    await expect(manager.getByRole('region', { name: 'Refunds' })).toContainText('$40.00: Refunded', {
      timeout: 1_000,
    })
  }).toPass({ timeout: 20_000 })
  await expect(manager.getByRole('region', { name: 'Refunds' })).toContainText('Goodwill after a late start')

  await patient.goto('/patient/invoices')
  await expect(patient.getByRole('main')).toContainText('Partly refunded')
})
