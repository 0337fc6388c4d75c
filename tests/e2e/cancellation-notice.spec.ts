import { bookTelehealth, signUpPatientWhoTakesTexts, statedTime, waitForOutboxRows } from './fixtures.ts'
import { signInAs } from './sign-in.ts'
import { expect, test } from './test.ts'

test("a psychologist cancels a confirmed session: the patient's notice arrives and no reminder will go", async ({
  page,
  browser,
}) => {
  // Sign-up by email, the intake's first step, a payment and a psychologist signed in: past 30 s
  // on a busy machine.
  test.slow()
  const { mobile } = await signUpPatientWhoTakesTexts(page, 'Tomas Lindqvist', 'cancelled')
  // More than 72 hours ahead: every reminder is still to come when the session is cancelled.
  const { appointmentId, startsAt } = await bookTelehealth(page, 'hannah-kowalski', 6, 72)
  const when = statedTime(startsAt)

  // Hannah opens the session once its confirmation and reminders are planned (the patient has heard of it).
  const hannah = await (await browser.newContext()).newPage()
  await signInAs(hannah, 'hannah.kowalski@haven.test')
  const messages = hannah.getByRole('region', { name: 'Messages' })
  const reminders = messages
    .getByRole('row')
    .filter({ has: hannah.getByRole('rowheader', { name: /^(Reminder|Video session starting soon)$/ }) })
  await expect(async () => {
    await hannah.goto(`/clinician/appointments/${appointmentId}`)
    await expect(reminders.filter({ hasText: 'Waiting to send' })).toHaveCount(3, { timeout: 500 })
  }).toPass({ timeout: 15_000 })

  const cancel = hannah.getByRole('region', { name: 'Cancel the session' })
  await cancel.getByLabel('Reason').fill('Hannah is unwell')
  await cancel.getByRole('button', { name: 'Cancel the session' }).click()
  await expect(hannah.getByText('The session is cancelled.')).toBeVisible()
  // The worker takes the change up a moment later: every planned reminder is then skipped, with why.
  await expect(async () => {
    await hannah.reload()
    const skipped = reminders.filter({ hasText: 'Not sent' }).filter({ hasText: 'The session was cancelled' })
    await expect(skipped).toHaveCount(3, { timeout: 500 })
  }).toPass({ timeout: 15_000 })

  // The notice waits the practice's short delay in this run (tests/e2e/settings.ts), then arrives by
  // email and text, in the patient's own outbox.
  const rows = page.getByRole('row')
  const email = rows.filter({ hasText: `Your Haven Psychology session on ${when} is cancelled` })
  const text = rows.filter({ hasText: `Haven Psychology: session on ${when} is cancelled.` })
  await waitForOutboxRows(page, [email, text])
  await expect(email.getByRole('cell').nth(1)).toHaveText('Email')
  await expect(text.getByRole('cell').nth(1)).toHaveText('SMS')
  await expect(text.getByRole('cell').nth(2)).toHaveText(mobile)

  await email.getByRole('link').click()
  const body = page.getByRole('region', { name: 'Plain-text version' })
  await expect(body).toContainText(
    `Your psychologist, Hannah Kowalski, had to cancel your session on ${when}.`,
  )
  await expect(body).toContainText('in full to your card')
  // The psychologist's reason stays with the practice.
  await expect(body).not.toContainText('unwell')
  await expect(page.getByRole('region', { name: 'Attachments' })).toContainText('haven-session.ics')

  // The notices went: the staff page shows them sent (the text's status comes back from Twilio).
  const notices = messages
    .getByRole('row')
    .filter({ has: hannah.getByRole('rowheader', { name: 'Session cancelled', exact: true }) })
  await expect(async () => {
    await hannah.reload()
    await expect(notices.filter({ hasText: /Sent|Delivered/ })).toHaveCount(2, { timeout: 500 })
  }).toPass({ timeout: 15_000 })
})
