// Staff change appointments: a psychologist their own, a manager any, with a reason; late
// cancellations only inside the notice window; attendance once the session has started.
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import {
  appointmentHistory,
  bookSlot,
  offeredSlots,
  seedSchedulingDemo,
} from '../../../tests/setup/scheduling.ts'
import { BookingNotFoundError, StaleAppointmentError } from './appointment-errors.ts'
import { type Slot } from './slots.ts'
import {
  appointmentForStaff,
  cancelAppointmentAsStaff,
  recordAttendance,
  rescheduleAppointmentAsStaff,
} from './staff-changes.server.ts'

const NOW = new Date('2026-12-06T21:00:00Z') // Monday 8:00 am in Sydney
const HOUR = 3_600_000
let patientId: string
let otherPatientId: string
let managerId: string
let typeId: string
let psychologists: Record<string, string>

beforeAll(async () => {
  ;({ patientId, otherPatientId, managerId, typeId, psychologists } = await seedSchedulingDemo())
})

const book = (slug: string, slot: Slot, extra: { holdMinutes?: number; patientId?: string } = {}) =>
  bookSlot({ patientId, slug, appointmentTypeId: typeId, slot, now: NOW, ...extra })

describe('staff change appointments', () => {
  it('a psychologist moves their own appointment at any time with a reason, never onto another session', async () => {
    const slots = await offeredSlots('amelia-nguyen', NOW)
    const [first, second] = slots
    const amelia = psychologists['amelia-nguyen']!
    const appointment = await book('amelia-nguyen', first!)
    await book('amelia-nguyen', second!, { patientId: otherPatientId })
    const move = (overrides: Partial<Parameters<typeof rescheduleAppointmentAsStaff>[0]>) =>
      rescheduleAppointmentAsStaff({
        appointmentId: appointment.id,
        scope: { psychologistId: amelia },
        actorId: amelia,
        version: 1,
        // Early evening, outside the offered hours: staff may.
        start: new Date(first!.start.getTime() + 10 * HOUR),
        reason: 'Patient asked by phone',
        now: NOW,
        ...overrides,
      })
    await expect(move({ reason: '   ' })).rejects.toThrow(/Give a reason/)
    await expect(move({ start: second!.start })).rejects.toThrow(/Another session is booked at that time/)
    await expect(move({ start: new Date(NOW.getTime() - HOUR) })).rejects.toThrow(/in the future/)
    await expect(move({ scope: { psychologistId: psychologists['james-okafor'] } })).rejects.toBeInstanceOf(
      BookingNotFoundError,
    )
    await move({})
    const view = await appointmentForStaff(appointment.id, { psychologistId: amelia }, NOW)
    expect(view).toMatchObject({ version: 2, status: 'confirmed' })
    expect(view!.start).toBe(new Date(first!.start.getTime() + 10 * HOUR).toISOString())
    expect(view!.history.map((event) => [event.kind, event.reason])).toEqual([
      ['booked', ''],
      ['rescheduled', 'Patient asked by phone'],
    ])
    // A manager sees any appointment; another psychologist sees nothing.
    expect(await appointmentForStaff(appointment.id, {}, NOW)).not.toBeNull()
    expect(
      await appointmentForStaff(appointment.id, { psychologistId: psychologists['james-okafor'] }, NOW),
    ).toBeNull()
  })

  it('cancels with a reason: late by the patient only inside the notice window', async () => {
    const slots = await offeredSlots('amelia-nguyen', NOW)
    const soon = slots.find((slot) => slot.start.getTime() - NOW.getTime() < 40 * HOUR)!
    const later = slots.find((slot) => slot.start.getTime() - NOW.getTime() > 96 * HOUR)!
    const early = await book('amelia-nguyen', soon)
    const distant = await book('amelia-nguyen', later)
    const cancel = (appointmentId: string, lateByPatient: boolean) =>
      cancelAppointmentAsStaff({
        appointmentId,
        scope: {},
        actorId: managerId,
        version: 1,
        reason: 'Rang the practice',
        lateByPatient,
        now: NOW,
      })
    await expect(cancel(distant.id, true)).rejects.toThrow(/inside the notice window/)
    await expect(cancel(distant.id, false)).resolves.toEqual({ late: false })
    await expect(cancel(early.id, true)).resolves.toEqual({ late: true })
    const cancelled = await db.appointment.findUniqueOrThrow({ where: { id: early.id } })
    expect(cancelled).toMatchObject({
      status: 'late_cancelled',
      cancelReason: 'Rang the practice',
      version: 2,
    })
    // A second click on the same form: stale, nothing changes.
    await expect(cancel(early.id, false)).rejects.toBeInstanceOf(StaleAppointmentError)
    await expect(
      rescheduleAppointmentAsStaff({
        appointmentId: early.id,
        scope: {},
        actorId: managerId,
        version: 2,
        start: later.start,
        reason: 'Try again',
        now: NOW,
      }),
    ).rejects.toThrow(/was cancelled, so it cannot be changed/)
  })

  it('records attendance once the session has started, and a correction', async () => {
    const slots = await offeredSlots('james-okafor', NOW)
    const appointment = await book('james-okafor', slots[0]!)
    const james = psychologists['james-okafor']!
    const record = (outcome: 'completed' | 'no_show', version: number, now: Date) =>
      recordAttendance({
        appointmentId: appointment.id,
        scope: { psychologistId: james },
        actorId: james,
        version,
        outcome,
        now,
      })
    await expect(record('completed', 1, NOW)).rejects.toThrow(/once the session has started/)
    const during = new Date(slots[0]!.start.getTime() + 10 * 60_000)
    await record('no_show', 1, during)
    await record('completed', 2, during)
    expect(await appointmentHistory(appointment.id)).toEqual(['booked', 'no_show', 'completed'])
    await expect(record('completed', 3, during)).rejects.toThrow(/already recorded/)
    expect((await appointmentForStaff(appointment.id, {}, during))!.attendance).toEqual(['no_show'])
  })
})
