import { type Page } from '@playwright/test'
import { expect, test } from './test.ts'
import { continueAndPay } from './fixtures.ts'
import { E2E_HALAXY_CONTROL } from './settings.ts'
import { signInAs } from './sign-in.ts'

// The e2e server's local Halaxy answers journeys on a control port beside its own.

async function mapDaniel(manager: Page, halaxyId: string) {
  await manager.goto('/manager/halaxy')
  await manager.getByLabel('Halaxy record for Daniel Tran', { exact: true }).selectOption(halaxyId)
  await manager.getByRole('button', { name: 'Save the Halaxy record for Daniel Tran', exact: true }).click()
  await expect(manager.getByRole('status')).toBeVisible()
}

test('a booking reaches Halaxy and shows as synced; a failure shows on the monitor and a retry clears it', async ({
  browser,
  request,
}) => {
  // A manager and a patient, a payment, and two waits for the worker: past 30 s on a busy machine.
  test.slow()
  const manager = await (await browser.newContext()).newPage()
  await signInAs(manager, 'manager@haven.test')
  // Break the mirror on purpose: Daniel Tran has no Halaxy practitioner for a while.
  await mapDaniel(manager, '')

  const patient = await (await browser.newContext()).newPage()
  await signInAs(patient, 'patient3@haven.test')
  await patient.goto('/psychologists/daniel-tran?week=7')
  const slot = patient.getByRole('link', { name: /book this time/ }).nth(1)
  const bookedAt = (await slot.locator('time').getAttribute('datetime'))!
  await slot.click()
  await continueAndPay(patient)

  // The monitor says what is wrong, in words a manager can act on.
  const row = manager.getByRole('row').filter({ hasText: 'Charlotte Singh with Daniel Tran' })
  await expect(async () => {
    await manager.goto('/manager/sync?entity=appointment')
    await expect(row.first()).toContainText('Needs attention', { timeout: 1_000 })
  }).toPass({ timeout: 20_000 })
  await expect(row.first()).toContainText(/Daniel Tran/)
  await row.first().getByRole('link').click()
  await expect(manager).toHaveURL(/\/manager\/sync\/[^/?]+$/)
  const recordUrl = manager.url()
  await expect(manager.getByRole('main')).toContainText(
    'Map the psychologist Daniel Tran to Halaxy in Halaxy settings, then retry.',
  )

  await mapDaniel(manager, 'PR-2104')
  await manager.goto(recordUrl)
  await manager.getByRole('button', { name: 'Retry', exact: true }).click()
  await expect(async () => {
    await manager.goto(recordUrl)
    await expect(manager.getByRole('definition').filter({ hasText: /^In Halaxy$/ })).toBeVisible({
      timeout: 1_000,
    })
  }).toPass({ timeout: 20_000 })

  // And it is there: one appointment in Halaxy at that time, with its patient.
  const appointments = (await (await request.get(`${E2E_HALAXY_CONTROL}/resources/Appointment`)).json()) as {
    start: string
  }[]
  expect(
    appointments.filter((a) => new Date(a.start).getTime() === new Date(bookedAt).getTime()),
    `${bookedAt} among ${JSON.stringify(appointments.map((a) => a.start))}`,
  ).toHaveLength(1)
  const patients = (await (await request.get(`${E2E_HALAXY_CONTROL}/resources/Patient`)).json()) as {
    name?: { family?: string; given?: string[] }[]
  }[]
  expect(patients.filter((p) => p.name?.some((n) => n.family === 'Singh'))).toHaveLength(1)
})
