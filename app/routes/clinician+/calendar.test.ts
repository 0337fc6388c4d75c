// Blocking and removing time off from the clinician's calendar, as the page sends the forms.
import { randomUUID } from 'node:crypto'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { availableSlots } from '~/domain/scheduling/availability.server.ts'
import { bookAppointment } from '~/domain/scheduling/booking.server.ts'
import { addDays, instantToZoned } from '~/domain/scheduling/zoned-time.ts'
import { db } from '~/utils/db.server.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import { cookieFor, postForm } from '../../../tests/setup/route-calls.ts'
import { action } from './calendar.tsx'

const SYDNEY = 'Australia/Sydney'
const today = () => instantToZoned(new Date(), SYDNEY).date

let hannah: { id: string; cookie: string }
let daniel: { id: string; cookie: string }

beforeAll(async () => {
  await seedDemoPractice(db)
  const signedIn = async (email: string) => ({
    id: (await db.user.findUniqueOrThrow({ where: { email } })).id,
    cookie: await cookieFor(email),
  })
  hannah = await signedIn('hannah.kowalski@haven.test')
  daniel = await signedIn('daniel.tran@haven.test')
})

const post = (who: { cookie: string }, fields: Record<string, string>, search = '?view=week&week=0') =>
  postForm(action, { path: `/clinician/calendar${search}`, cookie: who.cookie, fields })

const timeOffOf = (psychologistId: string) => db.timeOff.findMany({ where: { psychologistId } })

describe('blocking time off', () => {
  it('blocks the day and opens it, with a notice', async () => {
    const date = addDays(today(), 40)
    const answer = await post(daniel, { intent: 'block', date, allDay: 'on', reason: 'Conference' })
    expect(answer).toMatchObject({
      status: 302,
      location: `/clinician/calendar?view=day&date=${date}`,
      notice: { message: 'Time off added. Patients are no longer offered those times.' },
    })
    expect(await timeOffOf(daniel.id)).toEqual([expect.objectContaining({ reason: 'Conference' })])
  })

  it('refuses a block already over beside its date, and blocks nothing', async () => {
    const before = await timeOffOf(hannah.id)
    const answer = await post(hannah, { intent: 'block', date: addDays(today(), -2), allDay: 'on' })
    expect(answer).toMatchObject({
      status: 400,
      body: { result: { error: { date: ['That time has already passed.'] } } },
    })
    expect(await timeOffOf(hannah.id)).toEqual(before)
  })

  it('answers a block over a booked session as a conflict naming it', async () => {
    const patient = await db.user.findUniqueOrThrow({ where: { email: 'patient5@haven.test' } })
    const profile = await db.psychologistProfile.findFirstOrThrow({ where: { slug: 'hannah-kowalski' } })
    const type = await db.appointmentType.findFirstOrThrow({ where: { name: 'Standard session' } })
    const [slot] = await availableSlots(profile, { durationMinutes: type.durationMinutes })
    await bookAppointment({
      patientId: patient.id,
      slug: 'hannah-kowalski',
      appointmentTypeId: type.id,
      locationId: slot!.locationId,
      start: slot!.start,
      requestKey: randomUUID(),
    })
    const date = instantToZoned(slot!.start, SYDNEY).date
    const answer = await post(hannah, { intent: 'block', date, allDay: 'on' })
    expect(answer).toMatchObject({
      status: 409,
      body: { result: { error: { '': [expect.stringContaining(patient.name)] } } },
    })
    expect(await timeOffOf(hannah.id)).toEqual([])
  })
})

describe('removing time off', () => {
  beforeEach(() => db.timeOff.deleteMany({ where: { psychologistId: daniel.id } }))

  it('removes one’s own and stays on the same view, with a notice', async () => {
    await post(daniel, { intent: 'block', date: addDays(today(), 42), allDay: 'on' })
    const [timeOff] = await timeOffOf(daniel.id)
    const answer = await post(daniel, { intent: 'remove', timeOffId: timeOff!.id }, '?view=week&week=6')
    expect(answer).toMatchObject({
      status: 302,
      location: '/clinician/calendar?view=week&week=6',
      notice: {
        message: 'Time off removed. Patients can book those times again, within your working hours.',
      },
    })
    expect(await timeOffOf(daniel.id)).toEqual([])
  })

  it('finds no one else’s: another psychologist’s time off is not found, and stays', async () => {
    const date = addDays(today(), 41)
    await post(daniel, { intent: 'block', date, allDay: 'on' })
    const [timeOff] = await timeOffOf(daniel.id)
    const answer = await post(hannah, { intent: 'remove', timeOffId: timeOff!.id })
    expect(answer).toMatchObject({
      status: 404,
      body: expect.stringContaining('That time off is not on your calendar'),
    })
    expect(await timeOffOf(daniel.id)).toHaveLength(1)
  })
})
