// The consumer of appointment changes, on a real database: which Message rows (and jobs) each
// change leaves, and that a re-delivered job adds nothing.
import { beforeAll, describe, expect, it } from 'vitest'
import { recordConsentDecisions, currentPolicies } from '~/domain/patients/consents.server.ts'
import { rescheduleAppointmentAsStaff } from '~/domain/scheduling/staff-changes.server.ts'
import { db } from '~/utils/db.server.ts'
import { sendEmailQueue, sendSmsQueue } from '~/utils/queues.server.ts'
import { queuedJobs } from '../../../tests/setup/jobs.ts'
import { cancelAndPlan, letPatientBeTexted, moveAndPlan, slotPicker } from '../../../tests/setup/messages.ts'
import { bookSlot, offeredSlots, seedSchedulingDemo } from '../../../tests/setup/scheduling.ts'
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
  await letPatientBeTexted(patientId, { mobile: '+61412555001' })
})

async function allowSms(userId: string, accepted: boolean) {
  const sms = (await currentPolicies()).find((policy) => policy.kind === 'sms')!
  await db.$transaction((tx) =>
    recordConsentDecisions(tx, {
      userId,
      decisions: [{ policyId: sms.id, accepted }],
      source: 'consents_page',
    }),
  )
}

async function bookConfirmed() {
  const appointment = await bookSlot({
    patientId,
    slug: 'daniel-tran',
    appointmentTypeId: typeId,
    slot: slots.take(),
    now: NOW,
  })
  await planAppointmentMessages({ appointmentId: appointment.id, version: appointment.version }, NOW)
  return appointment
}

const messagesOf = (appointmentId: string) =>
  db.message.findMany({ where: { appointmentId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })

const summary = (messages: Awaited<ReturnType<typeof messagesOf>>) =>
  messages.map(
    (message) =>
      `${message.template} ${message.channel} ${message.status}${message.skipReason ? ` (${message.skipReason})` : ''}`,
  )

describe('a confirmed booking', () => {
  it('confirms by email and SMS to the patient and email to the psychologist, and plans reminders', async () => {
    const appointment = await bookConfirmed()
    const messages = await messagesOf(appointment.id)
    expect(summary(messages)).toEqual([
      'appointment-confirmed email queued',
      'appointment-confirmed sms queued',
      'psychologist-new-booking email queued',
      'appointment-reminder email queued',
      'appointment-reminder sms queued',
    ])
    const reminders = messages.filter((message) => message.template === 'appointment-reminder')
    // Outside quiet hours in Sydney: the session is in working hours, so 48 h and 24 h before.
    expect(reminders.map((reminder) => reminder.sendAt?.getTime())).toEqual([
      appointment.startsAt.getTime() - 48 * HOUR,
      appointment.startsAt.getTime() - 24 * HOUR,
    ])
    expect(reminders.every((reminder) => reminder.appointmentVersion === 1)).toBe(true)
    const smsJobs = (await queuedJobs(sendSmsQueue.name)).map((job) => job.data.messageId)
    const emailJobs = (await queuedJobs(sendEmailQueue.name)).map((job) => job.data.messageId)
    for (const message of messages) {
      expect(message.channel === 'sms' ? smsJobs : emailJobs).toContain(message.id)
    }
  })

  it('sends nothing twice when the job is delivered again', async () => {
    const appointment = await bookConfirmed()
    const before = await messagesOf(appointment.id)
    const jobsBefore = (await queuedJobs(sendEmailQueue.name)).length
    await planAppointmentMessages({ appointmentId: appointment.id, version: 1 }, NOW)
    expect(await messagesOf(appointment.id)).toEqual(before)
    expect((await queuedJobs(sendEmailQueue.name)).length).toBe(jobsBefore)
  })

  it('records an SMS it may not send as skipped, with why', async () => {
    await allowSms(patientId, false)
    const appointment = await bookConfirmed()
    expect(summary(await messagesOf(appointment.id)).filter((line) => line.includes(' sms '))).toEqual([
      'appointment-confirmed sms skipped (The patient has not agreed to texts)',
      'appointment-reminder sms skipped (The patient has not agreed to texts)',
    ])
    await allowSms(patientId, true)
  })

  it('skips the reminders whose moment has passed when booked late', async () => {
    const slot = slots.take()
    const appointment = await bookSlot({
      patientId,
      slug: 'daniel-tran',
      appointmentTypeId: typeId,
      slot,
      now: NOW,
    })
    // The change is planned 30 hours before the session: past the email's moment, not the text's.
    await planAppointmentMessages(
      { appointmentId: appointment.id, version: 1 },
      new Date(slot.start.getTime() - 30 * HOUR),
    )
    expect(summary(await messagesOf(appointment.id)).filter((line) => line.includes('reminder'))).toEqual([
      'appointment-reminder email skipped (Booked too late for this reminder)',
      'appointment-reminder sms queued',
    ])
  })
})

describe('a held booking', () => {
  it('is told nothing until the payment confirms it', async () => {
    const appointment = await bookSlot({
      patientId,
      slug: 'daniel-tran',
      appointmentTypeId: typeId,
      slot: slots.take(),
      now: NOW,
      holdMinutes: 30,
    })
    expect(await planAppointmentMessages({ appointmentId: appointment.id, version: 1 }, NOW)).toMatchObject({
      planned: 'done',
    })
    expect(await messagesOf(appointment.id)).toEqual([])
  })
})

describe('a move', () => {
  it('waits out the delay with one notice, and plans reminders for the new time only', async () => {
    const appointment = await bookConfirmed()
    const move = (hours: number) =>
      moveAndPlan(appointment.id, managerId, new Date(appointment.startsAt.getTime() + hours * HOUR), NOW)
    await move(24)
    await move(26)
    const messages = await messagesOf(appointment.id)
    const notices = messages.filter((message) => message.template.endsWith('moved'))
    // Two quick moves: one notice per recipient and channel, due after the delay, built at send time.
    expect(notices.map((notice) => `${notice.template} ${notice.channel} ${notice.status}`)).toEqual([
      'appointment-moved email queued',
      'appointment-moved sms queued',
      'psychologist-moved email queued',
    ])
    expect(notices.every((notice) => notice.sendAt?.getTime() === NOW.getTime() + 120_000)).toBe(true)
    expect(notices[0]!.previousStartsAt).toEqual(appointment.startsAt)

    const reminders = messages.filter((message) => message.template === 'appointment-reminder')
    const live = reminders.filter((reminder) => reminder.status === 'queued')
    expect(live.map((reminder) => reminder.appointmentVersion)).toEqual([3, 3])
    expect(live.map((reminder) => reminder.appointmentStartsAt)).toEqual([
      new Date(appointment.startsAt.getTime() + 26 * HOUR),
      new Date(appointment.startsAt.getTime() + 26 * HOUR),
    ])
    expect(
      reminders.filter((reminder) => reminder.status === 'skipped').map((reminder) => reminder.skipReason),
    ).toEqual(Array(4).fill('The session moved; reminders were planned for its new time'))
  })

  it('a job for a version the appointment has moved past does nothing', async () => {
    const appointment = await bookConfirmed()
    await rescheduleAppointmentAsStaff({
      appointmentId: appointment.id,
      scope: {},
      actorId: managerId,
      version: 1,
      start: new Date(appointment.startsAt.getTime() + 24 * HOUR),
      reason: 'Patient rang',
      now: NOW,
    })
    const before = await messagesOf(appointment.id)
    expect(await planAppointmentMessages({ appointmentId: appointment.id, version: 1 }, NOW)).toEqual({
      planned: 'superseded',
    })
    expect(await messagesOf(appointment.id)).toEqual(before)
  })
})

describe('a cancellation', () => {
  it('drops every planned reminder and queues a notice to the patient and the psychologist', async () => {
    const appointment = await bookConfirmed()
    await cancelAndPlan(appointment.id, managerId, NOW)
    const messages = await messagesOf(appointment.id)
    expect(summary(messages.filter((message) => message.template === 'appointment-reminder'))).toEqual([
      'appointment-reminder email skipped (The session was cancelled)',
      'appointment-reminder sms skipped (The session was cancelled)',
    ])
    expect(summary(messages.filter((message) => message.template.endsWith('cancelled')))).toEqual([
      'appointment-cancelled email queued',
      'appointment-cancelled sms queued',
      'psychologist-cancelled email queued',
    ])
  })

  it('tells the psychologist nothing of a change they made themselves', async () => {
    const appointment = await bookConfirmed()
    await cancelAndPlan(appointment.id, appointment.psychologistId, NOW)
    const templates = (await messagesOf(appointment.id)).map((message) => message.template)
    expect(templates).toContain('appointment-cancelled')
    expect(templates).not.toContain('psychologist-cancelled')
  })
})
