import { expect, test } from './test.ts'
import { continueAndPay, signUpPatient } from './fixtures.ts'
import { signInAs } from './sign-in.ts'

/** The calendar day, in Sydney, of an instant: how the day view is addressed. */
const sydneyDay = (iso: string) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Australia/Sydney',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(iso))

test('a psychologist moves a session with a reason, a manager cancels it, and the patient sees both', async ({
  browser,
}) => {
  // Three people signed in, a payment and a refund that settles: past 30 s on a busy machine.
  test.slow()
  const patient = await (await browser.newContext()).newPage()
  const name = 'Theo Marchetti'
  await signUpPatient(patient, name, 'staffchange')
  await patient.goto('/psychologists/james-okafor?week=5')
  const link = patient.getByRole('link', { name: /book this time/ }).nth(2)
  const bookedAt = (await link.locator('time').getAttribute('datetime'))!
  await link.click()
  await continueAndPay(patient)

  // Dr Okafor finds it on his day view and opens it.
  const james = await (await browser.newContext()).newPage()
  await signInAs(james, 'dr.james.okafor@haven.test')
  await james.goto(`/clinician/calendar?view=day&date=${sydneyDay(bookedAt)}`)
  await james
    .getByRole('listitem')
    .filter({ hasText: name })
    .getByRole('link', { name: /session details/ })
    .click()
  await expect(james.getByRole('heading', { name: `Standard session with ${name}` })).toBeVisible()

  // A move needs a reason (spaces are not one); then 7:30 pm the same day, outside his
  // hours, is his to choose.
  const move = james.getByRole('region', { name: 'Move to another time' })
  await move.getByLabel('New start time').fill('19:30')
  await move.getByLabel('Reason').fill('   ')
  await move.getByRole('button', { name: 'Move the session' }).click()
  await expect(move.getByText('Give a reason for the change.')).toBeVisible()
  await move.getByLabel('Reason').fill('Patient asked by phone')
  await move.getByRole('button', { name: 'Move the session' }).click()
  await expect(james.getByText('The session has moved.')).toBeVisible()
  await expect(james.getByRole('region', { name: 'History' })).toContainText('Moved by Dr James Okafor')
  await expect(james.getByRole('region', { name: 'History' })).toContainText('(Patient asked by phone)')
  const appointmentUrl = new URL(james.url()).pathname

  await patient.goto('/patient/appointments')
  await expect(patient.getByRole('region', { name: 'Upcoming' })).toContainText('7:30 pm')

  // The practice manager cancels it; the patient is refunded in full.
  const manager = await (await browser.newContext()).newPage()
  await signInAs(manager, 'manager@haven.test')
  await manager.goto(appointmentUrl.replace('/clinician/', '/manager/'))
  const cancel = manager.getByRole('region', { name: 'Cancel the session' })
  await cancel.getByLabel('Reason').fill('Dr Okafor is unwell')
  await cancel.getByRole('button', { name: 'Cancel the session' }).click()
  await expect(manager.getByText('The session is cancelled.')).toBeVisible()
  await expect(manager.getByRole('region', { name: 'Cancel the session' })).toHaveCount(0)
  // A stale form from before the cancellation changes nothing.
  await james.getByRole('region', { name: 'Move to another time' }).getByLabel('Reason').fill('Again')
  await james
    .getByRole('region', { name: 'Move to another time' })
    .getByRole('button', { name: 'Move the session' })
    .click()
  await expect(
    james.getByRole('alert').filter({ hasText: /has changed since the page was opened/ }),
  ).toBeVisible()

  await patient.goto('/patient/appointments')
  await expect(patient.getByRole('region', { name: 'Past and cancelled' })).toContainText('Cancelled')
  await expect(async () => {
    await patient.goto('/patient/invoices')
    await expect(patient.getByRole('main')).toContainText('Refunded', { timeout: 1_000 })
  }).toPass({ timeout: 20_000 })
})
