import fs from 'node:fs/promises'
import { type Page } from '@playwright/test'
import { bookTelehealth, signUpPatientWhoTakesTexts, statedTime, waitForOutboxRows } from './fixtures.ts'
import { E2E_BASE_URL } from './settings.ts'
import { signInAs } from './sign-in.ts'
import { expect, test } from './test.ts'

const SYDNEY = 'Australia/Sydney'
const HOUR_MS = 3_600_000

/** Sydney's wall clock at an instant as a calendar file writes it: 20261211T100000. */
function sydneyStamp(instant: string) {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: SYDNEY,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant))
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((candidate) => candidate.type === type)!.value
  return `${part('year')}${part('month')}${part('day')}T${part('hour')}${part('minute')}${part('second')}`
}

/** Follows the message's link to the patient's appointments page, which shows the session. */
async function followToAppointments(page: Page, linksHeading: string, startsAt: string) {
  const appointments = `${E2E_BASE_URL}/patient/appointments`
  await page
    .getByRole('region', { name: linksHeading })
    .getByRole('link', { name: appointments, exact: true })
    .first()
    .click()
  await expect(page).toHaveURL(appointments)
  const upcoming = page.getByRole('region', { name: 'Upcoming' })
  await expect(upcoming.locator(`time[datetime="${startsAt}"]`)).toHaveCount(1)
  await expect(upcoming).toContainText('Telehealth (video)')
}

test('a patient who books and pays reads the confirmation email and text in the outbox; the psychologist sees them and the reminders', async ({
  page,
  browser,
}) => {
  // Sign-up by email, the intake's first step, a payment and a psychologist signed in: past 30 s
  // on a busy machine.
  test.slow()
  const { mobile } = await signUpPatientWhoTakesTexts(page, 'Priya Raman', 'confirmed')
  // More than 72 hours ahead, every reminder (email 48 h, text 24 h, video 10 minutes before) is to come.
  const { appointmentId, startsAt } = await bookTelehealth(page, 'daniel-tran', 6, 72)
  const when = statedTime(startsAt)

  // A signed-in patient's outbox lists their own messages only: this email address and this mobile.
  const rows = page.getByRole('row')
  const email = rows.filter({ hasText: 'is confirmed' })
  const text = rows.filter({ hasText: 'session confirmed for' })
  await waitForOutboxRows(page, [email, text])
  await expect(email.getByRole('cell').nth(1)).toHaveText('Email')
  await expect(email).toContainText(`Your Haven Psychology session on ${when} is confirmed`)
  await expect(text.getByRole('cell').nth(1)).toHaveText('SMS')
  await expect(text.getByRole('cell').nth(2)).toHaveText(mobile)

  // The email carries the session as a calendar file, and its link leads to the session.
  await email.getByRole('link').click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/is confirmed$/)
  const attachments = page.getByRole('region', { name: 'Attachments' })
  await expect(attachments).toContainText('text/calendar')
  const downloading = page.waitForEvent('download')
  await attachments.getByRole('link', { name: 'haven-session.ics' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toBe('haven-session.ics')
  const ics = await fs.readFile(await download.path(), 'utf8')
  expect(ics).toContain(`UID:${appointmentId}@haven`)
  expect(ics).toContain(`TZID:${SYDNEY}`)
  expect(ics).toContain(`DTSTART;TZID=${SYDNEY}:${sydneyStamp(startsAt)}`)
  await followToAppointments(page, 'Links in this email', startsAt)

  // The text names the practice, the time with its zone and one link, which works too.
  await page.goto('/dev/outbox')
  await text.getByRole('link').click()
  const sms = `Haven Psychology: session confirmed for ${when}. Details: ${E2E_BASE_URL}/patient/appointments`
  await expect(
    page.getByRole('region', { name: 'Text', exact: true }).getByText(sms, { exact: true }),
  ).toBeVisible()
  await followToAppointments(page, 'Links in this text message', startsAt)

  // Dr Tran's page for the session lists the confirmation as sent and the reminders as planned.
  const daniel = await (await browser.newContext()).newPage()
  await signInAs(daniel, 'daniel.tran@haven.test')
  await daniel.goto(`/clinician/appointments/${appointmentId}`)
  const messages = daniel.getByRole('region', { name: 'Messages' })
  const message = (what: string, by: 'Email' | 'Text') =>
    messages
      .getByRole('row')
      .filter({ has: daniel.getByRole('rowheader', { name: what, exact: true }) })
      .filter({ has: daniel.getByRole('cell', { name: by, exact: true }) })
  await expect(message('Booking confirmed', 'Email')).toContainText('Sent')
  // The text's status comes back from Twilio's callbacks (queued, sent, delivered) a moment later.
  await expect(async () => {
    await daniel.reload()
    await expect(message('Booking confirmed', 'Text')).toContainText('Delivered', { timeout: 500 })
  }).toPass({ timeout: 15_000 })
  // Dr Tran sees patients by video 10 am to 6 pm: 48 and 24 hours before is daytime, outside quiet hours.
  const before = (ms: number) => new Date(Date.parse(startsAt) - ms).toISOString()
  for (const [what, by, due] of [
    ['Reminder', 'Email', before(48 * HOUR_MS)],
    ['Reminder', 'Text', before(24 * HOUR_MS)],
    ['Video session starting soon', 'Text', before(10 * 60_000)],
  ] as const) {
    const reminder = message(what, by)
    await expect(reminder).toContainText('Waiting to send')
    await expect(reminder).toContainText(`Due ${statedTime(due)}`)
    await expect(reminder.locator(`time[datetime="${due}"]`)).toHaveCount(1)
  }
})
