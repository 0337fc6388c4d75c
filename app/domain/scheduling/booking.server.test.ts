import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { appointmentChangedQueue } from '~/utils/queues.server.ts'
import { queuedJobs } from '../../../tests/setup/jobs.ts'
import { offeredSlots, seedSchedulingDemo } from '../../../tests/setup/scheduling.ts'
import { SlotUnavailableError } from './appointment-errors.ts'
import { bookAppointment } from './booking.server.ts'

const NOW = new Date('2026-12-06T21:00:00Z') // Monday 8:00 am in Sydney
let patientId: string
let otherPatientId: string
let typeId: string

beforeAll(async () => {
  ;({ patientId, otherPatientId, typeId } = await seedSchedulingDemo())
})

const booking = (
  slot: { start: Date; locationId: string },
  overrides: Partial<Parameters<typeof bookAppointment>[0]> = {},
) => ({
  patientId,
  slug: 'hannah-kowalski',
  appointmentTypeId: typeId,
  locationId: slot.locationId,
  start: slot.start,
  requestKey: randomUUID(),
  now: NOW,
  ...overrides,
})

describe('booking', () => {
  it('books an offered time, adds the psychologist to the care team, and enqueues the follow-up', async () => {
    const [slot] = await offeredSlots('hannah-kowalski', NOW)
    const appointment = await bookAppointment(booking(slot!))
    expect(appointment).toMatchObject({
      status: 'confirmed',
      startsAt: slot!.start,
      timeZone: 'Australia/Sydney',
    })
    expect(appointment.endsAt.getTime() - appointment.startsAt.getTime()).toBe(50 * 60_000)
    expect(
      await db.careAssignment.count({ where: { patientId, psychologistId: appointment.psychologistId } }),
    ).toBe(1)
    const jobs = await queuedJobs(appointmentChangedQueue.name)
    expect(jobs.map((job) => job.data)).toContainEqual({ appointmentId: appointment.id, version: 1 })
    // The time is gone from what others are offered.
    expect(
      (await offeredSlots('hannah-kowalski', NOW)).some(
        (free) => free.start.getTime() === slot!.start.getTime(),
      ),
    ).toBe(false)
  })

  it('books once when the same form is sent twice', async () => {
    const [, slot] = await offeredSlots('hannah-kowalski', NOW)
    const request = booking(slot!)
    const [first, second] = await Promise.all([bookAppointment(request), bookAppointment(request)])
    expect(second.id).toBe(first.id)
    expect(await db.appointment.count({ where: { requestKey: request.requestKey } })).toBe(1)
  })

  it('refuses a time that is taken, tampered or in the past, offering the next free times', async () => {
    const slots = await offeredSlots('daniel-tran', NOW)
    await bookAppointment(booking(slots[0]!, { slug: 'daniel-tran' }))
    const taken = await bookAppointment(
      booking(slots[0]!, { slug: 'daniel-tran', patientId: otherPatientId }),
    ).catch((e) => e)
    expect(taken).toBeInstanceOf(SlotUnavailableError)
    expect(taken.alternatives.length).toBeGreaterThan(0)
    const shifted = { ...slots[1]!, start: new Date(slots[1]!.start.getTime() + 7 * 60_000) }
    await expect(bookAppointment(booking(shifted, { slug: 'daniel-tran' }))).rejects.toBeInstanceOf(
      SlotUnavailableError,
    )
    const past = { ...slots[1]!, start: new Date(NOW.getTime() - 3_600_000) }
    await expect(bookAppointment(booking(past, { slug: 'daniel-tran' }))).rejects.toBeInstanceOf(
      SlotUnavailableError,
    )
  })

  it('lets exactly one of many simultaneous bookings of one time land', async () => {
    const [slot] = await offeredSlots('james-okafor', NOW)
    const patients = await db.user.findMany({ where: { email: { startsWith: 'patient' } }, take: 10 })
    const attempts = await Promise.allSettled(
      patients.map((patient) =>
        bookAppointment(booking(slot!, { slug: 'james-okafor', patientId: patient.id })),
      ),
    )
    expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1)
    for (const attempt of attempts) {
      if (attempt.status === 'rejected') expect(attempt.reason).toBeInstanceOf(SlotUnavailableError)
    }
  })
})
