import { randomBytes, randomInt } from 'node:crypto'
import { type Locator, type Page } from '@playwright/test'
import { expect } from './test.ts'
import { formatZonedTime } from '../../app/utils/time.ts'
import { fillAbout } from './intake-steps.ts'
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
 * two, so the list is reloaded until it arrives) and follows its link to `path`. A seeded person
 * also gets mail from other journeys running meanwhile (booking confirmations): name the email's
 * subject then.
 */
export async function followEmailLink(page: Page, to: string, path: string, subject?: string) {
  const row = () => {
    const rows = page.getByRole('row').filter({ hasText: to })
    return (subject ? rows.filter({ hasText: subject }) : rows).first()
  }
  await expect(async () => {
    await page.goto('/dev/outbox')
    await expect(row()).toBeVisible({ timeout: 500 })
  }).toPass({ timeout: 15_000 })
  await row().getByRole('link').click()
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

/**
 * Signs up a new patient who gives a mobile of their own (the intake's first step) and agrees to
 * texts under "Your details". Returns their email and the mobile as Haven stores it.
 */
export async function signUpPatientWhoTakesTexts(page: Page, name: string, label: string) {
  const { email } = await signUpPatient(page, name, label)
  // 0419 and six random digits: unlike any other journey's, and never ending in one of the
  // Twilio stand-in's rehearsed failures (their last seven digits start 00).
  const national = `0419${randomInt(1_000_000).toString().padStart(6, '0')}`
  const [firstName = name, ...rest] = name.split(' ')
  await page.goto('/patient/intake/about')
  await fillAbout(page, firstName, rest.join(' '))
  await page.getByLabel('Mobile number').fill(national)
  await page.getByRole('button', { name: 'Save and continue' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Emergency contact and GP' })).toBeVisible()

  await page.goto('/patient/profile')
  const messages = page.getByRole('region', { name: 'Messages' })
  await messages.getByRole('radio', { name: 'Yes, text me' }).check()
  await messages.getByRole('button', { name: 'Save message choices' }).click()
  await expect(page.getByRole('status')).toContainText('Your message choices are saved.')
  return { email, mobile: `+61${national.slice(1)}` }
}

/**
 * Books and pays for the first telehealth time in a later week of a psychologist's profile
 * (`week` seven-day spans from now) that starts at least `hoursAhead` from now. Returns the
 * appointment's id and its start (ISO).
 */
export async function bookTelehealth(page: Page, slug: string, week: number, hoursAhead: number) {
  await page.goto(`/psychologists/${slug}?week=${week}&modality=telehealth`)
  const offered = page.getByRole('link', { name: /book this time/ })
  await expect(offered.first()).toBeVisible()
  const starts = await offered
    .locator('time')
    .evaluateAll((times) => times.map((time) => time.getAttribute('datetime') ?? ''))
  const index = starts.findIndex((start) => Date.parse(start) >= Date.now() + hoursAhead * 3_600_000)
  expect(index, `a telehealth time at least ${hoursAhead} hours ahead`).toBeGreaterThanOrEqual(0)
  await offered.nth(index).click()
  await expect(page.getByRole('heading', { name: 'Check and confirm your booking' })).toBeVisible()
  await continueAndPay(page)
  const appointmentId = /\/patient\/appointments\/([^/]+)\/pay/.exec(page.url())?.[1]
  expect(appointmentId).toBeTruthy()
  return { appointmentId: appointmentId!, startsAt: starts[index]! }
}

/** A Sydney session's time as Haven's messages state it ("Fri, 15 Jan, 10:00 am AEDT"), spaces plain as in an SMS. */
export const statedTime = (instant: string) =>
  formatZonedTime(instant, 'Australia/Sydney').replace(/[\u00a0\u2009\u202f]/g, ' ')

/** Reloads the dev outbox until each of `rows` is listed once: the worker sends within a few seconds. */
export async function waitForOutboxRows(page: Page, rows: Locator[]) {
  await expect(async () => {
    await page.goto('/dev/outbox')
    for (const row of rows) await expect(row).toHaveCount(1, { timeout: 500 })
  }).toPass({ timeout: 15_000 })
}
