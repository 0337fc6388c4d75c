// Booking a time through the route, signed in as a patient: the time is held and the patient
// sent to pay; a time gone meanwhile is refused with 409 and the next free times.
import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { availableSlots } from '~/domain/scheduling/availability.server.ts'
import { bookAppointment } from '~/domain/scheduling/booking.server.ts'
import { type Slot } from '~/domain/scheduling/slots.ts'
import { db } from '~/utils/db.server.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import { setStripeFault } from '../../../tests/mocks/stripe/faults.server.ts'
import {
  routeRequest,
  routeContext as context,
  signedInCookie,
  standInsForThisFile,
  thrown,
} from '../../../tests/setup/route-calls.ts'
import { action, loader } from './book.$slug.tsx'

const SLUG = 'amelia-nguyen'

let typeId: string
let slots: Slot[]

standInsForThisFile()

beforeAll(async () => {
  await seedDemoPractice(db)
  typeId = (await db.appointmentType.findFirstOrThrow({ where: { name: 'Standard session' } })).id
  const profile = await db.psychologistProfile.findFirstOrThrow({ where: { slug: SLUG } })
  slots = await availableSlots(profile, { durationMinutes: 50 })
})

async function signedIn(email: string) {
  const user = await db.user.findUniqueOrThrow({ where: { email } })
  return { patientId: user.id, cookie: await signedInCookie(user.id) }
}

const bookingForm = (slot: Slot) => ({
  intent: 'book',
  type: typeId,
  location: slot.locationId,
  start: slot.start.toISOString(),
  tz: 'Australia/Sydney',
  requestKey: randomUUID(),
})

const confirm = (cookie: string, fields: Record<string, string>) =>
  action({ request: routeRequest(`/book/${SLUG}`, cookie, fields), params: { slug: SLUG }, context })

describe('booking a time', () => {
  it('holds the time and sends the patient to pay for it', async () => {
    const { patientId, cookie } = await signedIn('patient1@haven.test')
    const response = (await confirm(cookie, bookingForm(slots[0]!))) as Response
    expect(response.status).toBe(302)
    const appointment = await db.appointment.findFirstOrThrow({
      where: { patientId, startsAt: slots[0]!.start },
      include: { invoice: { include: { payments: true } } },
    })
    expect(appointment.status).toBe('held')
    expect(response.headers.get('location')).toBe(appointment.invoice!.payments[0]!.checkoutUrl)
  })

  it('keeps the time held and sends the patient to the pay page when Stripe cannot be reached', async () => {
    const { patientId, cookie } = await signedIn('patient2@haven.test')
    await setStripeFault('down')
    let response: Response
    try {
      response = (await confirm(cookie, bookingForm(slots[1]!))) as Response
    } finally {
      await setStripeFault(null)
    }
    const appointment = await db.appointment.findFirstOrThrow({
      where: { patientId, startsAt: slots[1]!.start },
    })
    expect(appointment.status).toBe('held')
    expect(response.headers.get('location')).toBe(
      `/patient/appointments/${appointment.id}/pay?error=unavailable`,
    )
  })

  it('refuses a time someone else has with 409 and the next free times, booking nothing', async () => {
    const first = await signedIn('patient3@haven.test')
    await bookAppointment({
      patientId: first.patientId,
      slug: SLUG,
      appointmentTypeId: typeId,
      locationId: slots[2]!.locationId,
      start: slots[2]!.start,
      requestKey: randomUUID(),
    })
    const { patientId, cookie } = await signedIn('patient4@haven.test')
    const before = await db.appointment.count({ where: { patientId } })
    const reply = await confirm(cookie, bookingForm(slots[2]!))
    expect(reply).toMatchObject({
      init: { status: 409 },
      data: {
        result: { error: { '': [expect.stringMatching(/^That time (was just taken|is not available)\.$/)] } },
      },
    })
    const { details } = (
      reply as unknown as { data: { details: { reason: string; alternatives: unknown[] } } }
    ).data
    expect(['taken', 'unavailable']).toContain(details.reason)
    expect(details.alternatives.length).toBeGreaterThan(0)
    expect(await db.appointment.count({ where: { patientId } })).toBe(before)
  })

  it('refuses a form whose hidden fields were tampered with, with 400, booking nothing', async () => {
    const { patientId, cookie } = await signedIn('patient5@haven.test')
    const before = await db.appointment.count({ where: { patientId } })
    const reply = await confirm(cookie, { ...bookingForm(slots[3]!), requestKey: 'not-a-key' })
    expect(reply).toMatchObject({
      init: { status: 400 },
      data: {
        result: {
          error: { requestKey: ['That booking form was not complete. Please choose the time again.'] },
        },
      },
    })
    expect(await db.appointment.count({ where: { patientId } })).toBe(before)
  })
})

describe('the booking page', () => {
  const open = (cookie: string, slug: string, search: Record<string, string>) =>
    loader({
      request: routeRequest(`/book/${slug}?${new URLSearchParams(search)}`, cookie),
      params: { slug },
      context,
    })

  it('is not found for a psychologist who does not exist, and a 400 for an incomplete link', async () => {
    const { cookie } = await signedIn('patient6@haven.test')
    const { intent: _intent, requestKey: _key, ...link } = bookingForm(slots[4]!)
    expect(await open(cookie, SLUG, link)).toMatchObject({ slug: SLUG, available: true })
    expect(await thrown(open(cookie, 'no-such-psychologist', link))).toMatchObject({ status: 404 })
    expect(await thrown(open(cookie, SLUG, { type: typeId }))).toMatchObject({ status: 400 })
  })
})
