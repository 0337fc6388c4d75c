// Moving and paying for a session through the route actions, signed in as the patient: a
// success redirects (with a flash notice where the page says what happened), a refusal is the
// form's reply with its status, and someone else's appointment is simply not found.
import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { availableSlots } from '~/domain/scheduling/availability.server.ts'
import { bookAppointment } from '~/domain/scheduling/booking.server.ts'
import { type Slot } from '~/domain/scheduling/slots.ts'
import { db } from '~/utils/db.server.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import { setStripeFault } from '../../../tests/mocks/stripe/faults.server.ts'
import {
  noticeOf,
  routeRequest,
  routeContext as context,
  signedInCookie,
  standInsForThisFile,
  thrown,
} from '../../../tests/setup/route-calls.ts'
import { action as pay } from './appointments_.$appointmentId.pay.tsx'
import { action as reschedule } from './appointments_.$appointmentId.reschedule.tsx'

const DAY = 24 * 60 * 60 * 1000
const SLUG = 'hannah-kowalski'

let typeId: string
let laterSlots: Slot[]

standInsForThisFile()

beforeAll(async () => {
  await seedDemoPractice(db)
  typeId = (await db.appointmentType.findFirstOrThrow({ where: { name: 'Standard session' } })).id
  const profile = await db.psychologistProfile.findFirstOrThrow({ where: { slug: SLUG } })
  // Well past the 48 hours inside which a patient may no longer move a session, at one place.
  const slots = (await availableSlots(profile, { durationMinutes: 50 })).filter(
    (slot) => slot.start.getTime() > Date.now() + 4 * DAY,
  )
  laterSlots = slots.filter((slot) => slot.locationId === slots[0]!.locationId)
})

async function signedIn(email: string) {
  const user = await db.user.findUniqueOrThrow({ where: { email } })
  return { patientId: user.id, cookie: await signedInCookie(user.id) }
}

const book = (patientId: string, slot: Slot, holdMinutes?: number) =>
  bookAppointment({
    patientId,
    slug: SLUG,
    appointmentTypeId: typeId,
    locationId: slot.locationId,
    start: slot.start,
    requestKey: randomUUID(),
    holdMinutes,
  })

describe('moving a session', () => {
  const move = (cookie: string, appointmentId: string, fields: { version: number; start: Date }) =>
    reschedule({
      request: routeRequest(`/patient/appointments/${appointmentId}/reschedule`, cookie, {
        intent: 'reschedule',
        version: String(fields.version),
        start: fields.start.toISOString(),
        tz: 'Australia/Sydney',
      }),
      params: { appointmentId },
      context,
    })

  it('moves it, says so on the appointments page once, and refuses the same form again as stale', async () => {
    const { patientId, cookie } = await signedIn('patient1@haven.test')
    const appointment = await book(patientId, laterSlots[0]!)
    const to = laterSlots[1]!.start

    const response = (await move(cookie, appointment.id, {
      version: appointment.version,
      start: to,
    })) as Response
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/patient/appointments')
    expect(await noticeOf(response)).toEqual({
      message: 'Your session has moved. Your calendar file has the new time.',
      path: '/patient/appointments',
    })
    const moved = await db.appointment.findUniqueOrThrow({ where: { id: appointment.id } })
    expect(moved.startsAt).toEqual(to)

    const stale = await move(cookie, appointment.id, {
      version: appointment.version,
      start: laterSlots[2]!.start,
    })
    expect(stale).toMatchObject({
      init: { status: 409 },
      data: { result: { error: { '': [expect.stringMatching(/has changed since the page was opened/)] } } },
    })
    expect((await db.appointment.findUniqueOrThrow({ where: { id: appointment.id } })).startsAt).toEqual(to)
  })

  it('refuses a time that is not offered with 409 and the next free times', async () => {
    const { patientId, cookie } = await signedIn('patient2@haven.test')
    const appointment = await book(patientId, laterSlots[3]!)
    const offGrid = new Date(laterSlots[4]!.start.getTime() + 7 * 60_000)
    const reply = await move(cookie, appointment.id, { version: appointment.version, start: offGrid })
    expect(reply).toMatchObject({
      init: { status: 409 },
      data: {
        result: { error: { '': ['That time is not available.'] } },
        details: { reason: 'unavailable' },
      },
    })
    const { alternatives } = (reply as unknown as { data: { details: { alternatives: unknown[] } } }).data
      .details
    expect(alternatives.length).toBeGreaterThan(0)
    expect(alternatives[0]).toEqual({
      start: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      modality: expect.any(String),
      locationId: expect.any(String),
    })
    const kept = await db.appointment.findUniqueOrThrow({ where: { id: appointment.id } })
    expect(kept.startsAt).toEqual(laterSlots[3]!.start)
  })

  it("is not found for another patient's appointment, which stays where it was", async () => {
    const owner = await signedIn('patient3@haven.test')
    const appointment = await book(owner.patientId, laterSlots[5]!)
    const { cookie } = await signedIn('patient4@haven.test')
    const answer = await thrown(move(cookie, appointment.id, { version: 1, start: laterSlots[6]!.start }))
    expect(answer).toMatchObject({ status: 404 })
    const kept = await db.appointment.findUniqueOrThrow({ where: { id: appointment.id } })
    expect(kept.startsAt).toEqual(laterSlots[5]!.start)
  })

  it("answers another patient's malformed form with 404, not the form's 400", async () => {
    const owner = await signedIn('patient9@haven.test')
    const appointment = await book(owner.patientId, laterSlots[11]!)
    const { cookie } = await signedIn('patient10@haven.test')
    const malformed = reschedule({
      request: routeRequest(`/patient/appointments/${appointment.id}/reschedule`, cookie, {
        intent: 'reschedule',
        version: 'none',
      }),
      params: { appointmentId: appointment.id },
      context,
    })
    expect(await thrown(malformed)).toMatchObject({ status: 404 })
    expect(
      await thrown(move(cookie, 'no-such-appointment', { version: 1, start: laterSlots[6]!.start })),
    ).toMatchObject({ status: 404 })
  })
})

describe('paying for a held session', () => {
  const payFor = (cookie: string, appointmentId: string) =>
    pay({
      request: routeRequest(`/patient/appointments/${appointmentId}/pay`, cookie, { intent: 'pay' }),
      params: { appointmentId },
      context,
    })

  it('sends the patient to Stripe Checkout', async () => {
    const { patientId, cookie } = await signedIn('patient5@haven.test')
    const appointment = await book(patientId, laterSlots[7]!, 30)
    const response = (await payFor(cookie, appointment.id)) as Response
    expect(response.status).toBe(302)
    const payment = await db.payment.findFirstOrThrow({
      where: { invoice: { appointmentId: appointment.id } },
    })
    expect(payment.checkoutUrl).toBeTruthy()
    expect(response.headers.get('location')).toBe(payment.checkoutUrl)
  })

  it('refuses, with 409, a session already paid for, and one Stripe cannot be reached for', async () => {
    const { patientId, cookie } = await signedIn('patient6@haven.test')
    const confirmed = await book(patientId, laterSlots[8]!)
    expect(await payFor(cookie, confirmed.id)).toMatchObject({
      init: { status: 409 },
      data: { result: { error: { '': ['This session is already paid for and confirmed.'] } } },
    })

    const held = await book(patientId, laterSlots[9]!, 30)
    await setStripeFault('down')
    try {
      expect(await payFor(cookie, held.id)).toMatchObject({
        init: { status: 409 },
        data: { result: { error: { '': [expect.stringMatching(/could not reach the payment service/)] } } },
      })
    } finally {
      await setStripeFault(null)
    }
    expect((await db.appointment.findUniqueOrThrow({ where: { id: held.id } })).status).toBe('held')
  })

  it("is not found for another patient's booking", async () => {
    const owner = await signedIn('patient7@haven.test')
    const held = await book(owner.patientId, laterSlots[10]!, 30)
    const { cookie } = await signedIn('patient8@haven.test')
    expect(await thrown(payFor(cookie, held.id))).toMatchObject({ status: 404 })
    expect(await db.payment.count({ where: { invoice: { appointmentId: held.id } } })).toBe(0)
  })
})
