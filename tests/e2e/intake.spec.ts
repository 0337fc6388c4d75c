import { expect, test } from './test.ts'
import { signOut, signUpPatient } from './fixtures.ts'
import {
  completeAbout,
  completeConsents,
  completeContacts,
  completeK10,
  completeMedicare,
  completeNeeds,
  completeReferral,
  fillAbout,
  PDF_LETTER,
  WRONG_CHECK_DIGIT_MEDICARE,
} from './intake-steps.ts'
import { signInAs } from './sign-in.ts'

test.describe('with JavaScript off', () => {
  test.use({ javaScriptEnabled: false })

  test('a new patient completes the whole intake, corrected by the server where needed', async ({ page }) => {
    // Sign-up by email and seven steps, each a full page load without JavaScript: past 30 s on a busy machine.
    test.slow()
    await signUpPatient(page, 'Jordan Ellis', 'intake-nojs')
    await page.getByRole('link', { name: 'Start your intake' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'About you' })).toBeVisible()

    await fillAbout(page, 'Jordan', 'Ellis', '2099-01-01')
    await page.getByRole('button', { name: 'Save and continue' }).click()
    await expect(page.getByText("Your date of birth can't be in the future")).toBeVisible()
    await expect(page.getByLabel('First name')).toHaveValue('Jordan')
    await completeAbout(page, 'Jordan', 'Ellis')

    await completeContacts(page)

    // A wrong check digit is caught, and nothing is saved for the step.
    await page
      .getByRole('group', { name: 'Do you have a Medicare card?' })
      .getByRole('radio', { name: 'Yes' })
      .check()
    await page.getByLabel('Card number', { exact: true }).fill(WRONG_CHECK_DIGIT_MEDICARE)
    await page.getByLabel('Your number on the card').fill('0')
    await page.getByLabel('Valid to').fill('2030-05')
    await page.getByRole('button', { name: 'Save and continue' }).click()
    await expect(page.getByLabel('Card number', { exact: true })).toHaveAttribute('aria-invalid', 'true')
    await expect(page.getByText(/Enter the number \(1 to 9\)/)).toBeVisible()
    await completeMedicare(page)

    await completeReferral(page, PDF_LETTER)
    await completeNeeds(page)
    await completeK10(page, 'A little of the time')
    await completeConsents(page)

    await expect(page.getByText('Medicare card')).toBeVisible()
    await expect(page.getByText('2123 45670 1, number 2 on the card, valid to 05/2030')).toBeVisible()
    await expect(page.getByRole('link', { name: 'referral.pdf' })).toBeVisible()
    await page.getByRole('button', { name: 'Send to the practice' }).click()
    await expect(page.getByText('Your intake has been sent to the practice')).toBeVisible()
    await expect(page.getByText('If you need support right now')).toHaveCount(0)
  })
})

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })

  test('a patient in distress sees crisis support at once and is flagged for staff', async ({
    page,
    browser,
  }) => {
    // The whole intake, then a psychologist and the manager signed in: past 30 s on a busy machine.
    test.slow()
    await signUpPatient(page, 'Casey Nguyen', 'intake-phone')
    await page.getByRole('link', { name: 'Start your intake' }).click()
    await completeAbout(page, 'Casey', 'Nguyen')
    await completeContacts(page)
    await completeMedicare(page)
    await completeReferral(page)
    await completeNeeds(page)
    await expect(page.getByText('If you need support right now')).toHaveCount(0)
    await completeK10(page, 'Most of the time')

    const support = page.getByRole('alert').filter({ hasText: 'If you need support right now' })
    await expect(support).toBeVisible()
    await expect(support.getByRole('link', { name: '13 11 14' })).toHaveAttribute('href', 'tel:131114')
    await expect(support.getByRole('link', { name: '000' })).toBeVisible()

    // Never blocked: the intake carries on to the end.
    await completeConsents(page)
    await page.getByRole('button', { name: 'Send to the practice' }).click()
    await expect(page.getByText('Your intake has been sent to the practice')).toBeVisible()

    const manager = await (await browser.newContext()).newPage()
    await signInAs(manager, 'manager@haven.test')
    await manager.goto('/manager/patients?q=Casey')
    const row = manager.getByRole('row', { name: /Casey Nguyen/ })
    await expect(row).toContainText('Flagged for follow-up')
    await row.getByRole('link', { name: 'Casey Nguyen' }).click()
    await expect(manager.getByRole('heading', { name: 'Flagged for follow-up' })).toBeVisible()
    await expect(manager.getByText('Needs follow-up')).toBeVisible()
    // What raised the flag, the K10 scores and the patient's own words stay with their psychologist.
    await expect(manager.getByText('Very high K10 score')).toHaveCount(0)
    await expect(manager.getByRole('heading', { name: 'K10 history' })).toHaveCount(0)
    await expect(manager.getByRole('cell', { name: '40', exact: true })).toHaveCount(0)
    await expect(manager.getByText('Feeling anxious at work')).toHaveCount(0)

    await manager.getByLabel('Add a psychologist').selectOption({ label: 'Dr Amelia Nguyen' })
    await manager.getByRole('button', { name: 'Add', exact: true }).click()
    await expect(manager.getByText('Added to the care team.')).toBeVisible()
    await signOut(manager)

    await signInAs(manager, 'dr.amelia.nguyen@haven.test')
    await manager.getByRole('link', { name: 'Your patients', exact: true }).click()
    await manager.getByRole('link', { name: 'Casey Nguyen' }).click()
    await expect(manager.getByText('Very high K10 score')).toBeVisible()
    await expect(manager.getByRole('cell', { name: '40', exact: true })).toBeVisible()
    await expect(manager.getByText('Feeling anxious at work')).toBeVisible()
    await manager.getByRole('button', { name: 'Mark as followed up' }).click()
    await expect(manager.getByText('Marked as followed up.')).toBeVisible()
  })
})

test('a referral letter that is too large or not what it claims is refused with a reason', async ({
  page,
}) => {
  await signUpPatient(page, 'Drew Upload', 'upload')
  await page.goto('/patient/intake/referral')
  const fillReferral = async () => {
    await page.getByRole('group', { name: 'Who referred you?' }).getByRole('radio', { name: /My GP/ }).check()
    await page.getByLabel('Referring doctor').fill('Dr Priya Shah')
    await page.getByLabel('Their provider number').fill('2123456A')
    await page.getByLabel('Date of the referral').fill('2026-10-20')
  }
  await fillReferral()
  await page.getByLabel(/Referral letter/).setInputFiles({
    name: 'letter.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('this is just text pretending to be a PDF'),
  })
  await page.getByRole('button', { name: 'Save and continue' }).click()
  await expect(page.getByText(/doesn't look like a PDF, JPEG or PNG/)).toBeVisible()
  await expect(page.getByRole('heading', { level: 1, name: 'Referral' })).toBeVisible()

  await fillReferral()
  await page.getByLabel(/Referral letter/).setInputFiles({
    name: 'huge.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(6 * 1024 * 1024, 0x20)]),
  })
  await page.getByRole('button', { name: 'Save and continue' }).click()
  await expect(page.getByText(/larger than 5 MB/)).toBeVisible()
  // Nothing was saved half-way: neither the referral nor a file.
  await page.goto('/patient/intake/review')
  await expect(page.getByRole('region', { name: 'Referral' })).toContainText('Not answered yet')
})
