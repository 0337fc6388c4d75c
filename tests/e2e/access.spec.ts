import { expect, test } from './test.ts'
import { signIn, signOut, uniqueEmail } from './fixtures.ts'
import { signInAs } from './sign-in.ts'
import { E2E_BASE_URL } from './settings.ts'

test('a patient opening a clinician or manager page is refused', async ({ page }) => {
  await signInAs(page, 'patient1@haven.test')
  await expect(page).toHaveURL(/\/patient$/)
  for (const path of ['/clinician', '/manager', '/manager/staff', '/manager/staff/new']) {
    const response = await page.goto(path)
    expect(response?.status(), path).toBe(403)
    await expect(page.getByRole('heading', { name: 'You do not have access to this page' })).toBeVisible()
  }
  // The manager's form action is guarded too, not only its page.
  const forged = await page.request.post('/manager/staff/new', {
    form: { name: 'Sneaky', email: 'sneaky@example.com', role: 'manager' },
    headers: { origin: E2E_BASE_URL },
  })
  expect(forged.status()).toBe(403)
})

test('each role lands in its own area after signing in', async ({ page }) => {
  await signIn(page, 'dr.amelia.nguyen@haven.test')
  await expect(page).toHaveURL(/\/clinician$/)
  await expect(page.getByText('Clinical psychologist')).toBeVisible()
  await signOut(page)
  await signIn(page, 'manager@haven.test')
  await expect(page).toHaveURL(/\/manager$/)
  await expect(page.getByRole('heading', { name: 'Practice overview' })).toBeVisible()
})

test('sign-in goes back to the page that asked for it, unless it belongs to another role', async ({
  page,
}) => {
  await page.goto('/manager/staff')
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fmanager%2Fstaff$/)
  await page.getByLabel('Email').fill('manager@haven.test')
  await page.getByLabel('Password').fill('Haven-demo-2026!')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(/\/manager\/staff$/)
  await expect(page.getByRole('heading', { name: 'Staff' })).toBeVisible()
  await signOut(page)

  await page.goto('/login?redirectTo=%2Fmanager%2Fstaff')
  await page.getByLabel('Email').fill('patient2@haven.test')
  await page.getByLabel('Password').fill('Haven-demo-2026!')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(/\/patient$/)
})

test('a redirectTo that would leave Haven lands in the own area instead', async ({ page }) => {
  // A tab a browser drops would turn `/<TAB>/evil.example` into `//evil.example`.
  await page.goto('/login?redirectTo=%2F%09%2Fevil.example')
  await page.getByLabel('Email').fill('patient2@haven.test')
  await page.getByLabel('Password').fill('Haven-demo-2026!')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(`${E2E_BASE_URL}/patient`)

  const crlf = await page.request.get('/patient/consents?redirectTo=%2F%0D%0A%2Fevil.example', {
    maxRedirects: 0,
  })
  expect(crlf.status()).toBeLessThan(500)
  expect(crlf.headers()['location'] ?? '/patient').toBe('/patient')
})

test('repeated wrong passwords pause sign-in with a clear message', async ({ page }) => {
  const email = uniqueEmail('guessing')
  for (let attempt = 1; attempt <= 4; attempt++) {
    await signIn(page, email, `wrong guess ${attempt}`, { expectFailure: true })
    await expect(page.getByRole('alert')).toHaveText('That email and password do not match our records.')
  }
  await signIn(page, email, 'wrong guess 5', { expectFailure: true })
  await expect(page.getByRole('alert')).toContainText('sign-in for this email is paused for 15 minutes')
})

test('an unknown address shows a friendly 404', async ({ page }) => {
  const response = await page.goto('/no/such/page')
  expect(response?.status()).toBe(404)
  await expect(page.getByRole('heading', { name: 'We could not find that page' })).toBeVisible()
})

test('a form posted from another website is refused', async ({ request }) => {
  const response = await request.post('/login', {
    form: { email: 'manager@haven.test', password: 'Haven-demo-2026!' },
    headers: { origin: 'https://evil.example' },
    maxRedirects: 0,
  })
  expect(response.status()).toBe(403)
  expect(await response.text()).toContain('sent from another website')
  expect(response.headers()['set-cookie']).toBeUndefined()
})

test('a forged X-Forwarded-Host does not make another website count as Haven', async ({ request }) => {
  const response = await request.post('/login', {
    form: { email: 'manager@haven.test', password: 'Haven-demo-2026!' },
    headers: { origin: 'https://evil.example', 'x-forwarded-host': 'evil.example' },
    maxRedirects: 0,
  })
  expect(response.status()).toBe(403)
  expect(response.headers()['set-cookie']).toBeUndefined()
})

test('a form from this host over another scheme is refused', async ({ request }) => {
  const response = await request.post('/login', {
    form: { email: 'manager@haven.test', password: 'Haven-demo-2026!' },
    headers: { origin: E2E_BASE_URL.replace(/^http:/, 'https:') },
    maxRedirects: 0,
  })
  expect(response.status()).toBe(403)
})

test('signed-in pages and their data are never stored; public pages may be', async ({ page }) => {
  await signIn(page, 'dr.amelia.nguyen@haven.test')
  for (const path of ['/clinician', '/clinician.data', '/clinician/calendar', '/clinician/calendar.data']) {
    const response = await page.request.get(path)
    expect(response.status(), path).toBe(200)
    expect(response.headers()['cache-control'], path).toBe('private, no-store')
  }
  const directory = await page.request.get('/psychologists')
  expect(directory.headers()['cache-control'] ?? '').not.toContain('no-store')
})

test('pages carry the security headers', async ({ request }) => {
  const response = await request.get('/login')
  const headers = response.headers()
  expect(headers['content-security-policy']).toMatch(/script-src 'strict-dynamic' 'self' 'nonce-[\w+/=]+'/)
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'")
  expect(headers['strict-transport-security']).toContain('max-age=63072000')
  expect(headers['x-powered-by']).toBeUndefined()
})
