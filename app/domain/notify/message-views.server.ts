// What staff and patients see of Haven's messages, and the few things they may change: a failed
// message sent again, the practice's reminder settings, a patient's message preferences. Never
// a message's body: what a message says is built when it is sent, from the data at that moment.
import { type Prisma } from '~/generated/prisma/client.ts'
import { DomainError, NotFoundError } from '~/domain/errors.ts'
import { db } from '~/utils/db.server.ts'
import { audit } from '../audit/audit.server.ts'
import { updatePracticeFields } from '../billing/settings.server.ts'
import { currentPolicies, recordConsentDecisions } from '../patients/consents.server.ts'
import { type MessageFilter, type MessageRecipient, type MessageSettingsInput } from './message-settings.ts'
import { enqueueDelivery } from './messages.server.ts'
import { type MessageTemplate, TEMPLATE_LABELS } from './templates.ts'

export const MESSAGES_PAGE_SIZE = 50

const messageSelect = {
  id: true,
  channel: true,
  template: true,
  status: true,
  skipReason: true,
  lastError: true,
  attempts: true,
  sendAt: true,
  sentAt: true,
  deliveredAt: true,
  createdAt: true,
  appointmentId: true,
  user: { select: { name: true } },
} as const satisfies Prisma.MessageSelect

type MessageRow = Prisma.MessageGetPayload<{ select: typeof messageSelect }>

const iso = (date: Date | null) => date?.toISOString() ?? null

/** Messages about a session go to its patient, except the psychologist's own notices. */
function recipientOf(template: string): MessageRecipient {
  return template.startsWith('psychologist-') ? 'psychologist' : 'patient'
}

/** One message as the pages show it: plain values, ready to send to the browser. */
function messageView(message: MessageRow) {
  return {
    id: message.id,
    channel: message.channel,
    template: message.template,
    label: TEMPLATE_LABELS[message.template as MessageTemplate] ?? message.template,
    recipient: recipientOf(message.template),
    status: message.status,
    skipReason: message.skipReason,
    lastError: message.lastError,
    attempts: message.attempts,
    sendAt: iso(message.sendAt),
    sentAt: iso(message.sentAt),
    deliveredAt: iso(message.deliveredAt),
    createdAt: message.createdAt.toISOString(),
  }
}
export type MessageView = ReturnType<typeof messageView>

/** Every message about one appointment, oldest first (the page that calls this has checked who may see it). */
export async function messagesForAppointment(appointmentId: string) {
  const messages = await db.message.findMany({
    where: { appointmentId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: messageSelect,
  })
  return messages.map(messageView)
}

/**
 * The practice's messages for the manager: failures first (they need someone), then the rest,
 * newest first, a page at a time. Each names its recipient and the appointment it is about.
 */
export async function practiceMessages({ status, channel, page }: MessageFilter) {
  const where: Prisma.MessageWhereInput = { ...(status ? { status } : {}), ...(channel ? { channel } : {}) }
  const select = { ...messageSelect, toAddress: true }
  const newestFirst: Prisma.MessageOrderByWithRelationInput[] = [{ createdAt: 'desc' }, { id: 'desc' }]
  const skip = (page - 1) * MESSAGES_PAGE_SIZE
  // Filtered by state: one list. Otherwise the failed ones, then the others, paged as one list.
  const firstWhere = status ? where : { ...where, status: 'failed' as const }
  const [count, failedCount, first] = await Promise.all([
    db.message.count({ where }),
    db.message.count({ where: { ...where, status: 'failed' } }),
    db.message.findMany({ where: firstWhere, orderBy: newestFirst, skip, take: MESSAGES_PAGE_SIZE, select }),
  ])
  const others =
    !status && first.length < MESSAGES_PAGE_SIZE
      ? await db.message.findMany({
          where: { ...where, NOT: { status: 'failed' } },
          orderBy: newestFirst,
          skip: Math.max(0, skip - failedCount),
          take: MESSAGES_PAGE_SIZE - first.length,
          select,
        })
      : []
  return {
    rows: [...first, ...others].map((message) => ({
      ...messageView(message),
      // Sign-up mail can go to an address with no account yet.
      to: message.user?.name ?? message.toAddress,
      appointmentId: message.appointmentId,
    })),
    count,
    failedCount,
    page,
    pageCount: Math.max(1, Math.ceil(count / MESSAGES_PAGE_SIZE)),
  }
}

/** Only a failed message can be sent again: anything else is on its way, or decided. */
export class MessageNotRetryableError extends DomainError {
  constructor() {
    super('refused', 'Only a failed message can be sent again. Reload the page to see where it is now.')
  }
}

/**
 * Sends a failed message again: back to queued with a new job, in one transaction, so the worker
 * decides afresh whether it should still go. Its attempts and last error stay until the next try.
 */
export async function retryMessage(messageId: string, actorId: string) {
  return db.$transaction(async (tx) => {
    // Conditional, so two managers clicking at once queue it once.
    const { count } = await tx.message.updateMany({
      where: { id: messageId, status: 'failed' },
      data: { status: 'queued' },
    })
    if (count === 0) {
      const exists = await tx.message.count({ where: { id: messageId } })
      throw exists ? new MessageNotRetryableError() : new NotFoundError('We could not find that message.')
    }
    const message = await tx.message.findUniqueOrThrow({
      where: { id: messageId },
      select: { id: true, channel: true, template: true, attempts: true, sendAt: true, dedupeKey: true },
    })
    await enqueueDelivery(tx, message)
    await audit(tx, {
      actorId,
      action: 'message.retried',
      entity: 'message',
      entityId: message.id,
      detail: { channel: message.channel, template: message.template, attempts: message.attempts },
    })
    return message
  })
}

const SETTING_FIELDS = [
  'emailReminderHours',
  'smsReminderHours',
  'videoSoonMinutes',
  'quietHoursEnabled',
  'quietHoursStart',
  'quietHoursEnd',
  'changeNoticeDelaySeconds',
] as const

export type MessageSettings = Record<
  Exclude<(typeof SETTING_FIELDS)[number], 'quietHoursEnabled'>,
  number
> & { quietHoursEnabled: boolean }

/** When reminders and change notices go (the Practice row). */
export async function readMessageSettings(): Promise<MessageSettings> {
  return db.practice.findUniqueOrThrow({
    where: { id: 'practice' },
    select: Object.fromEntries(SETTING_FIELDS.map((field) => [field, true])) as Record<
      (typeof SETTING_FIELDS)[number],
      true
    >,
  })
}

/** Saves the reminder settings (new plans use them; planned reminders keep their times); audited by field name. */
export async function updateMessageSettings(input: MessageSettingsInput, actorId: string) {
  const settings: MessageSettings = {
    emailReminderHours: input.emailReminderHours,
    smsReminderHours: input.smsReminderHours,
    videoSoonMinutes: input.videoSoonMinutes,
    quietHoursEnabled: input.quietHoursEnabled,
    quietHoursStart: input.quietHoursStart,
    quietHoursEnd: input.quietHoursEnd,
    changeNoticeDelaySeconds: input.changeNoticeDelayMinutes * 60,
  }
  await updatePracticeFields(actorId, 'message-settings.updated', settings)
  return settings
}

/** The SMS policy in force, as the preferences form asks it; null when there is none. */
async function smsPolicy() {
  const policy = (await currentPolicies()).find((candidate) => candidate.kind === 'sms')
  return policy
    ? {
        id: policy.id,
        kind: policy.kind,
        version: policy.version,
        title: policy.title,
        summary: policy.summary,
        body: policy.body,
        required: policy.required,
      }
    : null
}

/**
 * A patient's message choices: reminders by email and text, and whether we may text them at all
 * (their answer to the SMS policy in force: null if they have not given one). `smsOptedOutAt`:
 * they replied STOP, and no text reaches them until they send START, whatever they choose here.
 * Null before they have a patient record (intake not started).
 */
export async function messagePreferences(userId: string) {
  const [profile, policy] = await Promise.all([
    db.patientProfile.findUnique({
      where: { userId },
      select: { mobile: true, emailReminders: true, smsReminders: true, smsOptedOutAt: true },
    }),
    smsPolicy(),
  ])
  if (!profile) return null
  const record = policy
    ? await db.consentRecord.findUnique({
        where: { userId_policyId: { userId, policyId: policy.id } },
        select: { accepted: true },
      })
    : null
  return {
    hasMobile: profile.mobile !== '',
    emailReminders: profile.emailReminders,
    smsReminders: profile.smsReminders,
    smsPolicy: policy,
    textMessages: record?.accepted ?? null,
    smsOptedOutAt: iso(profile.smsOptedOutAt),
  }
}

/**
 * Saves a patient's message choices. "Text messages" is their SMS consent: a changed answer is
 * recorded as a consent decision, as the consent pages record one (history and current answer),
 * never stored anywhere else. An unchanged answer records nothing.
 */
export async function updateMessagePreferences(
  userId: string,
  input: { emailReminders: boolean; smsReminders: boolean; textMessages?: boolean },
) {
  await db.$transaction(async (tx) => {
    const before = await tx.patientProfile.findUnique({
      where: { userId },
      select: { emailReminders: true, smsReminders: true },
    })
    if (!before) throw new NotFoundError('We could not find your details.')
    const changed = (['emailReminders', 'smsReminders'] as const).filter(
      (field) => before[field] !== input[field],
    )
    if (changed.length > 0) {
      await tx.patientProfile.update({
        where: { userId },
        data: { emailReminders: input.emailReminders, smsReminders: input.smsReminders },
      })
      await audit(tx, {
        actorId: userId,
        action: 'message-preferences.updated',
        entity: 'patient',
        entityId: userId,
        detail: { fields: changed },
      })
    }
    if (input.textMessages === undefined) return
    const policy = (await currentPolicies(tx)).find((candidate) => candidate.kind === 'sms')
    if (!policy) return
    const record = await tx.consentRecord.findUnique({
      where: { userId_policyId: { userId, policyId: policy.id } },
      select: { accepted: true },
    })
    if (record?.accepted === input.textMessages) return
    await recordConsentDecisions(tx, {
      userId,
      decisions: [{ policyId: policy.id, accepted: input.textMessages }],
      source: 'consents_page',
    })
  })
}
