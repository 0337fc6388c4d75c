import { type APIRequestContext, type Page } from '@playwright/test'
import { expect, test } from './test.ts'
import { instantToZoned } from '../../app/domain/scheduling/zoned-time.ts'
import { continueAndPay } from './fixtures.ts'
import { E2E_HALAXY_CONTROL } from './settings.ts'
import { signInAs } from './sign-in.ts'

// What Halaxy tells Haven, end to end: the e2e server's local Halaxy plays a clinician using
// Halaxy's own screens (its control port) and sends Haven its webhooks, as Halaxy does.
const AMELIA_IN_HALAXY = 'PR-2101'
const MINUTE = 60_000

type HalaxyAppointment = { id: string; start: string; end: string; status: string }

async function halaxyAppointments(request: APIRequestContext) {
  return (await (
    await request.get(`${E2E_HALAXY_CONTROL}/resources/Appointment`)
  ).json()) as HalaxyAppointment[]
}

/** The nth time Dr Amelia Nguyen's profile offers in a week ahead (only this file books her week 9). */
async function offeredTime(page: Page, nth: number) {
  await page.goto('/psychologists/amelia-nguyen?week=9')
  const slot = page.getByRole('link', { name: /book this time/ }).nth(nth)
  return { slot, start: new Date((await slot.locator('time').getAttribute('datetime'))!) }
}

async function expectOffered(page: Page, start: Date, offered: boolean) {
  await expect(async () => {
    await page.goto('/psychologists/amelia-nguyen?week=9')
    await expect(page.locator(`time[datetime="${start.toISOString()}"]`)).toHaveCount(offered ? 1 : 0, {
      timeout: 1_000,
    })
  }).toPass({ timeout: 20_000 })
}

test('a session booked in Halaxy itself stops being offered in Haven, shows on the calendar, and comes back when cancelled there', async ({
  page,
  browser,
  request,
}) => {
  test.slow()
  const { start } = await offeredTime(page, 3)
  const booked = await request.post(`${E2E_HALAXY_CONTROL}/front-end/Appointment`, {
    data: {
      practitionerRoleId: AMELIA_IN_HALAXY,
      start: start.toISOString(),
      end: new Date(start.getTime() + 50 * MINUTE).toISOString(),
    },
  })
  expect(booked.status()).toBe(201)
  const made = (await booked.json()) as HalaxyAppointment
  await expectOffered(page, start, false)

  // Dr Nguyen sees why the time is gone, and that it is changed in Halaxy, not here.
  const clinician = await (await browser.newContext()).newPage()
  await signInAs(clinician, 'dr.amelia.nguyen@haven.test')
  const day = instantToZoned(start, 'Australia/Sydney').date
  await clinician.goto(`/clinician/calendar?view=day&date=${day}`)
  const entry = clinician.getByRole('listitem').filter({ hasText: 'Busy in Halaxy' })
  await expect(entry).toContainText('Booked in Halaxy; change it there.')
  await expect(entry.getByRole('button')).toHaveCount(0)

  const cancelled = await request.patch(`${E2E_HALAXY_CONTROL}/front-end/Appointment/${made.id}`, {
    data: { cancelled: true },
  })
  expect(cancelled.ok()).toBe(true)
  await expectOffered(page, start, true)
})

test('a session moved in Halaxy shows to the manager as changed there, and Haven’s time is sent back', async ({
  browser,
  request,
}) => {
  test.slow()
  const patient = await (await browser.newContext()).newPage()
  await signInAs(patient, 'patient6@haven.test')
  const { slot, start } = await offeredTime(patient, 6)
  await slot.click()
  await continueAndPay(patient)

  // Haven books it in Halaxy.
  let inHalaxy: HalaxyAppointment | undefined
  await expect(async () => {
    inHalaxy = (await halaxyAppointments(request)).find(
      (appointment) => new Date(appointment.start).getTime() === start.getTime(),
    )
    expect(inHalaxy).toBeDefined()
  }).toPass({ timeout: 20_000 })

  // Someone moves it an hour later in Halaxy's own screens.
  const later = new Date(start.getTime() + 60 * MINUTE)
  const moved = await request.patch(`${E2E_HALAXY_CONTROL}/front-end/Appointment/${inHalaxy!.id}`, {
    data: { start: later.toISOString(), end: new Date(later.getTime() + 50 * MINUTE).toISOString() },
  })
  expect(moved.ok()).toBe(true)

  const manager = await (await browser.newContext()).newPage()
  await signInAs(manager, 'manager@haven.test')
  const row = manager.getByRole('row').filter({ hasText: 'Jack Whitehouse with Dr Amelia Nguyen' })
  await expect(async () => {
    await manager.goto('/manager/sync?state=needs_attention&entity=appointment')
    await expect(row.first()).toContainText('Changed in Halaxy: time.', { timeout: 1_000 })
  }).toPass({ timeout: 20_000 })
  await manager.goto('/manager/sync')
  await expect(manager.getByRole('region', { name: 'From Halaxy' })).toContainText(/Last webhook.*received/)
  await manager.goto('/manager/sync?state=needs_attention&entity=appointment')
  await row.first().getByRole('link').click()
  const drift = manager.getByRole('region', { name: 'Changed in Halaxy' })
  await expect(drift).toContainText('time')
  await drift.getByRole('button', { name: 'Send Haven’s version to Halaxy' }).click()
  await expect(manager.getByRole('status')).toContainText('Haven’s version will be sent to Halaxy shortly')

  // Halaxy has Haven's time again, and the record is in step.
  await expect(async () => {
    const current = (await halaxyAppointments(request)).find((appointment) => appointment.id === inHalaxy!.id)
    expect(new Date(current!.start).getTime()).toBe(start.getTime())
  }).toPass({ timeout: 20_000 })
  await expect(async () => {
    await manager.reload()
    await expect(manager.getByRole('definition').filter({ hasText: /^In Halaxy$/ })).toBeVisible({
      timeout: 1_000,
    })
  }).toPass({ timeout: 20_000 })
  await expect(manager.getByRole('region', { name: 'Changed in Halaxy' })).toHaveCount(0)
})
