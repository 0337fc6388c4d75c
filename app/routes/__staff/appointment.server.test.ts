import { randomUUID } from 'node:crypto'
import { beforeAll, expect, it } from 'vitest'
import { availableSlots } from '~/domain/scheduling/availability.server.ts'
import { addDays, instantToZoned, isoWeekday } from '~/domain/scheduling/zoned-time.ts'
import { bookAppointment } from '~/domain/scheduling/booking.server.ts'
import { db } from '~/utils/db.server.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import { handleStaffAppointmentAction } from './appointment.server.ts'

let appointmentId: string
let managerId: string

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
  managerId = (await db.user.findUniqueOrThrow({ where: { email: 'manager@haven.test' } })).id
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
})

function post(fields: Record<string, string>) {
  const request = new Request(`http://localhost/manager/appointments/${appointmentId}`, {
    method: 'POST',
    body: new URLSearchParams(fields),
  })
  return handleStaffAppointmentAction(request, { appointmentId, scope: {}, actorId: managerId })
}

async function answer(response: unknown) {
  const result = response as {
    init?: { status?: number }
    data?: unknown
    status?: number
    headers?: Headers
  }
  return {
    status: result.init?.status ?? result.status,
    body: result.data,
    location: result.headers?.get('Location'),
  }
}

it('names each missing field of a move, and changes nothing', async () => {
  const { status, body } = await answer(
    await post({ intent: 'reschedule', version: '1', date: '', time: '9am', reason: '' }),
  )
  expect(status).toBe(400)
  expect(body).toMatchObject({
    intent: 'reschedule',
    fieldErrors: {
      date: ['Choose a date.'],
      time: ['Choose a time.'],
      reason: ['Give a reason for the change.'],
    },
  })
  expect((await db.appointment.findUniqueOrThrow({ where: { id: appointmentId } })).version).toBe(1)
})

it('refuses a wall-clock time that does not exist when the clocks go forward', async () => {
  // Sydney skips 2:00–3:00 am on the first Sunday of October.
  const { status, body } = await answer(
    await post({
      intent: 'reschedule',
      version: '1',
      date: nextClocksForward(),
      time: '02:30',
      reason: 'Asked',
    }),
  )
  expect(status).toBe(400)
  expect(body).toMatchObject({ fieldErrors: { time: [expect.stringMatching(/clocks go forward/)] } })
})

it('answers an unknown intent plainly, and a stale version as a conflict', async () => {
  expect((await answer(await post({ intent: 'delete', version: '1' }))).status).toBe(400)
  const stale = await answer(await post({ intent: 'cancel', version: '7', reason: 'Asked' }))
  expect(stale).toMatchObject({ status: 409, body: { formError: expect.stringMatching(/has changed/) } })
})

it('moves in the session’s own zone and sends the person back to the page', async () => {
  // The next 12 January: a Sydney summer day ahead of today, whatever today is.
  const date = nextDate('01-12')
  const moved = await answer(
    await post({ intent: 'reschedule', version: '1', date, time: '18:30', reason: 'Asked' }),
  )
  expect(moved.status).toBe(302)
  expect(moved.location).toBe(`/manager/appointments/${appointmentId}?done=moved`)
  const appointment = await db.appointment.findUniqueOrThrow({ where: { id: appointmentId } })
  // 6:30 pm in a Sydney summer (AEDT, UTC+11) is 7:30 am UTC.
  expect(appointment.startsAt.toISOString()).toBe(`${date}T07:30:00.000Z`)
})
