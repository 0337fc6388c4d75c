import { type Page } from '@playwright/test'
import { expect, test } from './test.ts'
import {
  addDays,
  DAY_MS,
  dayNumber,
  instantToZoned,
  isoWeekday,
  zonedDateTimeToInstant,
} from '../../app/domain/scheduling/zoned-time.ts'
import { formatDayHeading } from '../../app/utils/time.ts'
import { signInAs } from './sign-in.ts'

const SYDNEY = 'Australia/Sydney'

// James Okafor works 8–4 by telehealth on Tuesdays. booking.spec.ts books only his first free
// time, so a Tuesday three or four weeks ahead is his and this journey's alone.
function tuesdayAtLeast(daysAhead: number) {
  const from = addDays(instantToZoned(new Date(), SYDNEY).date, daysAhead)
  return addDays(from, (2 - isoWeekday(from) + 7) % 7)
}

const sydney = (date: string, hour: number) => zonedDateTimeToInstant({ date, minute: hour * 60 }, SYDNEY)!

/** Whether James's public profile offers a patient a session starting at `instant`. */
async function expectOffered(page: Page, instant: Date, offered: boolean) {
  // The profile shows seven-day spans counted from now; open the one that holds the instant.
  const week = Math.floor((instant.getTime() - Date.now()) / (7 * DAY_MS))
  await page.goto(`/psychologists/james-okafor?week=${week}`)
  await expect(page.getByRole('heading', { name: 'Available times' })).toBeVisible()
  await expect(page.locator(`time[datetime="${instant.toISOString()}"]`)).toHaveCount(offered ? 1 : 0)
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled })

    test('a psychologist blocks an afternoon from the day view, patients lose those times, and it is removed', async ({
      page,
      browser,
    }) => {
      // Two people signed in and a dozen page loads: more than the default 30 seconds on a busy machine.
      test.slow()
      const day = tuesdayAtLeast(javaScriptEnabled ? 21 : 28)
      const oneOClock = sydney(day, 13)
      const elevenOClock = sydney(day, 11)
      const patient = await (await browser.newContext({ javaScriptEnabled })).newPage()
      await signInAs(patient, javaScriptEnabled ? 'patient7@haven.test' : 'patient8@haven.test')
      await expectOffered(patient, oneOClock, true)

      await signInAs(page, 'dr.james.okafor@haven.test')
      await page.goto('/clinician/calendar')
      await page.getByRole('navigation', { name: 'Calendar view' }).getByRole('link', { name: 'Day' }).click()
      await expect(page.getByRole('heading', { name: 'Your day', level: 1 })).toBeVisible()
      await page.goto(`/clinician/calendar?view=day&date=${day}`)
      const heading = formatDayHeading(oneOClock, SYDNEY)
      const schedule = page.getByRole('region', { name: heading })
      await expect(schedule).toContainText('Nothing booked.')
      await expect(page.getByText(/Times in AE[DS]T \(Sydney, Canberra time\)/)).toBeVisible()

      const form = page.getByRole('region', { name: 'Block time off' })
      await expect(form.getByLabel('Date', { exact: true })).toHaveValue(day)
      // An end before the start is refused next to the end time, in the browser or by the server.
      await form.getByLabel('Start time').fill('16:00')
      await form.getByLabel('End time').fill('12:00')
      await form.getByRole('button', { name: 'Block this time' }).click()
      await expect(form.getByLabel('End time')).toHaveAccessibleDescription('The end must be after the start')

      await form.getByLabel('Start time').fill('12:00')
      await form.getByLabel('End time').fill('16:00')
      await form.getByLabel('Reason (optional)').fill('Supervision')
      await form.getByRole('button', { name: 'Block this time' }).click()
      await expect(page.getByRole('status')).toContainText('Time off added')
      const timeOff = schedule.getByRole('listitem').filter({ hasText: 'Time off' })
      await expect(timeOff).toContainText('12:00 pm–4:00 pm')
      await expect(timeOff).toContainText('Supervision')

      // The week view shows it too.
      await page
        .getByRole('navigation', { name: 'Calendar view' })
        .getByRole('link', { name: 'Week' })
        .click()
      await expect(page.getByRole('heading', { name: 'Your week', level: 1 })).toBeVisible()
      await expect(
        page.getByRole('region', { name: heading }).getByRole('listitem').filter({ hasText: 'Time off' }),
      ).toContainText('Supervision')

      // The patient is no longer offered the afternoon; the morning is still there.
      await expectOffered(patient, oneOClock, false)
      await expectOffered(patient, elevenOClock, true)

      await page.goto(`/clinician/calendar?view=day&date=${day}`)
      await schedule.getByRole('button', { name: /^Remove time off/ }).click()
      await expect(page.getByRole('status')).toContainText('Time off removed')
      await expect(schedule).toContainText('Nothing booked.')

      await expectOffered(patient, oneOClock, true)
    })
  })
}

test('odd addresses fall back to a default view, and no one can remove another psychologist’s time off', async ({
  page,
  browser,
}) => {
  await signInAs(page, 'dr.james.okafor@haven.test')
  const week = await page.goto('/clinician/calendar?view=fortnight&week=999')
  expect(week?.status()).toBe(200)
  await expect(page.getByRole('heading', { name: 'Your week', level: 1 })).toBeVisible()
  const day = await page.goto('/clinician/calendar?view=day&date=2026-02-31')
  expect(day?.status()).toBe(200)
  await expect(page.getByRole('heading', { name: 'Your day', level: 1 })).toBeVisible()

  // Daniel blocks a Sunday five weeks ahead (he never works Sundays, so nothing else notices).
  const sunday = addDays(tuesdayAtLeast(35), 5)
  const daniel = await (await browser.newContext()).newPage()
  await signInAs(daniel, 'daniel.tran@haven.test')
  await daniel.goto(`/clinician/calendar?view=day&date=${sunday}`)
  const form = daniel.getByRole('region', { name: 'Block time off' })
  await form.getByLabel('All day').check()
  await form.getByLabel('Reason (optional)').fill('Family wedding')
  await form.getByRole('button', { name: 'Block this time' }).click()
  await expect(daniel.getByRole('status')).toContainText('Time off added')
  const timeOffId = await daniel.locator('input[name="timeOffId"]').getAttribute('value')

  // James sends Daniel's id in his own remove form: refused, and nothing changes.
  await page.evaluate((id) => {
    const input = document.createElement('input')
    Object.assign(input, { type: 'hidden', name: 'timeOffId', value: id })
    const form = document.createElement('form')
    form.method = 'post'
    form.innerHTML = '<input type="hidden" name="intent" value="remove">'
    form.append(input)
    document.body.append(form)
    form.submit()
  }, timeOffId!)
  await expect(page.getByRole('alert')).toContainText('That time off is not on your calendar')
  await daniel.reload()
  const allDay = daniel.getByRole('listitem').filter({ hasText: 'Time off' })
  await expect(allDay).toContainText('All day')

  // The manager's combined calendar shows whose time off it is, but not the private reason.
  const manager = await (await browser.newContext()).newPage()
  await signInAs(manager, 'manager@haven.test')
  const monday = (date: string) => dayNumber(date) - isoWeekday(date) + 1
  const weeksAhead = (monday(sunday) - monday(instantToZoned(new Date(), SYDNEY).date)) / 7
  await manager.goto(`/manager/calendar?week=${weeksAhead}`)
  const managerView = manager.getByRole('region', { name: formatDayHeading(sydney(sunday, 12), SYDNEY) })
  await expect(managerView.getByRole('listitem').filter({ hasText: 'Time off' })).toContainText('Daniel Tran')
  await expect(managerView).not.toContainText('Family wedding')
  await allDay.getByRole('button', { name: /^Remove time off/ }).click()
  await expect(daniel.getByRole('status')).toContainText('Time off removed')
})
