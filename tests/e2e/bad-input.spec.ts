import { expect, test } from './test.ts'
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

// Through the real server: a refused body is a 400 page (not the 500 that a thrown parse
// error was), and a NUL in the address never reaches a query.
test('bodies that are not forms, and NULs, get a 400 from the running app', async ({ request }) => {
  const posts: [string, Record<string, string>, string | Buffer][] = [
    ['/login', { 'content-type': 'application/json' }, '{}'],
    ['/signup', { 'content-type': 'text/plain' }, 'email=a@b.test'],
    ['/forgot-password', { 'content-type': 'multipart/form-data; boundary=xyz' }, '--xyz\r\ngarbage'],
    [
      '/signup',
      { 'content-type': 'application/x-www-form-urlencoded' },
      'name=Al%00ex&email=nul%40example.test&password=quiet+harbour+morning',
    ],
  ]
  for (const [path, headers, data] of posts) {
    const response = await request.post(path, {
      headers: { ...sameOrigin, ...headers },
      data,
      maxRedirects: 0,
    })
    expect(response.status(), `${path} ${headers['content-type']}`).toBe(400)
  }
  for (const path of ['/psychologists/%00', '/book/%00', '/login?redirectTo=%00']) {
    expect((await request.get(path, { maxRedirects: 0 })).status(), path).toBe(400)
  }
})

test('a forged sign-up completion shows what to do next', async ({ page }) => {
  await page.goto('/signup/complete?token=forged')
  await expect(page.getByRole('heading', { name: 'This link no longer works' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Start again' })).toHaveAttribute('href', '/signup')
})
