import { type Page } from '@playwright/test'
import { expect } from './test.ts'

// Fills the intake one step at a time, as a patient would. A valid Medicare number:
// 2123 4567 has check digit (2·1 + 1·3 + 2·7 + 3·9 + 4·1 + 5·3 + 6·7 + 7·9) mod 10 = 0.
const VALID_MEDICARE = '2123 45670 1'
export const WRONG_CHECK_DIGIT_MEDICARE = '2123 45671 1'

const choose = (page: Page, group: string | RegExp, option: string) =>
  page.getByRole('group', { name: group }).getByRole('radio', { name: option, exact: true }).check()

async function saveAndContinue(page: Page, nextHeading: string | RegExp) {
  await page.getByRole('button', { name: 'Save and continue' }).click()
  await expect(page.getByRole('heading', { level: 1, name: nextHeading })).toBeVisible()
}

export async function fillAbout(page: Page, firstName: string, lastName: string, dateOfBirth = '1990-04-12') {
  await page.getByLabel('First name').fill(firstName)
  await page.getByLabel('Last name').fill(lastName)
  await page.getByLabel('Date of birth').fill(dateOfBirth)
  await choose(page, 'Gender', 'Non-binary')
  await page.getByLabel('Street address').fill('12 Harbour Street')
  await page.getByLabel('Suburb or town').fill('Glebe')
  await page.getByLabel('State').selectOption('NSW')
  await page.getByLabel('Postcode').fill('2037')
  await page.getByLabel('Mobile number').fill('0412 345 678')
}

export async function completeAbout(page: Page, firstName: string, lastName: string) {
  await fillAbout(page, firstName, lastName)
  await saveAndContinue(page, 'Emergency contact and GP')
}

export async function completeContacts(page: Page) {
  await page.getByLabel('Their name').fill('Sam Citizen')
  await page.getByLabel('How they are related to you').fill('Partner')
  await page.getByLabel('Their phone number').fill('0498 765 432')
  await page.getByLabel("GP's name").fill('Dr Priya Shah')
  await page.getByLabel('Practice', { exact: true }).fill('Glebe Family Medical')
  await saveAndContinue(page, 'Medicare')
}

export async function completeMedicare(page: Page, number = VALID_MEDICARE) {
  await choose(page, 'Do you have a Medicare card?', 'Yes')
  await page.getByLabel('Card number', { exact: true }).fill(number)
  await page.getByLabel('Your number on the card').fill('2')
  await page.getByLabel('Valid to').fill('2030-05')
  await saveAndContinue(page, 'Referral')
}

export async function completeReferral(
  page: Page,
  letter?: { name: string; mimeType: string; buffer: Buffer },
) {
  await choose(page, 'Who referred you?', 'My GP, with a Mental Health Treatment Plan')
  await page.getByLabel('Referring doctor').fill('Dr Priya Shah')
  await page.getByLabel('Their provider number').fill('2123456A')
  await page.getByLabel('Date of the referral').fill('2026-10-20')
  await page.getByLabel('Sessions referred').fill('6')
  if (letter) await page.getByLabel(/Referral letter/).setInputFiles(letter)
  await saveAndContinue(page, 'What brings you to Haven')
}

export async function completeNeeds(page: Page, riskThoughts: 'Yes' | 'No' = 'No') {
  await page.getByLabel('What brings you to Haven?').fill('Feeling anxious at work and not sleeping well.')
  await choose(page, /thoughts of harming yourself/, riskThoughts)
  await choose(page, 'How would you like to meet?', 'Video (telehealth)')
  await choose(page, /particular gender/, 'No preference')
  await saveAndContinue(page, 'How you have been feeling')
}

/** Answers all ten K10 questions the same way: 1 scores 10, 5 scores 50. */
export async function completeK10(page: Page, answer: string) {
  const groups = page.getByRole('group', { name: /How often did you feel/ })
  await expect(groups).toHaveCount(10)
  for (let index = 0; index < 10; index++) {
    await groups.nth(index).getByRole('radio', { name: answer, exact: true }).check()
  }
  await saveAndContinue(page, 'Agreements')
}

export async function completeConsents(page: Page) {
  for (const name of [/privacy and collection notice/i, /telehealth/i, /cancellation/i]) {
    await page.getByRole('checkbox', { name }).check()
  }
  await page.getByRole('radio', { name: 'Yes, text me' }).check()
  await saveAndContinue(page, 'Check your answers')
}

export const PDF_LETTER = {
  name: 'referral.pdf',
  mimeType: 'application/pdf',
  buffer: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
}
