// The consumer of appointment changes, on a real database: which Message rows (and jobs) each
// change leaves, and that a re-delivered job adds nothing.
import { beforeAll, describe, expect, it } from 'vitest'
import { recordConsentDecisions, currentPolicies } from '~/domain/patients/consents.server.ts'
import {
  cancelAppointmentAsStaff,
  rescheduleAppointmentAsStaff,
} from '~/domain/scheduling/staff-changes.server.ts'
import { db } from '~/utils/db.server.ts'
import { sendEmailQueue, sendSmsQueue } from '~/utils/queues.server.ts'
import { queuedJobs } from '../../../tests/setup/jobs.ts'
import { bookSlot, offeredSlots, seedSchedulingDemo } from '../../../tests/setup/scheduling.ts'
import { type Slot } from '../scheduling/slots.ts'
import { planAppointmentMessages } from './appointment-messages.server.ts'

const NOW = new Date('2026-12-06T21:00:00Z') // Monday 8:00 am in Sydney
const HOUR = 3_600_000
let patientId: string
let managerId: string
let typeId: string
let slots: Slot[]

beforeAll(async () => {
  ;({ patientId, managerId, typeId } = await seedSchedulingDemo())
  slots = await offeredSlots('daniel-tran', NOW)
  await allowSms(patientId, true)
  const contact = { mobile: '+61412555001', state: 'NSW' }
  await db.patientProfile.upsert({
    where: { userId: patientId },
    create: { userId: patientId, ...contact },
    update: contact,
  })
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

/** A slot at least `hours` ahead, not yet used by another test. */
const used = new Set<number>()
function slotAfter(hours: number) {
  const slot = slots.find(
    (candidate) =>
      candidate.start.getTime() - NOW.getTime() > hours * HOUR && !used.has(candidate.start.getTime()),
  )!
  used.add(slot.start.getTime())
  return slot
}

async function bookConfirmed(hours: number) {
  const appointment = await bookSlot({
    patientId,
    slug: 'daniel-tran',
    appointmentTypeId: typeId,
    slot: slotAfter(hours),
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
    const appointment = await bookConfirmed(72)
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
    const appointment = await bookConfirmed(72)
    const before = await messagesOf(appointment.id)
    const jobsBefore = (await queuedJobs(sendEmailQueue.name)).length
    await planAppointmentMessages({ appointmentId: appointment.id, version: 1 }, NOW)
    expect(await messagesOf(appointment.id)).toEqual(before)
    expect((await queuedJobs(sendEmailQueue.name)).length).toBe(jobsBefore)
  })

  it('records an SMS it may not send as skipped, with why', async () => {
    await allowSms(patientId, false)
    const appointment = await bookConfirmed(72)
    expect(summary(await messagesOf(appointment.id)).filter((line) => line.includes(' sms '))).toEqual([
      'appointment-confirmed sms skipped (The patient has not agreed to texts)',
      'appointment-reminder sms skipped (The patient has not agreed to texts)',
    ])
    await allowSms(patientId, true)
  })

  it('skips the reminders whose moment has passed when booked late', async () => {
    const slot = slotAfter(72)
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
      slot: slotAfter(72),
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
    const appointment = await bookConfirmed(72)
    const move = async (version: number, hours: number) => {
      await rescheduleAppointmentAsStaff({
        appointmentId: appointment.id,
        scope: {},
        actorId: managerId,
        version,
        start: new Date(appointment.startsAt.getTime() + hours * HOUR),
        reason: 'Patient rang',
        now: NOW,
      })
      await planAppointmentMessages({ appointmentId: appointment.id, version: version + 1 }, NOW)
    }
    await move(1, 24)
    await move(2, 26)
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
    const appointment = await bookConfirmed(72)
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
    const appointment = await bookConfirmed(72)
    await cancelAppointmentAsStaff({
      appointmentId: appointment.id,
      scope: {},
      actorId: managerId,
      version: 1,
      reason: 'Psychologist unwell',
      lateByPatient: false,
      now: NOW,
    })
    await planAppointmentMessages({ appointmentId: appointment.id, version: 2 }, NOW)
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
    const appointment = await bookConfirmed(72)
    await cancelAppointmentAsStaff({
      appointmentId: appointment.id,
      scope: { psychologistId: appointment.psychologistId },
      actorId: appointment.psychologistId,
      version: 1,
      reason: 'Unwell',
      lateByPatient: false,
      now: NOW,
    })
    await planAppointmentMessages({ appointmentId: appointment.id, version: 2 }, NOW)
    const templates = (await messagesOf(appointment.id)).map((message) => message.template)
    expect(templates).toContain('appointment-cancelled')
    expect(templates).not.toContain('psychologist-cancelled')
  })
})
