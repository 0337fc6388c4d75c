// Holds in the database: confirmed once however often payment is reported, released by the
// job when their time runs out, and confirmed late only while their time is still free.
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { appointmentChangedQueue } from '~/utils/queues.server.ts'
import { handleReleaseHolds } from '../../../jobs/release-holds.ts'
import { queuedJobs } from '../../../tests/setup/jobs.ts'
import {
  appointmentHistory,
  bookSlot,
  isOffered,
  offeredSlots,
  seedSchedulingDemo,
} from '../../../tests/setup/scheduling.ts'
import { AppointmentActionError, SlotUnavailableError } from './appointment-errors.ts'
import { confirmHold, releaseExpiredHolds } from './holds.server.ts'
import { type Slot } from './slots.ts'
import { cancelAppointmentAsStaff } from './staff-changes.server.ts'

const NOW = new Date('2026-12-06T21:00:00Z') // Monday 8:00 am in Sydney
let patientId: string
let otherPatientId: string
let managerId: string
let typeId: string

beforeAll(async () => {
  ;({ patientId, otherPatientId, managerId, typeId } = await seedSchedulingDemo())
})

const book = (slug: string, slot: Slot, extra: { holdMinutes?: number; patientId?: string } = {}) =>
  bookSlot({ patientId, slug, appointmentTypeId: typeId, slot, now: NOW, ...extra })

describe('holds', () => {
  it('holds a time, confirms it once however often payment is reported, and enqueues each change', async () => {
    const [slot] = await offeredSlots('hannah-kowalski', NOW)
    const hold = await book('hannah-kowalski', slot!, { holdMinutes: 15 })
    expect(hold).toMatchObject({ status: 'held', version: 1 })
    expect(hold.holdExpiresAt?.getTime()).toBe(NOW.getTime() + 15 * 60_000)
    // A held time is not offered to anyone else.
    expect(isOffered(await offeredSlots('hannah-kowalski', NOW), slot!.start)).toBe(false)

    const first = await confirmHold({ appointmentId: hold.id })
    const second = await confirmHold({ appointmentId: hold.id })
    expect(first).toMatchObject({ changed: true, appointment: { status: 'confirmed', version: 2 } })
    expect(second.changed).toBe(false)
    expect(await appointmentHistory(hold.id)).toEqual(['booked', 'confirmed'])
    const jobs = (await queuedJobs(appointmentChangedQueue.name)).map((job) => job.data)
    expect(jobs).toContainEqual({ appointmentId: hold.id, version: 2 })
  })

  it('releases a hold that ran out, through the job, and the time is offered again', async () => {
    // The job reads the real clock, so this hold and its time are placed by it too, not by NOW.
    const now = new Date()
    const [, , slot] = await offeredSlots('hannah-kowalski', now)
    // Booked half an hour ago: its 15 minutes are long gone.
    const hold = await bookSlot({
      patientId,
      slug: 'hannah-kowalski',
      appointmentTypeId: typeId,
      slot: slot!,
      holdMinutes: 15,
      now: new Date(now.getTime() - 30 * 60_000),
    })
    await handleReleaseHolds()
    const released = await db.appointment.findUniqueOrThrow({ where: { id: hold.id } })
    expect(released).toMatchObject({ status: 'expired', version: 2 })
    expect(await appointmentHistory(hold.id)).toEqual(['booked', 'hold_expired'])
    expect(await releaseExpiredHolds()).toBe(0)
    expect(isOffered(await offeredSlots('hannah-kowalski', now), slot!.start)).toBe(true)
  })

  it('confirms a payment that arrived after the hold ran out while the time is still free', async () => {
    const [, , , slot] = await offeredSlots('hannah-kowalski', NOW)
    const hold = await book('hannah-kowalski', slot!, { holdMinutes: 15 })
    expect(await releaseExpiredHolds(new Date(NOW.getTime() + 16 * 60_000))).toBe(1)
    const late = await confirmHold({ appointmentId: hold.id })
    expect(late.appointment.status).toBe('confirmed')
  })

  it('refuses to confirm a released hold whose time someone else booked since (the payment is refunded)', async () => {
    const [, , , , slot] = await offeredSlots('hannah-kowalski', NOW)
    const hold = await book('hannah-kowalski', slot!, { holdMinutes: 15 })
    await releaseExpiredHolds(new Date(NOW.getTime() + 16 * 60_000))
    await book('hannah-kowalski', slot!, { patientId: otherPatientId })
    await expect(confirmHold({ appointmentId: hold.id })).rejects.toBeInstanceOf(SlotUnavailableError)
    expect((await db.appointment.findUniqueOrThrow({ where: { id: hold.id } })).status).toBe('expired')
  })

  it('never confirms a cancelled hold', async () => {
    const [, , , , , slot] = await offeredSlots('hannah-kowalski', NOW)
    const hold = await book('hannah-kowalski', slot!, { holdMinutes: 15 })
    await cancelAppointmentAsStaff({
      appointmentId: hold.id,
      scope: {},
      actorId: managerId,
      version: 1,
      reason: 'Patient asked',
      lateByPatient: false,
      now: NOW,
    })
    await expect(confirmHold({ appointmentId: hold.id })).rejects.toBeInstanceOf(AppointmentActionError)
  })
})
