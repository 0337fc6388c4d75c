import { parseWithZod } from '@conform-to/zod/v4'
import { describe, expect, it } from 'vitest'
import { messageSettingsSchema, parseMessageFilter } from './message-settings.ts'

const SETTINGS = {
  intent: 'save-settings',
  emailReminderHours: '48',
  smsReminderHours: '24',
  videoSoonMinutes: '10',
  quietHoursEnabled: 'on',
  quietHoursStart: '21',
  quietHoursEnd: '8',
  changeNoticeDelayMinutes: '2',
}

/** The form as a browser sends it, parsed as the page and the action parse it. */
function submit(fields: Record<string, string | undefined>) {
  const formData = new FormData()
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) formData.append(name, value)
  return parseWithZod(formData, { schema: messageSettingsSchema })
}

describe('the reminder settings form', () => {
  it('reads whole numbers and the quiet-hours box', () => {
    expect(submit(SETTINGS)).toMatchObject({
      status: 'success',
      value: {
        emailReminderHours: 48,
        smsReminderHours: 24,
        videoSoonMinutes: 10,
        quietHoursEnabled: true,
        quietHoursStart: 21,
        quietHoursEnd: 8,
        changeNoticeDelayMinutes: 2,
      },
    })
    expect(submit({ ...SETTINGS, quietHoursEnabled: undefined })).toMatchObject({
      value: { quietHoursEnabled: false },
    })
    const edges = { emailReminderHours: '336', smsReminderHours: '0', videoSoonMinutes: '120' }
    expect(submit({ ...SETTINGS, ...edges, changeNoticeDelayMinutes: '60' }).status).toBe('success')
    expect(submit({ ...SETTINGS, quietHoursStart: '0', quietHoursEnd: '23' }).status).toBe('success')
  })

  it.each([
    ['emailReminderHours', '337'],
    ['smsReminderHours', '-1'],
    ['smsReminderHours', '1.5'],
    ['emailReminderHours', ''],
    ['videoSoonMinutes', '121'],
    ['quietHoursStart', '24'],
    ['quietHoursEnd', 'eight'],
    ['changeNoticeDelayMinutes', '61'],
  ])('refuses %s = %j beside its field', (field, value) => {
    const result = submit({ ...SETTINGS, [field]: value })
    expect(result.status).toBe('error')
    expect(Object.keys(result.reply().error ?? {})).toEqual([field])
  })

  it('refuses quiet hours that start and end at the same hour', () => {
    expect(submit({ ...SETTINGS, quietHoursStart: '8', quietHoursEnd: '8' }).reply().error).toEqual({
      quietHoursEnd: ['Quiet hours must end at a different hour from the one they start'],
    })
  })
})

describe('the message list filters', () => {
  it('read a state, a channel and a page, blank meaning any', () => {
    expect(parseMessageFilter(new URLSearchParams('status=failed&channel=sms&page=2')).data).toEqual({
      status: 'failed',
      channel: 'sms',
      page: 2,
    })
    expect(parseMessageFilter(new URLSearchParams('status=&channel=&_routes=x')).data).toEqual({ page: 1 })
  })

  it.each(['status=lost', 'channel=pigeon', 'page=0', 'page=two', 'page=1.5', 'page=10001'])(
    'refuse %s',
    (query) => {
      expect(parseMessageFilter(new URLSearchParams(query)).success).toBe(false)
    },
  )
})
