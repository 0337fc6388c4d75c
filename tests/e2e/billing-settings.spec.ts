import { expect, test } from './test.ts'
import { signInAs } from './sign-in.ts'

/** The first 1 July after today in Sydney, as the rate form's date field holds it. */
function nextFirstOfJuly() {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Australia/Sydney' }).format(new Date())
  const year = Number(today.slice(0, 4))
  return today < `${year}-07-01` ? `${year}-07-01` : `${year + 1}-07-01`
}

test("a manager sets a fee and next July's Medicare rate; a patient prints a receipt without JavaScript", async ({
  page,
  browser,
}) => {
  // A manager and two patients, each signing in: 25 s on a quiet machine, near the 30 s default in CI.
  test.slow()
  await signInAs(page, 'manager@haven.test')
  await page.getByRole('link', { name: 'Billing', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Billing', level: 1 })).toBeVisible()

  // Daniel's own fee for an extended session, shown on his public profile from now on.
  const fee = page.getByLabel('Daniel Tran: Extended session fee ($)')
  await expect(fee).toHaveValue('')
  await fee.fill('345')
  await page.getByRole('button', { name: 'Save fees for Daniel Tran' }).click()
  await expect(page.getByRole('status')).toContainText('Fees saved.')
  await expect(fee).toHaveValue('345.00')

  // The 1 July indexation of item 80110: a rebate above the fee is refused next to its field.
  const july = nextFirstOfJuly()
  const julyLabel = new Date(`${july}T00:00:00Z`).toLocaleDateString('en-AU', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  })
  const item = page.getByRole('article', { name: 'Item 80110' })
  await item.getByText('Add a rate from a date').click()
  await expect(item.getByLabel('First day')).toHaveValue(july)
  await item.getByLabel('Schedule fee ($)').fill('120.00')
  await item.getByLabel('Rebate ($)').fill('130.00')
  await item.getByRole('button', { name: 'Add the rate for item 80110' }).click()
  await expect(item.getByText('The rebate cannot be more than the schedule fee.')).toBeVisible()
  await item.getByLabel('Rebate ($)').fill('102.00')
  await item.getByRole('button', { name: 'Add the rate for item 80110' }).click()
  await expect(page.getByRole('status')).toContainText('New rate added.')
  const newRate = item.getByRole('row', { name: new RegExp(julyLabel) })
  await expect(newRate).toContainText('$120.00')
  await expect(newRate).toContainText('$102.00')
  await expect(newRate).toContainText('Not started')
  await expect(item.getByRole('row', { name: /1 July 2025/ })).toContainText('In force today')

  // The same item and day again is refused, with the reason.
  await item.getByText('Add a rate from a date').click()
  await item.getByLabel('Schedule fee ($)').fill('121.00')
  await item.getByLabel('Rebate ($)').fill('103.00')
  await item.getByRole('button', { name: 'Add the rate for item 80110' }).click()
  await expect(item.getByText(/Item 80110 already has a rate from 1 July \d{4}/)).toBeVisible()

  await page.goto('/psychologists/daniel-tran')
  await expect(page.getByRole('row', { name: /Extended session/ })).toContainText('$345.00')

  // A demo patient with paid sessions, JavaScript off: the receipt carries what Medicare needs.
  const patient = await (await browser.newContext({ javaScriptEnabled: false })).newPage()
  await signInAs(patient, 'patient3@haven.test')
  await patient.getByRole('link', { name: 'Invoices and receipts' }).click()
  await expect(patient.getByRole('heading', { name: 'Invoices and receipts', level: 1 })).toBeVisible()
  const paid = patient
    .getByRole('row')
    .filter({ has: patient.getByRole('cell', { name: 'Paid', exact: true }) })
  // The oldest: an in-rooms session with Hannah Kowalski, a registered psychologist (item 80110).
  await paid.last().getByRole('link').click()
  await expect(patient.getByRole('heading', { name: /^Receipt INV-\d{6}$/ })).toBeVisible()
  await expect(patient.getByText('Medicare provider number 4382157J')).toBeVisible()
  await expect(patient.getByRole('cell', { name: '80110', exact: true })).toBeVisible()
  await expect(patient.getByText('GST-free: psychology services')).toBeVisible()
  await expect(patient.getByText('ABN 81 604 512 298')).toBeVisible()
  // The rebate is the one in force on the day of service, not next July's.
  await expect(patient.getByRole('region', { name: 'Your estimated Medicare rebate' })).toContainText(
    '$98.95',
  )
  await expect(patient.getByText(/Medicare decides the rebate/)).toBeVisible()
  await expect(patient.getByRole('button', { name: /Print/ })).toHaveCount(0)
  await expect(patient.getByText(/use your browser.s Print command/)).toBeVisible()

  // Another patient guessing the address finds nothing.
  const other = await (await browser.newContext({ javaScriptEnabled: false })).newPage()
  await signInAs(other, 'patient4@haven.test')
  expect((await other.goto(patient.url()))?.status()).toBe(404)
})
