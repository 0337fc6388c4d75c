import { expect, test } from './test.ts'
import { followEmailLink, signIn, signOut } from './fixtures.ts'

test('a patient resets a forgotten password through the emailed link, which then stops working', async ({
  page,
}) => {
  const email = 'patient7@haven.test'
  await page.goto('/login')
  await page.getByRole('link', { name: 'Forgot your password?' }).click()
  await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible()
  await page.getByLabel('Email').fill(email)
  await page.getByRole('button', { name: 'Send reset link' }).click()
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible()

  const link = await followEmailLink(page, email, '/reset-password', 'Reset your Haven Psychology password')
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible()
  await page.getByLabel('New password', { exact: true }).fill('a brand new passphrase')
  await page.getByLabel('Type the new password again').fill('a brand new passphrase')
  await page.getByRole('button', { name: 'Save password' }).click()
  await expect(page.getByText('Your password has been changed')).toBeVisible()

  await signIn(page, email, 'a brand new passphrase')
  await expect(page).toHaveURL(/\/patient$/)
  await signOut(page)

  await page.goto(link)
  await expect(page.getByRole('heading', { name: 'This link no longer works' })).toBeVisible()
})

test('a tampered reset link is refused with a way forward', async ({ page }) => {
  await page.goto('/reset-password?token=not-a-real-token')
  await expect(page.getByRole('heading', { name: 'This link no longer works' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Get a new link' })).toBeVisible()
})

test('the reset form says the same thing for an unknown address', async ({ page }) => {
  await page.goto('/forgot-password')
  await page.getByLabel('Email').fill('nobody-here@example.com')
  await page.getByRole('button', { name: 'Send reset link' }).click()
  await expect(page.getByText(/If nobody-here@example.com belongs to a Haven account/)).toBeVisible()
})
