import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type MessageChannel, type MessageStatus } from '~/generated/prisma/client.ts'
import { db } from '~/utils/db.server.ts'
import { sendEmailQueue, sendSmsQueue } from '~/utils/queues.server.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import { queuedJobs } from '../../../tests/setup/jobs.ts'
import { DomainError } from '../errors.ts'
import { smsAllowed } from '../patients/consents.server.ts'
import {
  MESSAGES_PAGE_SIZE,
  MessageNotRetryableError,
  messagePreferences,
  messagesForAppointment,
  practiceMessages,
  readMessageSettings,
  retryMessage,
  updateMessagePreferences,
  updateMessageSettings,
} from './message-views.server.ts'

let managerId: string
let patient: { id: string; name: string; email: string }
let appointmentId: string
let otherAppointmentId: string

beforeAll(async () => {
  await seedDemoPractice(db)
  managerId = (await db.user.findUniqueOrThrow({ where: { email: 'manager@haven.test' } })).id
  patient = await db.user.findUniqueOrThrow({
    where: { email: 'patient1@haven.test' },
    select: { id: true, name: true, email: true },
  })
  const [first, second] = await db.appointment.findMany({
    where: { patientId: patient.id },
    orderBy: { startsAt: 'asc' },
    take: 2,
  })
  appointmentId = first!.id
  otherAppointmentId = second!.id
})

beforeEach(async () => {
  await db.message.deleteMany()
})

let sequence = 0
function createMessage(
  fields: {
    status?: MessageStatus
    channel?: MessageChannel
    template?: string
    appointmentId?: string | null
    createdAt?: Date
    userId?: string | null
  } & Record<string, unknown> = {},
) {
  sequence += 1
  return db.message.create({
    data: {
      channel: 'email',
      template: 'appointment-reminder',
      toAddress: patient.email,
      userId: patient.id,
      appointmentId,
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, sequence)),
      ...fields,
    },
  })
}

describe('messagesForAppointment', () => {
  it("lists the appointment's messages oldest first, in staff words, and nothing of their contents", async () => {
    const psychologistId = (await db.appointment.findUniqueOrThrow({ where: { id: appointmentId } }))
      .psychologistId
    const confirmation = await createMessage({
      template: 'appointment-confirmed',
      status: 'sent',
      sentAt: new Date('2026-01-01T00:02:00Z'),
      attempts: 1,
    })
    const reminder = await createMessage({
      channel: 'sms',
      template: 'appointment-reminder',
      toAddress: '+61412000101',
      status: 'skipped',
      skipReason: 'No consent to texts',
    })
    const forPsychologist = await createMessage({
      template: 'psychologist-new-booking',
      userId: psychologistId,
      toAddress: 'psychologist@haven.test',
      status: 'failed',
      lastError: 'Resend said: 500',
      attempts: 8,
      sendAt: new Date('2026-01-02T00:00:00Z'),
    })
    await createMessage({ appointmentId: otherAppointmentId })

    const messages = await messagesForAppointment(appointmentId)
    expect(messages.map((message) => message.id)).toEqual([confirmation.id, reminder.id, forPsychologist.id])
    expect(messages[0]).toEqual({
      id: confirmation.id,
      channel: 'email',
      template: 'appointment-confirmed',
      label: 'Booking confirmed',
      recipient: 'patient',
      status: 'sent',
      skipReason: null,
      lastError: null,
      attempts: 1,
      sendAt: null,
      sentAt: '2026-01-01T00:02:00.000Z',
      deliveredAt: null,
      createdAt: confirmation.createdAt.toISOString(),
    })
    expect(messages[1]).toMatchObject({
      channel: 'sms',
      status: 'skipped',
      skipReason: 'No consent to texts',
    })
    expect(messages[2]).toMatchObject({
      label: 'New booking (psychologist)',
      recipient: 'psychologist',
      status: 'failed',
      lastError: 'Resend said: 500',
      attempts: 8,
      sendAt: '2026-01-02T00:00:00.000Z',
    })
    expect(JSON.stringify(messages)).not.toContain(patient.email)
  })

  it('is empty for an appointment without messages', async () => {
    expect(await messagesForAppointment(appointmentId)).toEqual([])
  })
})

describe('practiceMessages', () => {
  it('puts failures first, then the rest, each newest first, naming the recipient', async () => {
    const oldFailed = await createMessage({ status: 'failed' })
    const oldSent = await createMessage({ status: 'sent' })
    const newFailed = await createMessage({ status: 'failed', channel: 'sms', toAddress: '+61412000101' })
    const newQueued = await createMessage({ status: 'queued' })
    const signup = await createMessage({
      template: 'signup-verify',
      userId: null,
      appointmentId: null,
      toAddress: 'new.person@example.com',
      status: 'sent',
    })

    const list = await practiceMessages({ page: 1 })
    expect(list.rows.map((row) => row.id)).toEqual([
      newFailed.id,
      oldFailed.id,
      signup.id,
      newQueued.id,
      oldSent.id,
    ])
    expect(list).toMatchObject({ count: 5, failedCount: 2, page: 1, pageCount: 1 })
    expect(list.rows[0]).toMatchObject({ to: patient.name, appointmentId, label: 'Reminder', channel: 'sms' })
    expect(list.rows[2]).toMatchObject({ to: 'new.person@example.com', appointmentId: null })
  })

  it('filters by state and by channel', async () => {
    const failedEmail = await createMessage({ status: 'failed' })
    const failedSms = await createMessage({ status: 'failed', channel: 'sms' })
    const sentSms = await createMessage({ status: 'sent', channel: 'sms' })

    expect((await practiceMessages({ status: 'failed', page: 1 })).rows.map((row) => row.id)).toEqual([
      failedSms.id,
      failedEmail.id,
    ])
    expect((await practiceMessages({ channel: 'sms', page: 1 })).rows.map((row) => row.id)).toEqual([
      failedSms.id,
      sentSms.id,
    ])
    const sentOnly = await practiceMessages({ status: 'sent', channel: 'sms', page: 1 })
    expect(sentOnly.rows.map((row) => row.id)).toEqual([sentSms.id])
    expect(sentOnly.count).toBe(1)
  })

  it('pages through failures and then the rest as one list', async () => {
    const failed = []
    for (let index = 0; index < 3; index += 1) failed.push(await createMessage({ status: 'failed' }))
    const sent = []
    for (let index = 0; index < MESSAGES_PAGE_SIZE + 5; index += 1)
      sent.push(await createMessage({ status: 'sent' }))
    const newestSent = sent.map((message) => message.id).reverse()

    const first = await practiceMessages({ page: 1 })
    expect(first.pageCount).toBe(2)
    expect(first.rows.map((row) => row.id)).toEqual([
      ...failed.map((message) => message.id).reverse(),
      ...newestSent.slice(0, MESSAGES_PAGE_SIZE - 3),
    ])
    const second = await practiceMessages({ page: 2 })
    expect(second.rows.map((row) => row.id)).toEqual(newestSent.slice(MESSAGES_PAGE_SIZE - 3))
    expect(await practiceMessages({ page: 3 })).toMatchObject({ rows: [] })
  })
})

describe('retryMessage', () => {
  it('queues a failed message again with a job on its channel, keeping its attempts and last error', async () => {
    const message = await createMessage({
      status: 'failed',
      channel: 'sms',
      toAddress: '+61412000101',
      attempts: 9,
      lastError: 'Twilio said: 20429 Too Many Requests',
    })
    await retryMessage(message.id, managerId)

    expect(await db.message.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({
      status: 'queued',
      attempts: 9,
      lastError: 'Twilio said: 20429 Too Many Requests',
    })
    const jobs = await queuedJobs(sendSmsQueue.name)
    expect(jobs.filter((job) => job.data.messageId === message.id)).toHaveLength(1)
    expect(
      await db.auditEvent.findFirst({ where: { action: 'message.retried', entityId: message.id } }),
    ).toMatchObject({
      actorId: managerId,
      entity: 'message',
      detail: { channel: 'sms', template: 'appointment-reminder', attempts: 9 },
    })
  })

  it.each(['queued', 'sent', 'delivered', 'skipped'] as const)(
    'refuses a %s message and changes nothing',
    async (status) => {
      const message = await createMessage({ status })
      const jobsBefore = (await queuedJobs(sendEmailQueue.name)).length
      const refusal = await retryMessage(message.id, managerId).catch((error: unknown) => error)
      expect(refusal).toBeInstanceOf(MessageNotRetryableError)
      expect(refusal).toMatchObject({ kind: 'refused' })
      expect((await db.message.findUniqueOrThrow({ where: { id: message.id } })).status).toBe(status)
      expect(await queuedJobs(sendEmailQueue.name)).toHaveLength(jobsBefore)
      expect(await db.auditEvent.count({ where: { action: 'message.retried', entityId: message.id } })).toBe(
        0,
      )
    },
  )

  it('does not find a message that is not there', async () => {
    const refusal = await retryMessage('no-such-message', managerId).catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(DomainError)
    expect(refusal).toMatchObject({ kind: 'not-found' })
  })
})

describe('the reminder settings', () => {
  it('reads the defaults, saves a change (the delay from minutes to seconds) and audits the fields changed', async () => {
    expect(await readMessageSettings()).toEqual({
      emailReminderHours: 48,
      smsReminderHours: 24,
      videoSoonMinutes: 10,
      quietHoursEnabled: true,
      quietHoursStart: 21,
      quietHoursEnd: 8,
      changeNoticeDelaySeconds: 120,
    })
    const settings = {
      emailReminderHours: 72,
      smsReminderHours: 24,
      videoSoonMinutes: 10,
      quietHoursEnabled: false,
      quietHoursStart: 21,
      quietHoursEnd: 8,
      changeNoticeDelayMinutes: 5,
    }
    await updateMessageSettings(settings, managerId)
    expect(await readMessageSettings()).toMatchObject({
      emailReminderHours: 72,
      quietHoursEnabled: false,
      changeNoticeDelaySeconds: 300,
    })
    const audits = await db.auditEvent.findMany({ where: { action: 'message-settings.updated' } })
    expect(audits).toEqual([
      expect.objectContaining({
        actorId: managerId,
        detail: { fields: ['emailReminderHours', 'quietHoursEnabled', 'changeNoticeDelaySeconds'] },
      }),
    ])

    // Saving the same again records nothing.
    await updateMessageSettings(settings, managerId)
    expect(await db.auditEvent.count({ where: { action: 'message-settings.updated' } })).toBe(1)
  })
})

describe("a patient's message preferences", () => {
  it('reads their reminder choices, their SMS consent and their STOP', async () => {
    await db.patientProfile.update({
      where: { userId: patient.id },
      data: { smsOptedOutAt: new Date('2026-02-03T04:05:06Z') },
    })
    const preferences = await messagePreferences(patient.id)
    expect(preferences).toMatchObject({
      hasMobile: true,
      emailReminders: true,
      smsReminders: true,
      textMessages: true,
      smsOptedOutAt: '2026-02-03T04:05:06.000Z',
      smsPolicy: { kind: 'sms', required: false },
    })
    await db.patientProfile.update({ where: { userId: patient.id }, data: { smsOptedOutAt: null } })
  })

  it('is null for someone without a patient record', async () => {
    expect(await messagePreferences(managerId)).toBeNull()
  })

  it('saves the reminder choices, audited, and records a changed SMS answer as a consent decision', async () => {
    const decisionsBefore = await db.consentDecision.count({ where: { userId: patient.id, kind: 'sms' } })
    await updateMessagePreferences(patient.id, {
      emailReminders: false,
      smsReminders: true,
      textMessages: false,
    })

    expect(await db.patientProfile.findUniqueOrThrow({ where: { userId: patient.id } })).toMatchObject({
      emailReminders: false,
      smsReminders: true,
    })
    expect(await smsAllowed(patient.id)).toBe(false)
    const decisions = await db.consentDecision.findMany({
      where: { userId: patient.id, kind: 'sms' },
      orderBy: { decidedAt: 'asc' },
    })
    expect(decisions).toHaveLength(decisionsBefore + 1)
    expect(decisions.at(-1)).toMatchObject({ accepted: false, actorId: patient.id, source: 'consents_page' })
    expect(
      await db.auditEvent.findFirst({
        where: { action: 'message-preferences.updated', entityId: patient.id },
      }),
    ).toMatchObject({ actorId: patient.id, detail: { fields: ['emailReminders'] } })

    // The same answers again: no new decision, no new audit.
    const auditsBefore = await db.auditEvent.count({ where: { entityId: patient.id } })
    await updateMessagePreferences(patient.id, {
      emailReminders: false,
      smsReminders: true,
      textMessages: false,
    })
    expect(await db.consentDecision.count({ where: { userId: patient.id, kind: 'sms' } })).toBe(
      decisionsBefore + 1,
    )
    expect(await db.auditEvent.count({ where: { entityId: patient.id } })).toBe(auditsBefore)

    // Texts back on.
    await updateMessagePreferences(patient.id, {
      emailReminders: true,
      smsReminders: true,
      textMessages: true,
    })
    expect(await smsAllowed(patient.id)).toBe(true)
  })

  it('does not find the record of someone who is not a patient', async () => {
    const refusal = await updateMessagePreferences(managerId, {
      emailReminders: false,
      smsReminders: false,
    }).catch((error: unknown) => error)
    expect(refusal).toMatchObject({ kind: 'not-found' })
  })
})
