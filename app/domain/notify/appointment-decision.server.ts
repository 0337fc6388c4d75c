// At send time, whether an appointment message still goes, and what it says: built from the
// appointment as it is now, never from what was true when the message was planned. This is what
// stops a reminder for a cancelled or moved session (cal.com's recurring bug) and what lets a
// move undone within the notice delay send nothing.
import { type Tx } from '~/utils/db.server.ts'
import { smsBlockedBecause } from './appointment-messages.server.ts'
import { type MessageTemplate } from './templates.ts'

const CONFIRMATIONS: Record<'patient' | 'psychologist', MessageTemplate[]> = {
  patient: ['appointment-confirmed', 'appointment-moved'],
  psychologist: ['psychologist-new-booking', 'psychologist-moved'],
}
const CANCELLATIONS: MessageTemplate[] = ['appointment-cancelled', 'psychologist-cancelled']

export type AppointmentFacts = {
  appointmentId: string
  patientId: string
  /** How the patient is greeted: their preferred or first name. */
  patientFirstName: string
  /** Their full name, for the psychologist (who sees it shortened). */
  patientFullName: string
  psychologistId: string
  psychologistName: string
  startsAt: Date
  durationMinutes: number
  timeZone: string
  modality: 'telehealth' | 'in_person'
  location: { name: string; address: string }
  version: number
  cancelledBy: 'patient' | 'psychologist' | 'practice' | null
  /** What the patient paid, in cents; 0 when nothing was paid. */
  paidCents: number
  /** Refunds decided for this session (not failed), in cents. */
  refundedCents: number
}

export type AppointmentDecision =
  | { send: false; reason: string }
  | {
      send: true
      template: MessageTemplate
      /** Where it goes now (the patient's current email or mobile). */
      to: string
      facts: AppointmentFacts
      /** For a move or cancellation notice: the time the recipient knew. */
      previousStartsAt: Date | null
    }

const skip = (reason: string): AppointmentDecision => ({ send: false, reason })

/** Reads the appointment and decides; the caller holds the message row (for update). */
export async function decideAppointmentMessage(
  tx: Tx,
  message: {
    id: string
    channel: 'email' | 'sms'
    template: string
    userId: string | null
    appointmentId: string | null
    appointmentVersion: number | null
    appointmentStartsAt: Date | null
  },
  now: Date,
): Promise<AppointmentDecision> {
  if (!message.appointmentId) throw new Error(`message ${message.id} has no appointment`)
  const appointment = await tx.appointment.findUniqueOrThrow({
    where: { id: message.appointmentId },
    include: {
      patient: { select: { id: true, name: true, email: true, patient: true } },
      psychologist: { select: { id: true, name: true, email: true } },
      appointmentType: { select: { durationMinutes: true } },
      location: { select: { name: true, address: true } },
      invoice: { select: { paidCents: true, refunds: { select: { amountCents: true, status: true } } } },
      events: {
        where: { kind: { in: ['cancelled', 'late_cancelled', 'confirmed'] } },
        orderBy: { at: 'desc' },
        select: { actorId: true, kind: true },
      },
    },
  })
  const audience = message.userId === appointment.psychologistId ? 'psychologist' : 'patient'
  const profile = appointment.patient.patient
  if (message.channel === 'sms') {
    const blocked = await smsBlockedBecause(tx, profile, now)
    if (blocked) return skip(blocked)
  }
  const to =
    message.channel === 'sms'
      ? profile!.mobile
      : audience === 'patient'
        ? appointment.patient.email
        : appointment.psychologist.email
  const cancellation = appointment.events.find((event) => event.kind !== 'confirmed')
  const cancelledBy = cancellation?.actorId
  // Confirmed by a payment, so the patient was told on the payment page even if no email went yet.
  const wasConfirmed = appointment.events.some((event) => event.kind === 'confirmed')
  const facts: AppointmentFacts = {
    appointmentId: appointment.id,
    patientId: appointment.patientId,
    patientFirstName: profile?.preferredName || profile?.legalFirstName || appointment.patient.name,
    patientFullName:
      [profile?.preferredName || profile?.legalFirstName, profile?.legalLastName].filter(Boolean).join(' ') ||
      appointment.patient.name,
    psychologistId: appointment.psychologistId,
    psychologistName: appointment.psychologist.name,
    startsAt: appointment.startsAt,
    durationMinutes: appointment.appointmentType.durationMinutes,
    timeZone: appointment.timeZone,
    modality: appointment.modality,
    location: appointment.location,
    version: appointment.version,
    cancelledBy: !cancellation
      ? null
      : cancelledBy === appointment.patientId
        ? 'patient'
        : cancelledBy === appointment.psychologistId
          ? 'psychologist'
          : 'practice',
    paidCents: appointment.invoice?.paidCents ?? 0,
    refundedCents: (appointment.invoice?.refunds ?? [])
      .filter((refund) => refund.status !== 'failed' && refund.status !== 'canceled')
      .reduce((sum, refund) => sum + refund.amountCents, 0),
  }
  const cancelled = appointment.status === 'cancelled' || appointment.status === 'late_cancelled'
  const send = (template: MessageTemplate, previousStartsAt: Date | null = null): AppointmentDecision => ({
    send: true,
    template,
    to,
    facts,
    previousStartsAt,
  })

  // What this recipient was last told on this channel: the time in their last sent
  // confirmation or move notice, and whether a cancellation already reached them.
  const told = await tx.message.findMany({
    where: {
      appointmentId: appointment.id,
      userId: message.userId,
      channel: message.channel,
      status: { in: ['sent', 'delivered'] },
      id: { not: message.id },
    },
    orderBy: [{ sentAt: 'desc' }, { createdAt: 'desc' }],
    select: { template: true, appointmentStartsAt: true },
  })
  const knownTime = told.find((sent) =>
    CONFIRMATIONS[audience].includes(sent.template as MessageTemplate),
  )?.appointmentStartsAt
  const toldCancelled = told.some((sent) => CANCELLATIONS.includes(sent.template as MessageTemplate))

  switch (message.template) {
    case 'appointment-confirmed':
    case 'psychologist-new-booking':
      if (appointment.status !== 'confirmed') return skip('The session was cancelled before this was sent')
      return send(message.template)
    case 'appointment-reminder':
    case 'video-starting-soon':
      if (appointment.status !== 'confirmed') return skip('The session is no longer booked')
      if (
        appointment.version !== message.appointmentVersion ||
        appointment.startsAt.getTime() !== message.appointmentStartsAt?.getTime()
      )
        return skip('The session changed after this reminder was planned')
      if (message.channel === 'email' && profile && !profile.emailReminders)
        return skip('The patient turned reminder emails off')
      if (message.channel === 'sms' && profile && !profile.smsReminders)
        return skip('The patient turned reminder texts off')
      if (appointment.startsAt.getTime() <= now.getTime()) return skip('The session has already started')
      return send(message.template)
    case 'appointment-moved':
    case 'appointment-cancelled':
    case 'psychologist-moved':
    case 'psychologist-cancelled': {
      const prefix = audience === 'patient' ? 'appointment' : 'psychologist'
      if (cancelled) {
        if (toldCancelled) return skip('Already told of the cancellation')
        if (knownTime) return send(`${prefix}-cancelled`, knownTime)
        if (audience === 'patient' && wasConfirmed) return send(`${prefix}-cancelled`, appointment.startsAt)
        return skip('Was never told of this session')
      }
      if (appointment.status !== 'confirmed') return skip('The session is no longer booked')
      if (!knownTime) return skip('Was never told of this session')
      if (knownTime.getTime() === appointment.startsAt.getTime())
        return skip('The session is back at the time already given')
      return send(`${prefix}-moved`, knownTime)
    }
    default:
      throw new Error(`${message.template} is not an appointment message`)
  }
}
