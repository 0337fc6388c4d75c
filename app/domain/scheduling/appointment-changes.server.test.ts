// The appointment's life in the database: holds confirmed or released, moves and
// cancellations by patients and staff, attendance, and stale forms that change nothing.
import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { appointmentChangedQueue } from '~/utils/queues.server.ts'
import { handleReleaseHolds } from '../../../jobs/release-holds.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import { queuedJobs } from '../../../tests/setup/jobs.ts'
import { slotRequestsFor } from './availability.server.ts'
import {
  AppointmentActionError,
  bookAppointment,
  BookingNotFoundError,
  confirmHold,
  releaseExpiredHolds,
  rescheduleAppointmentAsPatient,
  SlotUnavailableError,
  StaleAppointmentError,
} from './booking.server.ts'
import { generateSlots, type Slot } from './slots.ts'
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
const psychologists: Record<string, string> = {}

beforeAll(async () => {
  await seedDemoPractice(db)
  const user = (email: string) => db.user.findUniqueOrThrow({ where: { email } }).then((found) => found.id)
  patientId = await user('patient7@haven.test')
  otherPatientId = await user('patient8@haven.test')
  managerId = await user('manager@haven.test')
  typeId = (await db.appointmentType.findFirstOrThrow({ where: { name: 'Standard session' } })).id
  for (const profile of await db.psychologistProfile.findMany({ where: { slug: { not: null } } }))
    psychologists[profile.slug!] = profile.userId
})

async function offeredSlots(slug: string, now = NOW) {
  const profile = await db.psychologistProfile.findFirstOrThrow({ where: { slug } })
  const request = (await slotRequestsFor([profile], { durationMinutes: 50, now })).get(profile.userId)!
  return generateSlots(request)
}

const isOffered = (slots: Slot[], start: Date) =>
  slots.some((slot) => slot.start.getTime() === start.getTime())

function book(slug: string, slot: Slot, extra: { holdMinutes?: number; patientId?: string } = {}) {
  return bookAppointment({
    patientId: extra.patientId ?? patientId,
    slug,
    appointmentTypeId: typeId,
    locationId: slot.locationId,
    start: slot.start,
    requestKey: randomUUID(),
    holdMinutes: extra.holdMinutes,
    now: NOW,
  })
}

const history = async (appointmentId: string) =>
  (await db.appointmentEvent.findMany({ where: { appointmentId }, orderBy: { at: 'asc' } })).map(
    (event) => event.kind,
  )

describe('holds', () => {
  it('holds a time, confirms it once however often payment is reported, and enqueues each change', async () => {
    const [slot] = await offeredSlots('hannah-kowalski')
    const hold = await book('hannah-kowalski', slot!, { holdMinutes: 15 })
    expect(hold).toMatchObject({ status: 'held', version: 1 })
    expect(hold.holdExpiresAt?.getTime()).toBe(NOW.getTime() + 15 * 60_000)
    // A held time is not offered to anyone else.
    expect(isOffered(await offeredSlots('hannah-kowalski'), slot!.start)).toBe(false)

    const first = await confirmHold({ appointmentId: hold.id })
    const second = await confirmHold({ appointmentId: hold.id })
    expect(first).toMatchObject({ changed: true, appointment: { status: 'confirmed', version: 2 } })
    expect(second.changed).toBe(false)
    expect(await history(hold.id)).toEqual(['booked', 'confirmed'])
    const jobs = (await queuedJobs(appointmentChangedQueue.name)).map((job) => job.data)
    expect(jobs).toContainEqual({ appointmentId: hold.id, version: 2 })
  })

  it('releases a hold that ran out, through the job, and the time is offered again', async () => {
    // The job reads the real clock, so this hold and its time are placed by it too, not by NOW.
    const now = new Date()
    const [, , slot] = await offeredSlots('hannah-kowalski', now)
    const hold = await bookAppointment({
      patientId,
      slug: 'hannah-kowalski',
      appointmentTypeId: typeId,
      locationId: slot!.locationId,
      start: slot!.start,
      requestKey: randomUUID(),
      holdMinutes: 15,
      // Booked half an hour ago: its 15 minutes are long gone.
      now: new Date(now.getTime() - 30 * 60_000),
    })
    await handleReleaseHolds()
    const released = await db.appointment.findUniqueOrThrow({ where: { id: hold.id } })
    expect(released).toMatchObject({ status: 'expired', version: 2 })
    expect(await history(hold.id)).toEqual(['booked', 'hold_expired'])
    expect(await releaseExpiredHolds()).toBe(0)
    expect(isOffered(await offeredSlots('hannah-kowalski', now), slot!.start)).toBe(true)
  })

  it('confirms a payment that arrived after the hold ran out while the time is still free', async () => {
    const [, , , slot] = await offeredSlots('hannah-kowalski')
    const hold = await book('hannah-kowalski', slot!, { holdMinutes: 15 })
    expect(await releaseExpiredHolds(new Date(NOW.getTime() + 16 * 60_000))).toBe(1)
    const late = await confirmHold({ appointmentId: hold.id })
    expect(late.appointment.status).toBe('confirmed')
  })

  it('refuses to confirm a released hold whose time someone else booked since (the payment is refunded)', async () => {
    const [, , , , slot] = await offeredSlots('hannah-kowalski')
    const hold = await book('hannah-kowalski', slot!, { holdMinutes: 15 })
    await releaseExpiredHolds(new Date(NOW.getTime() + 16 * 60_000))
    await book('hannah-kowalski', slot!, { patientId: otherPatientId })
    await expect(confirmHold({ appointmentId: hold.id })).rejects.toBeInstanceOf(SlotUnavailableError)
    expect((await db.appointment.findUniqueOrThrow({ where: { id: hold.id } })).status).toBe('expired')
  })

  it('never confirms a cancelled hold', async () => {
    const [, , , , , slot] = await offeredSlots('hannah-kowalski')
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

describe('a patient moves their appointment', () => {
  it('moves to another offered time, frees the old one, and keeps one appointment', async () => {
    const slots = await offeredSlots('daniel-tran')
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
    const after = await offeredSlots('daniel-tran')
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
    const slots = await offeredSlots('daniel-tran')
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
      scope: { psychologistId: psychologists['daniel-tran'] },
      actorId: psychologists['daniel-tran']!,
      version: 1,
      reason: 'Unwell',
      lateByPatient: false,
      now: NOW,
    })
    await expect(move({ version: 2 })).rejects.toThrow(/was cancelled, so it cannot be moved/)
  })

  it('cannot move onto time the psychologist just blocked off', async () => {
    const slots = await offeredSlots('daniel-tran')
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

describe('staff change appointments', () => {
  it('a psychologist moves their own appointment at any time with a reason, never onto another session', async () => {
    const slots = await offeredSlots('amelia-nguyen')
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
    const slots = await offeredSlots('amelia-nguyen')
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
    const slots = await offeredSlots('james-okafor')
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
    expect(await history(appointment.id)).toEqual(['booked', 'no_show', 'completed'])
    await expect(record('completed', 3, during)).rejects.toThrow(/already recorded/)
    expect((await appointmentForStaff(appointment.id, {}, during))!.attendance).toEqual(['no_show'])
  })
})
