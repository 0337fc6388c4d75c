import { z } from 'zod'
import { type MessageChannel, type MessageStatus } from '~/generated/prisma/enums.ts'
import { consentSchema, type AskedPolicy } from '../patients/consents.ts'

// Client-safe: the message lists' words and filters, the manager's reminder settings and the
// patient's message preferences, validated with these in the browser and on the server.

export const MESSAGE_STATUSES = [
  'queued',
  'sent',
  'delivered',
  'failed',
  'skipped',
] as const satisfies MessageStatus[]
export const MESSAGE_CHANNELS = ['email', 'sms'] as const satisfies MessageChannel[]

export const MESSAGE_STATUS_LABELS: Record<MessageStatus, string> = {
  queued: 'Waiting to send',
  sent: 'Sent',
  delivered: 'Delivered',
  failed: 'Failed',
  skipped: 'Not sent',
}
export const CHANNEL_LABELS: Record<MessageChannel, string> = { email: 'Email', sms: 'Text' }

export type MessageRecipient = 'patient' | 'psychologist'
export const RECIPIENT_LABELS: Record<MessageRecipient, string> = {
  patient: 'Patient',
  psychologist: 'Psychologist',
}

/**
 * The manager's message list filters, from the address bar. Unlike other lists, a value that
 * makes no sense is refused (400) rather than read as "any": a mistyped filter that quietly showed
 * everything would hide the failures someone went looking for.
 */
export const messageFilterSchema = z.object({
  status: z.enum(MESSAGE_STATUSES).optional(),
  channel: z.enum(MESSAGE_CHANNELS).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
})
export type MessageFilter = z.infer<typeof messageFilterSchema>

export function parseMessageFilter(searchParams: URLSearchParams) {
  return messageFilterSchema.safeParse({
    status: searchParams.get('status') || undefined,
    channel: searchParams.get('channel') || undefined,
    page: searchParams.get('page') || undefined,
  })
}

const wholeNumber = (message: string, min: number, max: number) =>
  z.number({ error: message }).int(message).min(min, message).max(max, message)

const hourOfDay = (message: string) => wholeNumber(message, 0, 23)

/** When reminders and notices go (the Practice row's reminder columns; a CHECK holds the same bounds). */
export const messageSettingsSchema = z
  .object({
    intent: z.literal('save-settings'),
    emailReminderHours: wholeNumber('Enter whole hours from 0 to 336 (two weeks)', 0, 336),
    smsReminderHours: wholeNumber('Enter whole hours from 0 to 336 (two weeks)', 0, 336),
    videoSoonMinutes: wholeNumber('Enter whole minutes from 0 to 120', 0, 120),
    quietHoursEnabled: z.boolean().default(false),
    quietHoursStart: hourOfDay('Choose the hour quiet hours start'),
    quietHoursEnd: hourOfDay('Choose the hour quiet hours end'),
    // Shown in minutes; stored in seconds.
    changeNoticeDelayMinutes: wholeNumber('Enter whole minutes from 0 to 60', 0, 60),
  })
  .superRefine((settings, ctx) => {
    if (settings.quietHoursStart === settings.quietHoursEnd)
      ctx.addIssue({
        code: 'custom',
        path: ['quietHoursEnd'],
        message: 'Quiet hours must end at a different hour from the one they start',
      })
  })
export type MessageSettingsInput = Omit<z.infer<typeof messageSettingsSchema>, 'intent'>

/**
 * The patient's message preferences: reminder emails and texts (checkboxes), and, when an SMS
 * policy is in force, whether we may text them at all: the SMS consent, asked exactly as the
 * consent pages ask it (the field is named after the policy, `sms`, with the versions shown).
 */
export function messagePreferencesSchema(smsPolicy: AskedPolicy | null) {
  return z
    .object({
      intent: z.literal('messages'),
      emailReminders: z.boolean().default(false),
      smsReminders: z.boolean().default(false),
    })
    .and(consentSchema(smsPolicy ? [smsPolicy] : []))
}
