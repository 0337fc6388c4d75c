import { expect, test } from './test.ts'
import { uniqueEmail } from './fixtures.ts'

// Sign-up and forgot-password refuse an email asked for too often (5 an hour, known or not),
// and say so on the page: with JavaScript on, and as plain HTML forms with it off.
for (const javaScriptEnabled of [true, false]) {
  test.describe(`with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled })

    for (const { path, button, message } of [
      { path: '/signup', button: 'Email me a link', message: /Too many sign-up requests just now/ },
      { path: '/forgot-password', button: 'Send reset link', message: /Too many reset requests just now/ },
    ]) {
      test(`${path} says when an email was asked for too often`, async ({ page }) => {
        const email = uniqueEmail('limited')
        for (let n = 0; n < 5; n++) {
          await page.goto(path)
          await page.getByLabel('Email').fill(email)
          await page.getByRole('button', { name: button }).click()
          await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible()
        }
        await page.goto(path)
        await page.getByLabel('Email').fill(email)
        const answer = page.waitForResponse((response) => response.request().method() === 'POST')
        await page.getByRole('button', { name: button }).click()
        expect((await answer).status()).toBe(429)
        await expect(page.getByRole('alert')).toContainText(message)
        await expect(page.getByRole('alert')).toContainText('Please try again in 60 minutes')
        await expect(page.getByRole('heading', { name: 'Check your email' })).toHaveCount(0)
      })
    }
  })
}
