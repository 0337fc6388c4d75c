// The staff appointment page's action, through the psychologist's and the manager's routes.
import { randomUUID } from 'node:crypto'
import { beforeAll, expect, it } from 'vitest'
import { availableSlots } from '~/domain/scheduling/availability.server.ts'
import { bookAppointment } from '~/domain/scheduling/booking.server.ts'
import { addDays, instantToZoned, isoWeekday } from '~/domain/scheduling/zoned-time.ts'
import { action as clinicianAction } from '~/routes/clinician+/appointments.$appointmentId.tsx'
import { action as managerAction } from '~/routes/manager+/appointments.$appointmentId.tsx'
import { db } from '~/utils/db.server.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import { cookieFor, postForm } from '../../../tests/setup/route-calls.ts'

let appointmentId: string
const cookies: Record<'manager' | 'hannah' | 'daniel', string> = { manager: '', hannah: '', daniel: '' }

const SYDNEY = 'Australia/Sydney'
const today = () => instantToZoned(new Date(), SYDNEY).date

/** The first `month-day` in Sydney after today, e.g. the next 12 January. */
function nextDate(monthDay: string) {
  const date = today()
  const thisYear = `${date.slice(0, 4)}-${monthDay}`
  return thisYear > date ? thisYear : `${Number(date.slice(0, 4)) + 1}-${monthDay}`
}

/** The next first Sunday of October in Sydney after today, when the clocks go forward. */
function nextClocksForward() {
  const first = nextDate('10-01')
  return addDays(first, (7 - isoWeekday(first)) % 7)
}

beforeAll(async () => {
  await seedDemoPractice(db)
  const patient = await db.user.findUniqueOrThrow({ where: { email: 'patient7@haven.test' } })
  const profile = await db.psychologistProfile.findFirstOrThrow({ where: { slug: 'hannah-kowalski' } })
  const type = await db.appointmentType.findFirstOrThrow({ where: { name: 'Standard session' } })
  const [slot] = await availableSlots(profile, { durationMinutes: type.durationMinutes })
  appointmentId = (
    await bookAppointment({
      patientId: patient.id,
      slug: 'hannah-kowalski',
      appointmentTypeId: type.id,
      locationId: slot!.locationId,
      start: slot!.start,
      requestKey: randomUUID(),
    })
  ).id
  cookies.manager = await cookieFor('manager@haven.test')
  cookies.hannah = await cookieFor('hannah.kowalski@haven.test')
  cookies.daniel = await cookieFor('daniel.tran@haven.test')
})

const asManager = (fields: Record<string, string>) =>
  postForm(managerAction, {
    path: `/manager/appointments/${appointmentId}`,
    params: { appointmentId },
    cookie: cookies.manager,
    fields,
  })

const asPsychologist = (who: 'hannah' | 'daniel', fields: Record<string, string>) =>
  postForm(clinicianAction, {
    path: `/clinician/appointments/${appointmentId}`,
    params: { appointmentId },
    cookie: cookies[who],
    fields,
  })

const current = () => db.appointment.findUniqueOrThrow({ where: { id: appointmentId } })

it('names each missing field of a move, and changes nothing', async () => {
  const answer = await asManager({ intent: 'reschedule', version: '1', date: '', time: '9am', reason: '' })
  expect(answer).toMatchObject({
    status: 400,
    body: {
      result: {
        error: {
          date: ['Choose a date.'],
          time: ['Choose a time.'],
          reason: ['Give a reason for the change.'],
        },
      },
    },
  })
  expect((await current()).version).toBe(1)
})

it('refuses a wall-clock time that does not exist when the clocks go forward', async () => {
  // Sydney skips 2:00–3:00 am on the first Sunday of October.
  const answer = await asManager({
    intent: 'reschedule',
    version: '1',
    date: nextClocksForward(),
    time: '02:30',
    reason: 'Asked',
  })
  expect(answer).toMatchObject({
    status: 400,
    body: { result: { error: { time: [expect.stringMatching(/clocks go forward/)] } } },
  })
})

it('answers an unknown intent plainly, and a stale version as a conflict on the form', async () => {
  expect((await asManager({ intent: 'delete', version: '1' })).status).toBe(400)
  const stale = await asManager({ intent: 'cancel', version: '7', reason: 'Asked' })
  expect(stale).toMatchObject({
    status: 409,
    body: { result: { error: { '': [expect.stringMatching(/has changed/)] } } },
  })
  expect((await current()).status).not.toBe('cancelled')
})

it('keeps another psychologist’s session from a psychologist: not found, and nothing changes', async () => {
  const answer = await asPsychologist('daniel', { intent: 'cancel', version: '1', reason: 'Mine now' })
  expect(answer.status).toBe(404)
  expect(await current()).toMatchObject({ version: 1, status: 'confirmed' })
})

it('moves in the session’s own zone and sends the person back to the page with a notice', async () => {
  // The next 12 January: a Sydney summer day ahead of today, whatever today is.
  const date = nextDate('01-12')
  const moved = await asPsychologist('hannah', {
    intent: 'reschedule',
    version: '1',
    date,
    time: '18:30',
    reason: 'Asked',
  })
  expect(moved).toMatchObject({
    status: 302,
    location: `/clinician/appointments/${appointmentId}`,
    notice: { message: 'The session has moved. The patient will be told of the new time.' },
  })
  // 6:30 pm in a Sydney summer (AEDT, UTC+11) is 7:30 am UTC.
  expect((await current()).startsAt.toISOString()).toBe(`${date}T07:30:00.000Z`)

  const cancelled = await asManager({ intent: 'cancel', version: '2', reason: 'Unwell' })
  expect(cancelled).toMatchObject({
    status: 302,
    location: `/manager/appointments/${appointmentId}`,
    notice: { message: 'The session is cancelled. The patient will be told.' },
  })
  expect(await current()).toMatchObject({ status: 'cancelled', version: 3 })
})
