// Builds an appointment message from the send-time decision: the email (with its calendar file)
// or the SMS, in the templates' words. Every link points to a page behind sign-in; no message
// carries anything clinical.
import { renderEmail } from '~/emails/index.server.ts'
import { type Tx } from '~/utils/db.server.ts'
import { getEnv } from '~/utils/env.server.ts'
import { formatAud } from '~/utils/money.ts'
import { shortName } from '~/utils/names.ts'
import { formatZonedTime } from '~/utils/time.ts'
import { patientCalendarFile } from '../scheduling/ics.server.ts'
import { CANCELLATION_NOTICE_HOURS } from '../scheduling/policy.ts'
import { decideAppointmentMessage, type AppointmentFacts } from './appointment-decision.server.ts'
import { smsText } from './sms-text.ts'
import { listUnsubscribeHeaders, unsubscribeLink } from './unsubscribe.server.ts'

export function appLink(path: string, params?: Record<string, string>) {
  const url = new URL(path, getEnv().APP_URL)
  for (const [key, value] of Object.entries(params ?? {})) url.searchParams.set(key, value)
  return url.toString()
}

/** Where a patient joins a video session: its session page (device check, waiting room, call). */
export const joinLink = (appointmentId: string) => appLink(`/patient/appointments/${appointmentId}/session`)

const links = (facts: AppointmentFacts) => ({
  appointmentsLink: appLink('/patient/appointments'),
  rescheduleLink: appLink(`/patient/appointments/${facts.appointmentId}/reschedule`),
})

const venue = (facts: AppointmentFacts) =>
  facts.modality === 'telehealth'
    ? { modality: 'telehealth' as const, joinLink: joinLink(facts.appointmentId) }
    : {
        modality: 'in_person' as const,
        location: { name: facts.location.name, address: facts.location.address, directions: '' },
      }

function refundOf(facts: AppointmentFacts) {
  if (facts.paidCents === 0) return { kind: 'not-paid' as const }
  if (facts.refundedCents >= facts.paidCents)
    return { kind: 'full' as const, amount: formatAud(facts.refundedCents) }
  if (facts.refundedCents > 0) return { kind: 'partial' as const, amount: formatAud(facts.refundedCents) }
  return { kind: 'none' as const }
}

type Attachment = { filename: string; content: string; contentType: string }

export type ComposedAppointmentMessage =
  | { skip: string }
  | {
      skip?: undefined
      to: string
      email?: {
        subject: string
        html: string
        text: string
        attachments: Attachment[]
        headers: Record<string, string>
      }
      sms?: { body: string }
      /** What the message states, recorded on its row when it is built. */
      record: {
        template: string
        appointmentVersion: number
        appointmentStartsAt: Date
        previousStartsAt: Date | null
      }
    }

export async function composeAppointmentMessage(
  tx: Tx,
  message: Parameters<typeof decideAppointmentMessage>[1],
  now: Date,
): Promise<ComposedAppointmentMessage> {
  const decision = await decideAppointmentMessage(tx, message, now)
  if (!decision.send) return { skip: decision.reason }
  const { facts, template } = decision
  const when = formatZonedTime(facts.startsAt, facts.timeZone)
  const previousWhen = formatZonedTime(decision.previousStartsAt ?? facts.startsAt, facts.timeZone)
  const record = {
    template,
    appointmentVersion: facts.version,
    appointmentStartsAt: facts.startsAt,
    previousStartsAt: decision.previousStartsAt,
  }

  if (message.channel === 'sms') {
    switch (template) {
      case 'appointment-confirmed':
      case 'appointment-moved':
      case 'appointment-reminder':
        return {
          to: decision.to,
          sms: { body: smsText(template, { when, link: links(facts).appointmentsLink }) },
          record,
        }
      case 'appointment-cancelled':
        return {
          to: decision.to,
          sms: { body: smsText(template, { when: previousWhen, link: appLink('/psychologists') }) },
          record,
        }
      case 'video-starting-soon':
        return {
          to: decision.to,
          sms: { body: smsText(template, { when, link: joinLink(facts.appointmentId) }) },
          record,
        }
      default:
        throw new Error(`${template} is not sent by SMS`)
    }
  }

  const calendar = async (): Promise<Attachment[]> => {
    const file = await patientCalendarFile(facts.patientId, facts.appointmentId, tx)
    return file
      ? [{ filename: 'haven-session.ics', content: file, contentType: 'text/calendar; charset=utf-8' }]
      : []
  }
  const name = facts.patientFirstName
  const staffLink = appLink(`/clinician/appointments/${facts.appointmentId}`)
  const cancelledBy = facts.cancelledBy ?? 'practice'
  const email = async (
    rendered: Promise<{ subject: string; html: string; text: string }>,
    extra: { attachments?: Attachment[]; headers?: Record<string, string> } = {},
  ) => ({
    to: decision.to,
    email: { ...(await rendered), attachments: extra.attachments ?? [], headers: extra.headers ?? {} },
    record,
  })

  switch (template) {
    case 'appointment-confirmed':
      return email(
        renderEmail(template, {
          name,
          psychologistName: facts.psychologistName,
          when,
          durationMinutes: facts.durationMinutes,
          ...links(facts),
          cancellationPolicy: `Cancel or move free of charge up to ${CANCELLATION_NOTICE_HOURS} hours before`,
          amountPaid: facts.paidCents > 0 ? formatAud(facts.paidCents) : null,
          ...venue(facts),
        }),
        { attachments: await calendar() },
      )
    case 'appointment-moved':
      return email(
        renderEmail(template, {
          name,
          psychologistName: facts.psychologistName,
          previousWhen,
          when,
          appointmentsLink: links(facts).appointmentsLink,
          ...venue(facts),
        }),
        { attachments: await calendar() },
      )
    case 'appointment-cancelled':
      return email(
        renderEmail(template, {
          name,
          psychologistName: facts.psychologistName,
          when: previousWhen,
          cancelledBy,
          refund: refundOf(facts),
          bookLink: appLink('/psychologists'),
        }),
        { attachments: await calendar() },
      )
    case 'appointment-reminder':
      return email(
        renderEmail(template, {
          name,
          psychologistName: facts.psychologistName,
          when,
          ...links(facts),
          unsubscribeLink: unsubscribeLink(facts.patientId, 'email'),
          ...venue(facts),
        }),
        { headers: listUnsubscribeHeaders(facts.patientId) },
      )
    case 'psychologist-new-booking':
      return email(
        renderEmail(template, {
          psychologistName: facts.psychologistName,
          patientName: shortName(facts.patientFullName),
          when,
          modality: facts.modality,
          appointmentLink: staffLink,
        }),
      )
    case 'psychologist-moved':
      return email(
        renderEmail(template, {
          psychologistName: facts.psychologistName,
          patientName: shortName(facts.patientFullName),
          previousWhen,
          when,
          modality: facts.modality,
          appointmentLink: staffLink,
        }),
      )
    case 'psychologist-cancelled':
      return email(
        renderEmail(template, {
          psychologistName: facts.psychologistName,
          patientName: shortName(facts.patientFullName),
          when: previousWhen,
          modality: facts.modality,
          appointmentLink: staffLink,
          cancelledBy,
        }),
      )
    default:
      throw new Error(`${template} is not an appointment email`)
  }
}
