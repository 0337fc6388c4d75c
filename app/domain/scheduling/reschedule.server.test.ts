// A patient moves their own appointment: to another offered time only, outside the notice
// window, never onto time just blocked off, and never from a stale form.
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { appointmentChangedQueue } from '~/utils/queues.server.ts'
import { queuedJobs } from '../../../tests/setup/jobs.ts'
import { bookSlot, isOffered, offeredSlots, seedSchedulingDemo } from '../../../tests/setup/scheduling.ts'
import { BookingNotFoundError, SlotUnavailableError, StaleAppointmentError } from './appointment-errors.ts'
import { rescheduleAppointmentAsPatient } from './reschedule.server.ts'
import { type Slot } from './slots.ts'
import { cancelAppointmentAsStaff } from './staff-changes.server.ts'

const NOW = new Date('2026-12-06T21:00:00Z') // Monday 8:00 am in Sydney
const HOUR = 3_600_000
let patientId: string
let otherPatientId: string
let typeId: string
let psychologists: Record<string, string>

beforeAll(async () => {
  ;({ patientId, otherPatientId, typeId, psychologists } = await seedSchedulingDemo())
})

const book = (slug: string, slot: Slot, extra: { holdMinutes?: number; patientId?: string } = {}) =>
  bookSlot({ patientId, slug, appointmentTypeId: typeId, slot, now: NOW, ...extra })

describe('a patient moves their appointment', () => {
  it('moves to another offered time, frees the old one, and keeps one appointment', async () => {
    const slots = await offeredSlots('daniel-tran', NOW)
    const from = slots.find((slot) => slot.start.getTime() - NOW.getTime() > 72 * HOUR)!
    const to = slots.find(
      (slot) =>
        slot.locationId === from.locationId && slot.start.getTime() - from.start.getTime() > 24 * HOUR,
    )!
    const appointment = await book('daniel-tran', from)
    await rescheduleAppointmentAsPatient({
      appointmentId: appointment.id,
      patientId,
      version: 1,
      start: to.start,
      now: NOW,
    })
    const moved = await db.appointment.findUniqueOrThrow({ where: { id: appointment.id } })
    expect(moved).toMatchObject({ startsAt: to.start, status: 'confirmed', version: 2 })
    expect(moved.endsAt.getTime() - moved.startsAt.getTime()).toBe(50 * 60_000)
    const event = await db.appointmentEvent.findFirstOrThrow({
      where: { appointmentId: appointment.id, kind: 'rescheduled' },
    })
    expect(event).toMatchObject({ fromStartsAt: from.start, toStartsAt: to.start, actorId: patientId })
    const after = await offeredSlots('daniel-tran', NOW)
    expect(isOffered(after, from.start)).toBe(true)
    expect(isOffered(after, to.start)).toBe(false)
    expect((await queuedJobs(appointmentChangedQueue.name)).map((job) => job.data)).toContainEqual({
      appointmentId: appointment.id,
      version: 2,
    })

    // The form from before the move is stale now and changes nothing.
    const [other] = after.filter((slot) => slot.start.getTime() - NOW.getTime() > 72 * HOUR)
    await expect(
      rescheduleAppointmentAsPatient({
        appointmentId: appointment.id,
        patientId,
        version: 1,
        start: other!.start,
        now: NOW,
      }),
    ).rejects.toBeInstanceOf(StaleAppointmentError)
    expect((await db.appointment.findUniqueOrThrow({ where: { id: appointment.id } })).startsAt).toEqual(
      to.start,
    )
  })

  it('refuses a time that is not offered, another patient, the notice window and a cancelled appointment', async () => {
    const slots = await offeredSlots('daniel-tran', NOW)
    const distant = slots.filter((slot) => slot.start.getTime() - NOW.getTime() > 5 * 24 * HOUR)
    const appointment = await book('daniel-tran', distant[0]!)
    const move = (overrides: Partial<Parameters<typeof rescheduleAppointmentAsPatient>[0]>) =>
      rescheduleAppointmentAsPatient({
        appointmentId: appointment.id,
        patientId,
        version: 1,
        start: distant[3]!.start,
        now: NOW,
        ...overrides,
      })
    // Tampered time: seven minutes past an offered one.
    await expect(move({ start: new Date(distant[3]!.start.getTime() + 7 * 60_000) })).rejects.toBeInstanceOf(
      SlotUnavailableError,
    )
    await expect(move({ start: new Date(NOW.getTime() - HOUR) })).rejects.toBeInstanceOf(SlotUnavailableError)
    await expect(move({ patientId: otherPatientId })).rejects.toBeInstanceOf(BookingNotFoundError)
    await expect(move({ now: new Date(distant[0]!.start.getTime() - 10 * HOUR) })).rejects.toThrow(
      /less than 48 hours away/,
    )
    await expect(move({ start: distant[0]!.start })).rejects.toThrow(/already booked for/)

    await cancelAppointmentAsStaff({
      appointmentId: appointment.id,
      scope: { psychologistId: psychologists['daniel-tran']! },
      actorId: psychologists['daniel-tran']!,
      version: 1,
      reason: 'Unwell',
      lateByPatient: false,
      now: NOW,
    })
    await expect(move({ version: 2 })).rejects.toThrow(/was cancelled, so it cannot be moved/)
  })

  it('cannot move onto time the psychologist just blocked off', async () => {
    const slots = await offeredSlots('daniel-tran', NOW)
    const distant = slots.filter((slot) => slot.start.getTime() - NOW.getTime() > 6 * 24 * HOUR)
    const appointment = await book('daniel-tran', distant[0]!)
    const target = distant[5]!
    await db.timeOff.create({
      data: {
        psychologistId: psychologists['daniel-tran']!,
        startsAt: target.start,
        endsAt: new Date(target.start.getTime() + HOUR),
      },
    })
    await expect(
      rescheduleAppointmentAsPatient({
        appointmentId: appointment.id,
        patientId,
        version: 1,
        start: target.start,
        now: NOW,
      }),
    ).rejects.toBeInstanceOf(SlotUnavailableError)
  })
})
