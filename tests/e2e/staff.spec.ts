import { expect, test } from './test.ts'
import { followEmailLink, signIn, uniqueEmail } from './fixtures.ts'
import { signInAs } from './sign-in.ts'

test('a manager invites a psychologist, who sets a password and reaches the clinician area', async ({
  browser,
}) => {
  const managerPage = await (await browser.newContext()).newPage()
  await signInAs(managerPage, 'manager@haven.test')
  await managerPage.getByRole('link', { name: 'Staff', exact: true }).click()
  await managerPage.getByRole('link', { name: 'Add a staff member' }).click()
  await expect(managerPage.getByRole('heading', { name: 'Add a staff member' })).toBeVisible()

  const email = uniqueEmail('dr-new')
  await managerPage.getByLabel('Full name').fill('Dr Casey Morgan')
  await managerPage.getByLabel('Work email').fill(email)
  await managerPage.getByLabel('Role').selectOption('psychologist')
  await managerPage.getByRole('button', { name: 'Send invitation' }).click()
  await expect(managerPage.getByText('Enter their AHPRA registration number')).toBeVisible()

  await managerPage.getByLabel('Registration', { exact: true }).selectOption('registered')
  await managerPage.getByLabel('AHPRA registration number').fill(`PSY${String(Date.now()).slice(-10)}`)
  await managerPage.getByRole('button', { name: 'Send invitation' }).click()
  await expect(managerPage.getByText(`Invitation sent to ${email}`)).toBeVisible()
  await expect(managerPage.getByRole('row', { name: /Dr Casey Morgan/ })).toContainText('Invited')

  const staffPage = await (await browser.newContext()).newPage()
  await followEmailLink(staffPage, email, '/reset-password')
  await expect(staffPage.getByRole('heading', { name: /choose your password/ })).toBeVisible()
  await staffPage.getByLabel('New password', { exact: true }).fill('clinic garden morning')
  await staffPage.getByLabel('Type the new password again').fill('clinic garden morning')
  await staffPage.getByRole('button', { name: 'Save password' }).click()
  await signIn(staffPage, email, 'clinic garden morning')
  await expect(staffPage).toHaveURL(/\/clinician$/)
  await expect(staffPage.getByText('Registered psychologist')).toBeVisible()

  // The manager signs the new colleague out everywhere; their next page asks them to sign in.
  await managerPage.reload()
  await managerPage.getByRole('button', { name: 'Sign Dr Casey Morgan out everywhere' }).click()
  await expect(managerPage.getByText('Dr Casey Morgan has been signed out of 1 device.')).toBeVisible()
  await staffPage.reload()
  await expect(staffPage).toHaveURL(/\/login\?redirectTo=%2Fclinician$/)
})
