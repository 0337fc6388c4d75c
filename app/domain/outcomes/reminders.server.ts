// "Your psychologist has asked you to complete a short questionnaire": an email (and a text, where
// the patient agreed to texts) when a questionnaire is assigned and due, and before each session
// it is due for. Planned as Message rows with dedupe keys (a re-run plans nothing twice), decided
// again when sent: a questionnaire stopped, answered, or whose session moved is not asked for.
// No message names the questionnaire or says anything clinical.
import { renderEmail } from '~/emails/index.server.ts'
import { type Tx } from '~/utils/db.server.ts'
import { DEFAULT_TIME_ZONE } from '../scheduling/directory.ts'
import { appLink } from '../notify/appointment-compose.server.ts'
import { readReminderSettings, smsBlockedBecause } from '../notify/appointment-messages.server.ts'
import { outsideQuietHours, patientZone } from '../notify/appointment-messages.ts'
import { enqueueDelivery, type Outgoing } from '../notify/messages.server.ts'
import { smsText } from '../notify/sms-text.ts'
import { listUnsubscribeHeaders, unsubscribeLink } from '../notify/unsubscribe.server.ts'
import { dueFrom, type AssignmentSchedule } from './schedule.ts'

const TEMPLATE = 'questionnaire-due'
const DAY_MS = 86_400_000

/** Where every questionnaire message points: the portal's list, behind sign-in. */
export const questionnairesLink = () => appLink('/patient/questionnaires')

type Session = { id: string; version: number; startsAt: Date }
type Assignment = { id: string; patientId: string; schedule: AssignmentSchedule }

async function patientContext(tx: Tx, patientId: string, now: Date) {
  const patient = await tx.user.findUniqueOrThrow({
    where: { id: patientId },
    select: { email: true, patient: true },
  })
  const profile = patient.patient
  return {
    email: patient.email,
    mobile: profile?.mobile ?? '',
    zone: patientZone(profile?.state ?? '', DEFAULT_TIME_ZONE),
    quiet: (await readReminderSettings(tx)).quiet,
    emailRefusal: profile && !profile.emailReminders ? 'The patient turned reminder emails off' : null,
    smsRefusal:
      (await smsBlockedBecause(tx, profile, now)) ??
      (profile && !profile.smsReminders ? 'The patient turned reminder texts off' : null),
  }
}

/** Records the email and the text for one occasion, unless already recorded (by dedupe key). */
async function planOccasion(
  tx: Tx,
  patient: Awaited<ReturnType<typeof patientContext>>,
  assignment: Assignment,
  session: Session | null,
  now: Date,
) {
  const due = session ? new Date(Math.max(now.getTime(), dueFrom(session.startsAt).getTime())) : now
  // Out of the patient's quiet hours, as reminders are; a once-only ask has no session to beat.
  const sendAt = outsideQuietHours(
    due,
    patient.zone,
    patient.quiet,
    session?.startsAt ?? new Date(due.getTime() + DAY_MS),
  )
  const key = session
    ? `${TEMPLATE}:${assignment.id}:${session.id}:v${session.version}`
    : `${TEMPLATE}:${assignment.id}`
  const channels = [
    { channel: 'email' as const, to: patient.email, refusal: patient.emailRefusal },
    { channel: 'sms' as const, to: patient.mobile, refusal: patient.smsRefusal },
  ]
  for (const { channel, to, refusal } of channels) {
    const dedupeKey = `${key}:${channel}`
    if (await tx.message.findUnique({ where: { dedupeKey }, select: { id: true } })) continue
    const created = await tx.message.create({
      data: {
        channel,
        template: TEMPLATE,
        toAddress: to,
        userId: assignment.patientId,
        questionnaireAssignmentId: assignment.id,
        appointmentId: session?.id ?? null,
        appointmentVersion: session?.version ?? null,
        appointmentStartsAt: session?.startsAt ?? null,
        dedupeKey,
        sendAt: refusal ? null : sendAt,
        status: refusal ? 'skipped' : 'queued',
        skipReason: refusal,
      },
    })
    if (!refusal) await enqueueDelivery(tx, created)
  }
}

/**
 * The messages a new assignment implies: once-only, one ask now; before each session, one ask per
 * confirmed session to come, each when its questionnaire becomes due.
 */
export async function planAssignmentMessages(tx: Tx, assignment: Assignment, now: Date) {
  const patient = await patientContext(tx, assignment.patientId, now)
  if (assignment.schedule === 'once') return planOccasion(tx, patient, assignment, null, now)
  const sessions = await tx.appointment.findMany({
    where: { patientId: assignment.patientId, status: 'confirmed', endsAt: { gt: now } },
    select: { id: true, version: true, startsAt: true },
    orderBy: { startsAt: 'asc' },
  })
  for (const session of sessions) await planOccasion(tx, patient, assignment, session, now)
}

/**
 * The asks a confirmed (or moved) session implies: one for each questionnaire its patient is
 * asked before every session. Called by the appointment messages' planner with its reminders,
 * which drops those of an older version of the session.
 */
export async function planSessionQuestionnaireMessages(
  tx: Tx,
  session: Session & { patientId: string },
  now: Date,
) {
  const assignments = await tx.questionnaireAssignment.findMany({
    where: { patientId: session.patientId, schedule: 'before_each_session', active: true },
    select: { id: true, patientId: true, schedule: true },
  })
  if (assignments.length === 0) return
  const patient = await patientContext(tx, session.patientId, now)
  for (const assignment of assignments) {
    await planOccasion(tx, patient, assignment as Assignment, session, now)
  }
}

type QueuedMessage = {
  channel: 'email' | 'sms'
  questionnaireAssignmentId: string | null
  appointmentId: string | null
  appointmentVersion: number | null
  appointmentStartsAt: Date | null
}

/** Whether a planned ask still goes, decided from the assignment and session as they are now. */
async function decide(tx: Tx, message: QueuedMessage, now: Date) {
  const skip = (reason: string) => ({ skip: reason }) as const
  const assignment = message.questionnaireAssignmentId
    ? await tx.questionnaireAssignment.findUnique({
        where: { id: message.questionnaireAssignmentId },
        include: {
          responses: { select: { appointmentId: true } },
          patient: { include: { user: { select: { name: true, email: true } } } },
        },
      })
    : null
  if (!assignment) return skip('The questionnaire is no longer on the record')
  const answered = assignment.responses.map((response) => response.appointmentId)
  if (message.appointmentId) {
    const session = await tx.appointment.findUnique({ where: { id: message.appointmentId } })
    if (answered.includes(message.appointmentId)) return skip('Already completed')
    if (assignment.endedAt) return skip('The psychologist stopped asking for this questionnaire')
    if (!session || session.status !== 'confirmed') return skip('The session is no longer booked')
    if (
      session.version !== message.appointmentVersion ||
      session.startsAt.getTime() !== message.appointmentStartsAt?.getTime()
    )
      return skip('The session changed after this was planned')
    if (session.endsAt.getTime() <= now.getTime()) return skip('The session is over')
  } else if (assignment.endedAt) {
    return skip(
      answered.length > 0 ? 'Already completed' : 'The psychologist stopped asking for this questionnaire',
    )
  }
  const profile = assignment.patient
  if (message.channel === 'email' && !profile.emailReminders)
    return skip('The patient turned reminder emails off')
  if (message.channel === 'sms') {
    const blocked =
      (await smsBlockedBecause(tx, profile, now)) ??
      (profile.smsReminders ? null : 'The patient turned reminder texts off')
    if (blocked) return skip(blocked)
  }
  return { skip: undefined, patientId: assignment.patientId, profile, user: profile.user }
}

/** Builds a planned ask at send time, or says why it is skipped. */
export async function composeQuestionnaireDue(
  tx: Tx,
  message: QueuedMessage,
  now: Date,
): Promise<{ skip: string } | { skip?: undefined; outgoing: Outgoing }> {
  const decision = await decide(tx, message, now)
  if (decision.skip !== undefined) return decision
  const { patientId, profile, user } = decision
  const link = questionnairesLink()
  if (message.channel === 'sms') {
    return { outgoing: { channel: 'sms', to: profile.mobile, body: smsText(TEMPLATE, { link }) } }
  }
  const email = await renderEmail(TEMPLATE, {
    name: profile.preferredName || profile.legalFirstName || user.name,
    link,
    unsubscribeLink: unsubscribeLink(patientId, 'email'),
  })
  return {
    outgoing: { channel: 'email', to: user.email, ...email, headers: listUnsubscribeHeaders(patientId) },
  }
}
