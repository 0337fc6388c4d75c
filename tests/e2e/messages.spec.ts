import { uniqueEmail } from './fixtures.ts'
import { signInAs } from './sign-in.ts'
import { expect, test } from './test.ts'

test('the manager sees a failed email first and sends it again', async ({ browser }) => {
  // The email stand-in refuses this address for good (422), so the sign-up link fails at once.
  const email = uniqueEmail('refused').replace('@', '+fail-400@')
  const visitor = await (await browser.newContext()).newPage()
  await visitor.goto('/signup')
  await visitor.getByLabel('Email').fill(email)
  await visitor.getByRole('button', { name: 'Email me a link' }).click()
  await expect(visitor.getByRole('heading', { name: 'Check your email' })).toBeVisible()

  const page = await (await browser.newContext()).newPage()
  await signInAs(page, 'manager@haven.test')
  await page.getByRole('link', { name: 'Messages', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Messages', level: 1 })).toBeVisible()
  const row = page.getByRole('row').filter({ hasText: email })
  await expect(async () => {
    await page.reload()
    await expect(row).toContainText('Failed after 1 try', { timeout: 500 })
  }).toPass({ timeout: 15_000 })
  await expect(row).toContainText('Invalid `to` field')
  // Failures come first.
  await expect(page.getByRole('row').nth(1)).toContainText('Failed')

  await row.getByRole('button', { name: 'Send again' }).click()
  await expect(page.getByText('The message will be sent again.')).toBeVisible()
  // The worker tries it again; the stand-in refuses it again.
  await expect(async () => {
    await page.reload()
    await expect(row).toContainText('Failed after 2 tries', { timeout: 500 })
  }).toPass({ timeout: 15_000 })
})
