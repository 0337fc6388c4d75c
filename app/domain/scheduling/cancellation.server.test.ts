import { beforeAll, describe, expect, it } from 'vitest'
import { bookSlot, offeredSlots, seedSchedulingDemo } from '../../../tests/setup/scheduling.ts'
import { StaleAppointmentError } from './appointment-errors.ts'
import { cancelAppointmentAsPatient } from './cancellation.server.ts'
import { patientAppointments } from './patient-appointments.server.ts'
import { type Slot } from './slots.ts'

const NOW = new Date('2026-12-06T21:00:00Z') // Monday 8:00 am in Sydney
let patientId: string
let otherPatientId: string
let typeId: string

beforeAll(async () => {
  ;({ patientId, otherPatientId, typeId } = await seedSchedulingDemo())
})

const book = (slot: Slot) =>
  bookSlot({ patientId, slug: 'amelia-nguyen', appointmentTypeId: typeId, slot, now: NOW })

describe('cancelling', () => {
  it('is free with enough notice, late inside it, and refuses a stale form', async () => {
    const slots = await offeredSlots('amelia-nguyen', NOW)
    const soon = slots.find((slot) => slot.start.getTime() - NOW.getTime() < 48 * 3_600_000)!
    const later = slots.find((slot) => slot.start.getTime() - NOW.getTime() > 72 * 3_600_000)!
    const early = await book(soon)
    const distant = await book(later)

    await expect(
      cancelAppointmentAsPatient({ appointmentId: distant.id, patientId, version: 1, now: NOW }),
    ).resolves.toEqual({ late: false })
    await expect(
      cancelAppointmentAsPatient({ appointmentId: distant.id, patientId, version: 1, now: NOW }),
    ).rejects.toBeInstanceOf(StaleAppointmentError)
    await expect(
      cancelAppointmentAsPatient({
        appointmentId: early.id,
        patientId: otherPatientId,
        version: 1,
        now: NOW,
      }),
    ).rejects.toThrow()
    await expect(
      cancelAppointmentAsPatient({ appointmentId: early.id, patientId, version: 1, now: NOW }),
    ).resolves.toEqual({ late: true })

    const { upcoming, past } = await patientAppointments(patientId, NOW)
    expect(upcoming.map((row) => row.id)).not.toContain(distant.id)
    expect(past.find((row) => row.id === early.id)?.status).toBe('late_cancelled')
    // A cancelled time is free again.
    expect(
      (await offeredSlots('amelia-nguyen', NOW)).some(
        (free) => free.start.getTime() === later.start.getTime(),
      ),
    ).toBe(true)
  })
})
