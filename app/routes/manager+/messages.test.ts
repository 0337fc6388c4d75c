// The manager's messages page: its filters from the address (nonsense is a 400), a failed
// message sent again, a message that is not failed refused, and the reminder settings form.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { sendEmailQueue } from '~/utils/queues.server.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import { databaseSnapshot } from '../../../tests/setup/database-snapshot.ts'
import { queuedJobs } from '../../../tests/setup/jobs.ts'
import { cookieFor, loadPage, postForm, userWithOnly } from '../../../tests/setup/route-calls.ts'
import { action, loader } from './messages.tsx'

let manager: string
let patient: { id: string; email: string }

beforeAll(async () => {
  await seedDemoPractice(db)
  manager = await cookieFor('manager@haven.test')
  patient = await db.user.findUniqueOrThrow({ where: { email: 'patient1@haven.test' } })
})

beforeEach(async () => {
  await db.message.deleteMany()
})

const message = (status: 'failed' | 'sent', createdAt: string) =>
  db.message.create({
    data: {
      channel: 'email',
      template: 'appointment-confirmed',
      toAddress: patient.email,
      userId: patient.id,
      status,
      attempts: 3,
      lastError: status === 'failed' ? 'Resend said: 422 invalid recipient' : null,
      createdAt: new Date(createdAt),
    },
  })

const post = (fields: Record<string, string>, cookie = manager, path = '/manager/messages') =>
  postForm(action, { path, cookie, fields })

describe('the list', () => {
  it('shows failures first and the reminder settings', async () => {
    const sent = await message('sent', '2026-01-02T00:00:00Z')
    const failed = await message('failed', '2026-01-01T00:00:00Z')
    const answer = await loadPage(loader, { path: '/manager/messages', cookie: manager })
    expect(answer.status).toBe(200)
    expect(answer.body).toMatchObject({
      rows: [
        { id: failed.id, status: 'failed', lastError: 'Resend said: 422 invalid recipient' },
        { id: sent.id, status: 'sent' },
      ],
      failedCount: 1,
      canRetry: true,
      canChangeSettings: true,
      settings: { emailReminderHours: 48, changeNoticeDelayMinutes: 2 },
    })
  })

  it.each(['?status=lost', '?channel=fax', '?page=0', '?page=x', '?status=failed&page=-2'])(
    'answers %s with a 400',
    async (query) => {
      expect(await loadPage(loader, { path: `/manager/messages${query}`, cookie: manager })).toMatchObject({
        status: 400,
      })
    },
  )

  it('is the manager’s: a psychologist is refused, and seeing messages does not show or change settings', async () => {
    expect(
      await loadPage(loader, {
        path: '/manager/messages',
        cookie: await cookieFor('hannah.kowalski@haven.test'),
      }),
    ).toMatchObject({ status: 403 })

    await userWithOnly('message-reader', ['read:message:any'])
    const reader = await cookieFor('message-reader@haven.test')
    const failed = await message('failed', '2026-01-01T00:00:00Z')
    expect(await loadPage(loader, { path: '/manager/messages', cookie: reader })).toMatchObject({
      status: 200,
      body: { canRetry: false, canChangeSettings: false, settings: null },
    })
    expect(await post({ intent: 'retry', messageId: failed.id }, reader)).toMatchObject({ status: 403 })
    expect((await db.message.findUniqueOrThrow({ where: { id: failed.id } })).status).toBe('failed')
  })
})

describe('sending again', () => {
  it('queues a failed message with its job, back on the same filters, saying so', async () => {
    const failed = await message('failed', '2026-01-01T00:00:00Z')
    const answer = await post(
      { intent: 'retry', messageId: failed.id },
      manager,
      '/manager/messages?status=failed&channel=email',
    )
    expect(answer).toMatchObject({
      status: 302,
      location: '/manager/messages?status=failed&channel=email',
      notice: { message: 'The message will be sent again. Its state here changes once it has been tried.' },
    })
    expect(await db.message.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({
      status: 'queued',
      attempts: 3,
    })
    expect((await queuedJobs(sendEmailQueue.name)).map((job) => job.data.messageId)).toContain(failed.id)
  })

  it('refuses a message that was sent, beside its row, and changes nothing', async () => {
    const sent = await message('sent', '2026-01-01T00:00:00Z')
    const before = await databaseSnapshot()
    expect(await post({ intent: 'retry', messageId: sent.id })).toMatchObject({
      status: 400,
      body: {
        result: {
          initialValue: { intent: 'retry', messageId: sent.id },
          error: { '': ['Only a failed message can be sent again. Reload the page to see where it is now.'] },
        },
      },
    })
    expect(await databaseSnapshot()).toEqual(before)
  })

  it('answers a message that does not exist with a 404', async () => {
    expect(await post({ intent: 'retry', messageId: 'no-such-message' })).toMatchObject({ status: 404 })
  })
})

describe('the reminder settings', () => {
  const SETTINGS = {
    intent: 'save-settings',
    emailReminderHours: '72',
    smsReminderHours: '12',
    videoSoonMinutes: '15',
    quietHoursEnabled: 'on',
    quietHoursStart: '22',
    quietHoursEnd: '7',
    changeNoticeDelayMinutes: '5',
  }

  it('saves them (the delay in seconds) and says so', async () => {
    expect(await post(SETTINGS)).toMatchObject({
      status: 302,
      location: '/manager/messages#settings',
      notice: { message: 'Reminder settings saved. Reminders planned from now on follow them.' },
    })
    expect(await db.practice.findUniqueOrThrow({ where: { id: 'practice' } })).toMatchObject({
      emailReminderHours: 72,
      smsReminderHours: 12,
      videoSoonMinutes: 15,
      quietHoursEnabled: true,
      quietHoursStart: 22,
      quietHoursEnd: 7,
      changeNoticeDelaySeconds: 300,
    })
  })

  it('refuses values out of range beside their fields, keeping what was typed, and saves nothing', async () => {
    const before = await databaseSnapshot()
    const answer = await post({
      ...SETTINGS,
      emailReminderHours: '400',
      videoSoonMinutes: '',
      quietHoursEnd: '22',
      changeNoticeDelayMinutes: '90',
    })
    expect(answer).toMatchObject({
      status: 400,
      body: {
        result: {
          initialValue: { emailReminderHours: '400' },
          error: {
            emailReminderHours: ['Enter whole hours from 0 to 336 (two weeks)'],
            videoSoonMinutes: ['Enter whole minutes from 0 to 120'],
            changeNoticeDelayMinutes: ['Enter whole minutes from 0 to 60'],
          },
        },
      },
    })
    expect(await databaseSnapshot()).toEqual(before)
  })

  it('refuses quiet hours that start and end at the same hour', async () => {
    expect(await post({ ...SETTINGS, quietHoursStart: '7', quietHoursEnd: '7' })).toMatchObject({
      status: 400,
      body: { result: { error: { quietHoursEnd: [expect.stringContaining('different hour')] } } },
    })
  })
})
