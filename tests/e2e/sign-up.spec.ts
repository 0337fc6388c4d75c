import { expect, test } from './test.ts'
import { followEmailLink, signIn, signOut, uniqueEmail } from './fixtures.ts'

test('a new patient signs up through the emailed link, signs out and signs back in', async ({ page }) => {
  const email = uniqueEmail('new-patient')
  await page.goto('/')
  await page.getByRole('link', { name: 'Create an account' }).first().click()
  await expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible()
  await page.getByLabel('Email').fill(email)
  await page.getByRole('button', { name: 'Email me a link' }).click()
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible()

  await followEmailLink(page, email, '/signup/complete')
  await expect(page.getByRole('heading', { name: 'Finish creating your account' })).toBeVisible()
  await page.getByLabel('Your full name').fill('Riley Jones')
  await page.getByLabel('Choose a password').fill('short')
  await page.getByLabel('Type the password again').fill('different')
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByText('Use at least 10 characters')).toBeVisible()

  await page.getByLabel('Choose a password').fill('quiet harbour morning')
  await page.getByLabel('Type the password again').fill('quiet harbour mornin')
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByText('The two passwords do not match')).toBeVisible()

  await page.getByLabel('Type the password again').fill('quiet harbour morning')
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page).toHaveURL(/\/patient$/)
  await expect(page.getByText('Your account is ready. Welcome to Haven.')).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Hello, Riley' })).toBeVisible()

  await signOut(page)
  await page.goto('/patient')
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fpatient$/)

  await signIn(page, email, 'quiet harbour morning')
  await expect(page).toHaveURL(/\/patient$/)
  await signOut(page)
})

test.describe('with JavaScript off', () => {
  test.use({ javaScriptEnabled: false })

  test('sign-up works as plain HTML forms, errors shown by the server', async ({ page }) => {
    const email = uniqueEmail('no-js')
    await page.goto('/signup')
    await page.getByRole('button', { name: 'Email me a link' }).click()
    // The browser's own check (required) stops an empty submit; a malformed address reaches the server.
    await page.getByLabel('Email').evaluate((input) => input.removeAttribute('required'))
    await page.getByLabel('Email').evaluate((input) => input.setAttribute('type', 'text'))
    await page.getByLabel('Email').fill('not-an-email')
    await page.getByRole('button', { name: 'Email me a link' }).click()
    await expect(page.getByText('Enter an email address like name@example.com')).toBeVisible()

    await page.getByLabel('Email').fill(email)
    await page.getByRole('button', { name: 'Email me a link' }).click()
    await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible()

    await followEmailLink(page, email, '/signup/complete')
    await page.getByLabel('Your full name').fill('Morgan Lee')
    await page.getByLabel('Choose a password').fill('password123')
    await page.getByLabel('Type the password again').fill('password123')
    await page.getByRole('button', { name: 'Create account' }).click()
    await expect(page.getByText('That password is too common')).toBeVisible()

    await page.getByLabel('Choose a password').fill('lanterns over the bay')
    await page.getByLabel('Type the password again').fill('lanterns over the bay')
    await page.getByRole('button', { name: 'Create account' }).click()
    await expect(page.getByRole('heading', { name: 'Hello, Morgan' })).toBeVisible()
  })
})

test('signing up with an address that already has an account reveals nothing on screen', async ({ page }) => {
  await page.goto('/signup')
  await page.getByLabel('Email').fill('patient3@haven.test')
  await page.getByRole('button', { name: 'Email me a link' }).click()
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible()
  // The email explains instead, with links to sign in or reset the password.
  const href = await followEmailLink(
    page,
    'patient3@haven.test',
    '/forgot-password',
    'You already have a Haven Psychology account',
  )
  expect(href).toMatch(/\/forgot-password$/)
})
