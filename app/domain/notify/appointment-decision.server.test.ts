// At send time: a message for an appointment goes only if it still should, and says what is true now.
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { cancelAndPlan, letPatientBeTexted, moveAndPlan, slotPicker } from '../../../tests/setup/messages.ts'
import { bookSlot, offeredSlots, seedSchedulingDemo } from '../../../tests/setup/scheduling.ts'
import { confirmHold } from '../scheduling/holds.server.ts'
import { decideAppointmentMessage } from './appointment-decision.server.ts'
import { planAppointmentMessages } from './appointment-messages.server.ts'

const NOW = new Date('2026-12-06T21:00:00Z') // Monday 8:00 am in Sydney
const HOUR = 3_600_000
let patientId: string
let managerId: string
let typeId: string
let slots: ReturnType<typeof slotPicker>

beforeAll(async () => {
  ;({ patientId, managerId, typeId } = await seedSchedulingDemo())
  slots = slotPicker(await offeredSlots('daniel-tran', NOW), NOW)
  await letPatientBeTexted(patientId, { mobile: '+61412555002' })
})

/** A confirmed booking whose confirmations went out (as the worker marks them). */
async function announcedBooking() {
  const slot = slots.take()
  const appointment = await bookSlot({
    patientId,
    slug: 'daniel-tran',
    appointmentTypeId: typeId,
    slot,
    now: NOW,
  })
  await planAppointmentMessages({ appointmentId: appointment.id, version: 1 }, NOW)
  await db.message.updateMany({
    where: {
      appointmentId: appointment.id,
      template: { in: ['appointment-confirmed', 'psychologist-new-booking'] },
    },
    data: { status: 'sent', sentAt: NOW, appointmentStartsAt: appointment.startsAt },
  })
  return appointment
}

function move(appointmentId: string, start: Date) {
  slots.markTaken(start)
  return moveAndPlan(appointmentId, managerId, start, NOW)
}

const cancel = (appointmentId: string) => cancelAndPlan(appointmentId, managerId, NOW)

async function decide(appointmentId: string, template: string, channel: 'email' | 'sms', at = NOW) {
  const messages = await db.message.findMany({
    where: { appointmentId, template, channel },
    orderBy: { createdAt: 'asc' },
  })
  return Promise.all(
    messages.map((message) => db.$transaction((tx) => decideAppointmentMessage(tx, message, at))),
  )
}

describe('reminders', () => {
  it('go for a session still booked at the planned time', async () => {
    const appointment = await announcedBooking()
    const [decision] = await decide(appointment.id, 'appointment-reminder', 'sms')
    expect(decision).toMatchObject({
      send: true,
      template: 'appointment-reminder',
      to: '+61412555002',
      facts: { startsAt: appointment.startsAt, modality: appointment.modality, cancelledBy: null },
    })
  })

  it('never go for a cancelled session, even when the job was not removed', async () => {
    const appointment = await announcedBooking()
    const planned = await db.message.findMany({
      where: { appointmentId: appointment.id, template: 'appointment-reminder' },
    })
    await cancel(appointment.id)
    // Decide the reminders as they were planned (as a job that outlived the change would).
    for (const reminder of planned) {
      expect(await db.$transaction((tx) => decideAppointmentMessage(tx, reminder, NOW))).toEqual({
        send: false,
        reason: 'The session is no longer booked',
      })
    }
  })

  it('never go for the old time of a moved session', async () => {
    const appointment = await announcedBooking()
    const [oldReminder] = await db.message.findMany({
      where: { appointmentId: appointment.id, template: 'appointment-reminder', channel: 'email' },
    })
    await move(appointment.id, new Date(appointment.startsAt.getTime() + 24 * HOUR))
    expect(await db.$transaction((tx) => decideAppointmentMessage(tx, oldReminder!, NOW))).toEqual({
      send: false,
      reason: 'The session changed after this reminder was planned',
    })
    const live = await db.message.findFirstOrThrow({
      where: {
        appointmentId: appointment.id,
        template: 'appointment-reminder',
        channel: 'email',
        status: 'queued',
      },
    })
    expect(await db.$transaction((tx) => decideAppointmentMessage(tx, live, NOW))).toMatchObject({
      send: true,
    })
  })

  it('respect a patient who turned reminders off after they were planned', async () => {
    const appointment = await announcedBooking()
    await db.patientProfile.update({ where: { userId: patientId }, data: { smsReminders: false } })
    const [decision] = await decide(appointment.id, 'appointment-reminder', 'sms')
    await db.patientProfile.update({ where: { userId: patientId }, data: { smsReminders: true } })
    expect(decision).toEqual({ send: false, reason: 'The patient turned reminder texts off' })
  })
})

describe('change notices, built when the delay is over', () => {
  it('a move undone within the delay sends nothing', async () => {
    const appointment = await announcedBooking()
    await move(appointment.id, new Date(appointment.startsAt.getTime() + 24 * HOUR))
    await move(appointment.id, appointment.startsAt)
    for (const channel of ['email', 'sms'] as const) {
      expect(await decide(appointment.id, 'appointment-moved', channel)).toEqual([
        { send: false, reason: 'The session is back at the time already given' },
      ])
    }
    expect(await decide(appointment.id, 'psychologist-moved', 'email')).toEqual([
      { send: false, reason: 'The session is back at the time already given' },
    ])
  })

  it('two quick moves send one notice, from the time the patient knew to the latest', async () => {
    const appointment = await announcedBooking()
    const latest = new Date(appointment.startsAt.getTime() + 26 * HOUR)
    await move(appointment.id, new Date(appointment.startsAt.getTime() + 24 * HOUR))
    await move(appointment.id, latest)
    const [decision] = await decide(appointment.id, 'appointment-moved', 'email')
    expect(decision).toMatchObject({
      send: true,
      template: 'appointment-moved',
      previousStartsAt: appointment.startsAt,
      facts: { startsAt: latest },
    })
  })

  it('a move then a cancellation within the delay is one cancellation notice, for the time they knew', async () => {
    const appointment = await announcedBooking()
    await move(appointment.id, new Date(appointment.startsAt.getTime() + 24 * HOUR))
    await cancel(appointment.id)
    const decisions = await decide(appointment.id, 'appointment-cancelled', 'email')
    expect(decisions).toEqual([
      expect.objectContaining({
        send: true,
        template: 'appointment-cancelled',
        previousStartsAt: appointment.startsAt,
        facts: expect.objectContaining({ cancelledBy: 'practice' }),
      }),
    ])
  })

  it('a cancellation already told is not told twice', async () => {
    const appointment = await announcedBooking()
    await cancel(appointment.id)
    await db.message.updateMany({
      where: { appointmentId: appointment.id, template: 'appointment-cancelled', channel: 'email' },
      data: { status: 'sent', sentAt: NOW },
    })
    const duplicate = await db.message.create({
      data: {
        channel: 'email',
        template: 'appointment-cancelled',
        toAddress: 'x@haven.test',
        userId: patientId,
        appointmentId: appointment.id,
      },
    })
    expect(await db.$transaction((tx) => decideAppointmentMessage(tx, duplicate, NOW))).toEqual({
      send: false,
      reason: 'Already told of the cancellation',
    })
  })
})

it('a session cancelled right after its payment confirmed it, before any confirmation went, still gets the notice', async () => {
  const slot = slots.take()
  const held = await bookSlot({
    patientId,
    slug: 'daniel-tran',
    appointmentTypeId: typeId,
    slot,
    now: NOW,
    holdMinutes: 30,
  })
  await confirmHold({ appointmentId: held.id })
  // The cancellation lands before the confirmation's job ran: that job is now superseded.
  await cancel(held.id)
  expect(await planAppointmentMessages({ appointmentId: held.id, version: 2 }, NOW)).toEqual({
    planned: 'superseded',
  })
  const [decision] = await decide(held.id, 'appointment-cancelled', 'email')
  expect(decision).toMatchObject({
    send: true,
    template: 'appointment-cancelled',
    previousStartsAt: slot.start,
  })
  // The psychologist never heard of it, so is not told it is off.
  expect(await decide(held.id, 'psychologist-cancelled', 'email')).toEqual([
    { send: false, reason: 'Was never told of this session' },
  ])
})

describe('text messages', () => {
  it('are not sent to a patient who replied STOP since they were planned', async () => {
    const appointment = await announcedBooking()
    await db.patientProfile.update({ where: { userId: patientId }, data: { smsOptedOutAt: NOW } })
    const [decision] = await decide(appointment.id, 'appointment-reminder', 'sms')
    await db.patientProfile.update({ where: { userId: patientId }, data: { smsOptedOutAt: null } })
    expect(decision).toEqual({ send: false, reason: 'The patient replied STOP' })
  })
})
