// The consumer of appointment changes: from the appointment's current state, records which
// messages a change implies (Message rows) with their jobs, in one transaction. What a message
// says, and whether it still goes, is decided again when it is sent (messages.server.ts).
import { db, type Tx } from '~/utils/db.server.ts'
import { type AppointmentStatus } from '../scheduling/appointment-state.ts'
import { smsAllowed } from '../patients/consents.server.ts'
import { toE164AustralianMobile } from '../patients/phone.ts'
import {
  messagesForChange,
  patientZone,
  plannedReminders,
  type ReminderSettings,
} from './appointment-messages.ts'
import { planSessionQuestionnaireMessages } from '../outcomes/reminders.server.ts'
import { enqueueDelivery } from './messages.server.ts'
import { type MessageTemplate } from './templates.ts'

const REMINDER_TEMPLATES: MessageTemplate[] = [
  'appointment-reminder',
  'video-starting-soon',
  'questionnaire-due',
]
const NOTICE_TEMPLATES: MessageTemplate[] = [
  'appointment-moved',
  'appointment-cancelled',
  'psychologist-moved',
  'psychologist-cancelled',
]

/** Why no text message may go to this patient now; null when one may. */
export async function smsBlockedBecause(
  tx: Tx,
  profile: { userId: string; mobile: string; smsOptedOutAt: Date | null } | null,
  now: Date,
) {
  if (!profile?.mobile) return 'No mobile number'
  if (toE164AustralianMobile(profile.mobile) !== profile.mobile) return 'Not an Australian mobile number'
  if (profile.smsOptedOutAt) return 'The patient replied STOP'
  if (!(await smsAllowed(profile.userId, now, tx))) return 'The patient has not agreed to texts'
  return null
}

export async function readReminderSettings(tx: Tx = db) {
  const practice = await tx.practice.findUnique({ where: { id: 'practice' } })
  return {
    emailReminderHours: practice?.emailReminderHours ?? 48,
    smsReminderHours: practice?.smsReminderHours ?? 24,
    videoSoonMinutes: practice?.videoSoonMinutes ?? 10,
    quiet: {
      enabled: practice?.quietHoursEnabled ?? true,
      start: practice?.quietHoursStart ?? 21,
      end: practice?.quietHoursEnd ?? 8,
    },
    changeNoticeDelaySeconds: practice?.changeNoticeDelaySeconds ?? 120,
  } satisfies ReminderSettings & { changeNoticeDelaySeconds: number }
}

type Planned = {
  channel: 'email' | 'sms'
  template: MessageTemplate
  to: string
  userId: string
  dedupeKey: string
  sendAt?: Date | null
  skipReason?: string | null
  appointmentStartsAt?: Date | null
  previousStartsAt?: Date | null
}

/**
 * Records one message for an appointment unless one with its dedupe key exists (a re-delivered
 * job), and enqueues its send unless it is skipped. Returns whether it was new.
 */
async function recordOnce(tx: Tx, appointment: { id: string; version: number }, message: Planned) {
  const existing = await tx.message.findUnique({
    where: { dedupeKey: message.dedupeKey },
    select: { id: true },
  })
  if (existing) return false
  const created = await tx.message.create({
    data: {
      channel: message.channel,
      template: message.template,
      toAddress: message.to,
      userId: message.userId,
      appointmentId: appointment.id,
      appointmentVersion: appointment.version,
      appointmentStartsAt: message.appointmentStartsAt ?? null,
      previousStartsAt: message.previousStartsAt ?? null,
      dedupeKey: message.dedupeKey,
      sendAt: message.sendAt ?? null,
      status: message.skipReason ? 'skipped' : 'queued',
      skipReason: message.skipReason ?? null,
    },
  })
  if (!message.skipReason) await enqueueDelivery(tx, created)
  return true
}

/** Queued reminders of this appointment that will not go any more, with why. */
async function dropReminders(tx: Tx, appointmentId: string, why: string, olderThanVersion?: number) {
  await tx.message.updateMany({
    where: {
      appointmentId,
      status: 'queued',
      template: { in: REMINDER_TEMPLATES },
      ...(olderThanVersion === undefined ? {} : { appointmentVersion: { lt: olderThanVersion } }),
    },
    data: { status: 'skipped', skipReason: why },
  })
}

const DROP_REASONS: Partial<Record<AppointmentStatus, string>> = {
  cancelled: 'The session was cancelled',
  late_cancelled: 'The session was cancelled',
  completed: 'The session has taken place',
  no_show: 'The session has taken place',
  expired: 'The booking was not paid in time',
}

/**
 * Plans the messages for one change (the job of appointment version `version`). A job for a
 * version the appointment has moved past does nothing: the newer change's job plans from the
 * state that matters now. Safe to run twice (every message has a dedupe key).
 */
export async function planAppointmentMessages(
  change: { appointmentId: string; version: number },
  now = new Date(),
) {
  return db.$transaction(async (tx) => {
    // One planner per appointment at a time: two changes' jobs never interleave their rows.
    await tx.$queryRaw`select 1 from "Appointment" where id = ${change.appointmentId} for update`
    const appointment = await tx.appointment.findUnique({
      where: { id: change.appointmentId },
      include: {
        patient: { select: { id: true, email: true, patient: true } },
        psychologist: { select: { id: true, email: true } },
        events: { orderBy: [{ at: 'desc' }, { id: 'desc' }], take: 1 },
      },
    })
    if (!appointment) return { planned: 'missing' as const }
    if (appointment.version !== change.version) return { planned: 'superseded' as const }
    const event = appointment.events[0]
    if (!event) return { planned: 'no-change' as const }

    const patient = appointment.patient
    const wasAnnounced =
      (await tx.message.count({
        where: { appointmentId: appointment.id, template: 'appointment-confirmed', userId: patient.id },
      })) > 0
    const wasConfirmed =
      (await tx.appointmentEvent.count({ where: { appointmentId: appointment.id, kind: 'confirmed' } })) > 0
    const implied = messagesForChange({
      kind: event.kind,
      status: appointment.status as AppointmentStatus,
      wasAnnounced,
      wasConfirmed,
    })
    const settings = await readReminderSettings(tx)
    const profile = patient.patient
    const smsBlocked = await smsBlockedBecause(tx, profile, now)
    const mobile = profile?.mobile ?? ''
    const key = (...parts: (string | number)[]) => [...parts, appointment.id].join(':')
    const record = (message: Planned) => recordOnce(tx, appointment, message)
    // The psychologist hears of changes others make; their own they know about.
    const tellPsychologist = event.actorId !== appointment.psychologistId

    if (implied.confirmation) {
      await record({
        channel: 'email',
        template: 'appointment-confirmed',
        to: patient.email,
        userId: patient.id,
        dedupeKey: key('confirmed', 'email'),
      })
      await record({
        channel: 'sms',
        template: 'appointment-confirmed',
        to: mobile,
        userId: patient.id,
        dedupeKey: key('confirmed', 'sms'),
        skipReason: smsBlocked,
      })
      if (tellPsychologist)
        await record({
          channel: 'email',
          template: 'psychologist-new-booking',
          to: appointment.psychologist.email,
          userId: appointment.psychologistId,
          dedupeKey: key('psychologist-new-booking', 'email'),
        })
    }

    if (implied.notice) {
      const sendAt = new Date(now.getTime() + settings.changeNoticeDelaySeconds * 1000)
      const notices: Planned[] = [
        {
          channel: 'email',
          template: `appointment-${implied.notice}`,
          to: patient.email,
          userId: patient.id,
          dedupeKey: key('notice', 'email', `v${appointment.version}`),
        },
        {
          channel: 'sms',
          template: `appointment-${implied.notice}`,
          to: mobile,
          userId: patient.id,
          dedupeKey: key('notice', 'sms', `v${appointment.version}`),
          skipReason: smsBlocked,
        },
      ]
      if (tellPsychologist)
        notices.push({
          channel: 'email',
          template: `psychologist-${implied.notice}`,
          to: appointment.psychologist.email,
          userId: appointment.psychologistId,
          dedupeKey: key('psychologist-notice', 'email', `v${appointment.version}`),
        })
      for (const notice of notices) {
        // Debounce: a notice still waiting (not yet built) covers this change too; it is built
        // from the state at send time, so two quick moves make one notice, and an undone one none.
        const waiting = await tx.message.findFirst({
          where: {
            appointmentId: appointment.id,
            userId: notice.userId,
            channel: notice.channel,
            status: 'queued',
            composedAt: null,
            template: { in: NOTICE_TEMPLATES },
          },
        })
        if (waiting) {
          await tx.message.update({ where: { id: waiting.id }, data: { template: notice.template } })
          continue
        }
        await record({
          ...notice,
          sendAt: notice.skipReason ? null : sendAt,
          previousStartsAt: event.fromStartsAt ?? appointment.startsAt,
        })
      }
    }

    if (implied.reminders === 'drop') {
      await dropReminders(
        tx,
        appointment.id,
        DROP_REASONS[appointment.status as AppointmentStatus] ?? 'The session changed',
      )
    }
    if (implied.reminders === 'plan') {
      const moved = event.kind === 'rescheduled'
      await dropReminders(
        tx,
        appointment.id,
        moved ? 'The session moved; reminders were planned for its new time' : 'Planned again after a change',
        appointment.version,
      )
      const reminders = plannedReminders({
        startsAt: appointment.startsAt,
        modality: appointment.modality,
        patientZone: patientZone(profile?.state ?? '', appointment.timeZone),
        settings,
        emailReminders: profile?.emailReminders ?? true,
        smsReminders: profile?.smsReminders ?? true,
        smsBlockedBecause: smsBlocked,
        now,
      })
      for (const reminder of reminders) {
        await record({
          channel: reminder.channel,
          template: reminder.template,
          to: reminder.channel === 'email' ? patient.email : mobile,
          userId: patient.id,
          dedupeKey: key('reminder', reminder.kind, `v${appointment.version}`),
          sendAt: reminder.sendAt,
          skipReason: reminder.skipReason,
          appointmentStartsAt: appointment.startsAt,
        })
      }
      await planSessionQuestionnaireMessages(tx, appointment, now)
    }
    return { planned: 'done' as const, implied }
  })
}
