import { expect, test } from '@playwright/test'
import { E2E_BASE_URL } from './settings.ts'

// Forms posted with missing, malformed or hostile fields get a 4xx and a message, never a 500.
const sameOrigin = { origin: E2E_BASE_URL }

test('public forms answer garbage with a 4xx, not a 500', async ({ request }) => {
  const attempts: [string, Record<string, string>][] = [
    ['/login', {}],
    ['/login', { email: 'x'.repeat(5000), password: '' }],
    ['/signup', { email: '' }],
    ['/signup', { email: '<script>@example.com' }],
    ['/signup/complete', { token: 'forged', name: 'A', password: 'x', confirmPassword: 'y' }],
    [
      '/signup/complete',
      {
        token: 'forged',
        name: 'Alex Chen',
        password: 'quiet harbour morning',
        confirmPassword: 'quiet harbour morning',
      },
    ],
    ['/forgot-password', { email: 'not an email' }],
    [
      '/reset-password',
      { token: '', password: 'quiet harbour morning', confirmPassword: 'quiet harbour morning' },
    ],
    [
      '/reset-password',
      { token: 'x'.repeat(300), password: 'quiet harbour morning', confirmPassword: 'quiet harbour morning' },
    ],
  ]
  for (const [path, form] of attempts) {
    const response = await request.post(path, { form, headers: sameOrigin, maxRedirects: 0 })
    expect(response.status(), `${path} ${JSON.stringify(form).slice(0, 80)}`).toBeGreaterThanOrEqual(400)
    expect(response.status(), path).toBeLessThan(500)
  }
})

test('a forged sign-up completion shows what to do next', async ({ page }) => {
  await page.goto('/signup/complete?token=forged')
  await expect(page.getByRole('heading', { name: 'This link no longer works' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Start again' })).toHaveAttribute('href', '/signup')
})
