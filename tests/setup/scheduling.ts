import { randomUUID } from 'node:crypto'
import { slotRequestsFor } from '~/domain/scheduling/availability.server.ts'
import { bookAppointment } from '~/domain/scheduling/booking.server.ts'
import { generateSlots, type Slot } from '~/domain/scheduling/slots.ts'
import { db } from '~/utils/db.server.ts'
import { seedDemoPractice } from '../../prisma/seed.ts'

// For the scheduling tests over the demo practice (seedDemoPractice): the times a psychologist
// offers, and bookings of them made as the booking page makes them.

/** Seeds the demo practice; the people these tests act as, and the session type they book. */
export async function seedSchedulingDemo() {
  await seedDemoPractice(db)
  const user = (email: string) => db.user.findUniqueOrThrow({ where: { email } }).then((found) => found.id)
  const profiles = await db.psychologistProfile.findMany({ where: { slug: { not: null } } })
  return {
    patientId: await user('patient7@haven.test'),
    otherPatientId: await user('patient8@haven.test'),
    managerId: await user('manager@haven.test'),
    typeId: (await db.appointmentType.findFirstOrThrow({ where: { name: 'Standard session' } })).id,
    /** Psychologists' user ids by their slug. */
    psychologists: Object.fromEntries(profiles.map((profile) => [profile.slug!, profile.userId])),
  }
}

/** The 50-minute sessions a psychologist offers at `now`, soonest first. */
export async function offeredSlots(slug: string, now: Date) {
  const profile = await db.psychologistProfile.findFirstOrThrow({ where: { slug } })
  const request = (await slotRequestsFor([profile], { durationMinutes: 50, now })).get(profile.userId)!
  return generateSlots(request)
}

export const isOffered = (slots: Slot[], start: Date) =>
  slots.some((slot) => slot.start.getTime() === start.getTime())

/** Books an offered time for a patient (held for payment when `holdMinutes` is given). */
export function bookSlot(input: {
  patientId: string
  slug: string
  appointmentTypeId: string
  slot: Slot
  now: Date
  holdMinutes?: number
}) {
  return bookAppointment({
    patientId: input.patientId,
    slug: input.slug,
    appointmentTypeId: input.appointmentTypeId,
    locationId: input.slot.locationId,
    start: input.slot.start,
    requestKey: randomUUID(),
    holdMinutes: input.holdMinutes,
    now: input.now,
  })
}

/** What happened to an appointment, oldest first, as the kinds of its events. */
export async function appointmentHistory(appointmentId: string) {
  const events = await db.appointmentEvent.findMany({ where: { appointmentId }, orderBy: { at: 'asc' } })
  return events.map((event) => event.kind)
}
