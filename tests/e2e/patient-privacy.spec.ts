import { expect, test } from './test.ts'
import { signOut, signUpPatient } from './fixtures.ts'
import {
  completeAbout,
  completeContacts,
  completeMedicare,
  completeReferral,
  PDF_LETTER,
} from './intake-steps.ts'
import { E2E_BASE_URL } from './settings.ts'
import { signInAs } from './sign-in.ts'

test("one patient cannot read another's intake or referral letter", async ({ page, browser }) => {
  await signUpPatient(page, 'Robin Avery', 'private')
  await page.goto('/patient/intake')
  await completeAbout(page, 'Robin', 'Avery')
  await completeContacts(page)
  await completeMedicare(page)
  await completeReferral(page, PDF_LETTER)
  await page.goto('/patient/intake/review')
  const letterHref = await page.getByRole('link', { name: 'referral.pdf' }).getAttribute('href')
  expect(letterHref).toMatch(/^\/files\/\w+$/)
  const ownCopy = await page.request.get(letterHref!)
  expect(ownCopy.status()).toBe(200)
  expect(ownCopy.headers()['content-type']).toBe('application/pdf')

  const manager = await (await browser.newContext()).newPage()
  await signInAs(manager, 'manager@haven.test')
  await manager.goto('/manager/patients?q=Robin%20Avery')
  const recordHref = await manager.getByRole('link', { name: 'Robin Avery' }).getAttribute('href')
  const robinId = recordHref!.split('/').pop()!
  await signOut(manager)

  // Another patient, signed in, guessing their way in.
  const other = manager
  await signInAs(other, 'patient4@haven.test')
  expect((await other.request.get(letterHref!)).status()).toBe(404)
  expect((await other.goto(`/manager/patients/${robinId}`))?.status()).toBe(403)
  expect((await other.goto(`/clinician/patients/${robinId}`))?.status()).toBe(403)

  // A tampered patient id in a form changes nothing: the account comes from the session.
  const tampered = await other.request.post('/patient/intake/contacts', {
    form: {
      patientId: robinId,
      userId: robinId,
      emergencyName: 'Mallory',
      emergencyRelationship: 'Stranger',
      emergencyPhone: '0400 000 000',
    },
    headers: { origin: E2E_BASE_URL },
    maxRedirects: 0,
  })
  expect(tampered.status()).toBe(302)
  await page.goto('/patient/profile')
  await expect(page.getByText('Sam Citizen (Partner)')).toBeVisible()
  await expect(page.getByText('Mallory')).toHaveCount(0)

  // A psychologist not on Robin's care team cannot see the letter either.
  await signOut(other)
  await signInAs(other, 'daniel.tran@haven.test')
  expect((await other.request.get(letterHref!)).status()).toBe(404)
  expect((await other.goto(`/clinician/patients/${robinId}`))?.status()).toBe(404)
})
