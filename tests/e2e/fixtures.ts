import { randomBytes } from 'node:crypto'
import { type Page } from '@playwright/test'
import { expect } from './test.ts'
import { DEMO_PASSWORD } from './settings.ts'

/** An address no other test (or earlier run) uses, so parallel journeys never collide. */
export function uniqueEmail(label: string) {
  return `${label}-${randomBytes(4).toString('hex')}@example.com`
}

/** Signs in; unless told the attempt should fail, waits until the browser has left the sign-in page. */
export async function signIn(
  page: Page,
  email: string,
  password = DEMO_PASSWORD,
  { expectFailure = false } = {},
) {
  await page.goto('/login')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  if (!expectFailure) await page.waitForURL((url) => url.pathname !== '/login')
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page).toHaveURL(/\/login$/)
}

/**
 * Opens the newest email to `to` in the dev outbox (the worker sends it within a second or
 * two, so the list is reloaded until it arrives) and follows its link to `path`.
 */
export async function followEmailLink(page: Page, to: string, path: string) {
  await expect(async () => {
    await page.goto('/dev/outbox')
    await expect(page.getByRole('row').filter({ hasText: to }).first()).toBeVisible({ timeout: 500 })
  }).toPass({ timeout: 15_000 })
  await page.getByRole('row').filter({ hasText: to }).first().getByRole('link').click()
  const link = page.getByRole('link', { name: new RegExp(`${path.replace(/[/.?]/g, '\\$&')}`) }).first()
  await expect(link).toBeVisible()
  const href = await link.getAttribute('href')
  expect(href).toBeTruthy()
  await page.goto(href!)
  return href!
}

/** Signs up a brand-new patient through the emailed link and lands on their overview. */
export async function signUpPatient(page: Page, name: string, label = 'patient') {
  const email = uniqueEmail(label)
  const password = 'quiet harbour morning'
  await page.goto('/signup')
  await page.getByLabel('Email').fill(email)
  await page.getByRole('button', { name: 'Email me a link' }).click()
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible()
  await followEmailLink(page, email, '/signup/complete')
  await page.getByLabel('Your full name').fill(name)
  await page.getByLabel('Choose a password').fill(password)
  await page.getByLabel('Type the password again').fill(password)
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByRole('heading', { name: `Hello, ${name.split(' ')[0]}` })).toBeVisible()
  return { email, password }
}

/**
 * From the booking review: holds the time, pays on the local Stripe Checkout stand-in with a
 * card that succeeds, and waits on Haven's payment page until the session is confirmed.
 */
export async function continueAndPay(page: Page) {
  await page.getByRole('button', { name: 'Continue to payment' }).click()
  await expect(page).toHaveURL(/\/dev\/stripe\/checkout\/cs_/)
  await page.getByRole('button', { name: /^Pay \$/ }).click()
  await expect(page).toHaveURL(/\/patient\/appointments\/[^/]+\/pay\?session_id=cs_/)
  await expect(page.getByRole('heading', { name: 'Your session is confirmed' })).toBeVisible({
    timeout: 20_000,
  })
}
