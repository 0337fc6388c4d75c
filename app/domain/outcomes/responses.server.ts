// The patient's side: what is due, the form of one questionnaire, and completing it. A patient
// only ever reaches their own assignments; anyone else's reads as not there.
import { type AccessContext, audit } from '~/domain/audit/audit.server.ts'
import { DomainError, NotFoundError } from '~/domain/errors.ts'
import { raiseRiskFlag } from '~/domain/patients/risk.server.ts'
import { db, type Tx } from '~/utils/db.server.ts'
import { QUESTIONNAIRES } from './catalogue.ts'
import { type QuestionnaireId, scoreQuestionnaire } from './questionnaires.ts'
import {
  type AssignmentSchedule,
  type DueOccasion,
  dueOccasion,
  ONCE_OCCASION,
  occasionKey,
} from './schedule.ts'

const NOT_FOUND = 'We could not find that questionnaire.'

/** Sent for an occasion that has passed unanswered (a session over, or the ask stopped). */
export class NoLongerDueError extends DomainError {
  constructor() {
    super(
      'conflict',
      'This questionnaire is no longer waiting for you, so these answers were not saved. Your psychologist can ask again.',
    )
  }
}

/** The patient's sessions a questionnaire can be due before. */
function comingSessions(tx: Tx, patientId: string, now: Date) {
  return tx.appointment.findMany({
    where: { patientId, status: 'confirmed', endsAt: { gt: now } },
    select: { id: true, startsAt: true, endsAt: true, timeZone: true, status: true },
  })
}

type AssignmentRow = {
  id: string
  questionnaire: string
  schedule: string
  endedAt: Date | null
  responses: { appointmentId: string | null }[]
}

function occasionOf(
  assignment: AssignmentRow,
  sessions: Awaited<ReturnType<typeof comingSessions>>,
  now: Date,
) {
  return dueOccasion(
    { schedule: assignment.schedule as AssignmentSchedule, endedAt: assignment.endedAt },
    assignment.responses.map((response) => response.appointmentId),
    sessions,
    now,
  )
}

/** When a due questionnaire is for, as the portal says it. */
function dueFor(occasion: DueOccasion) {
  return occasion.kind === 'session'
    ? {
        key: occasionKey(occasion),
        session: { startsAt: occasion.startsAt.toISOString(), timeZone: occasion.timeZone },
      }
    : { key: occasionKey(occasion), session: null }
}

/** What the patient is asked to complete now, and what they completed (no scores: those are the clinician's). */
export async function patientQuestionnaires(patientId: string, now = new Date()) {
  const [assignments, sessions, completed] = await Promise.all([
    db.questionnaireAssignment.findMany({
      where: { patientId, active: true },
      include: { responses: { select: { appointmentId: true } } },
      orderBy: { createdAt: 'asc' },
    }),
    comingSessions(db, patientId, now),
    db.questionnaireResponse.findMany({
      where: { patientId },
      select: { id: true, questionnaire: true, completedAt: true },
      orderBy: { completedAt: 'desc' },
      take: 20,
    }),
  ])
  const due = assignments.flatMap((assignment) => {
    const occasion = occasionOf(assignment, sessions, now)
    if (!occasion) return []
    const { name, items } = QUESTIONNAIRES[assignment.questionnaire as QuestionnaireId]
    return [{ assignmentId: assignment.id, name, questions: items.length, ...dueFor(occasion) }]
  })
  return {
    due,
    completed: completed.map((response) => ({
      id: response.id,
      name: QUESTIONNAIRES[response.questionnaire as QuestionnaireId].name,
      completedAt: response.completedAt.toISOString(),
    })),
  }
}

/** The patient's own assignment (anyone else's reads as not there), and whether it is due now. */
export async function questionnaireToComplete(patientId: string, assignmentId: string, now = new Date()) {
  const [assignment, sessions] = await Promise.all([
    db.questionnaireAssignment.findFirst({
      where: { id: assignmentId, patientId },
      include: {
        responses: { select: { appointmentId: true, completedAt: true }, orderBy: { completedAt: 'desc' } },
      },
    }),
    comingSessions(db, patientId, now),
  ])
  if (!assignment) throw new NotFoundError(NOT_FOUND)
  const occasion = occasionOf(assignment, sessions, now)
  const { id, name, title, instructions, timeFrame, items, options } =
    QUESTIONNAIRES[assignment.questionnaire as QuestionnaireId]
  return {
    assignmentId: assignment.id,
    questionnaire: { id, name, title, instructions, timeFrame, items, options },
    due: occasion ? dueFor(occasion) : null,
    lastCompletedAt: assignment.responses[0]?.completedAt.toISOString() ?? null,
  }
}

/** The patient's own assignment's questionnaire, for parsing their answers (else not found). */
export async function patientAssignment(patientId: string, assignmentId: string | undefined) {
  const assignment = assignmentId
    ? await db.questionnaireAssignment.findFirst({
        where: { id: assignmentId, patientId },
        select: { id: true, questionnaire: true },
      })
    : null
  if (!assignment) throw new NotFoundError(NOT_FOUND)
  return { id: assignment.id, questionnaire: assignment.questionnaire as QuestionnaireId }
}

type Completed = { outcome: 'completed'; responseId: string; crisis: boolean } | { outcome: 'already' }

/**
 * Saves, scores and bands the answers for the occasion the form was for, raising the patient's
 * flag when a risk rule fires (as the intake does). The same form sent twice saves once: the
 * second finds its occasion answered. A once-only assignment ends when answered.
 */
export async function completeQuestionnaire(input: {
  patientId: string
  assignmentId: string
  /** The occasion the form was shown for (`occasionKey`). */
  occasion: string
  answers: number[]
  access: AccessContext
  now?: Date
}): Promise<Completed> {
  const { patientId, assignmentId, now = new Date() } = input
  return db.$transaction(async (tx) => {
    // One submission of an assignment at a time: a double click waits, then finds it answered.
    const locked = await tx.$queryRaw<{ id: string }[]>`
      select id from "QuestionnaireAssignment" where id = ${assignmentId} and "patientId" = ${patientId} for update`
    if (locked.length === 0) throw new NotFoundError(NOT_FOUND)
    const assignment = await tx.questionnaireAssignment.findUniqueOrThrow({
      where: { id: assignmentId },
      include: { responses: { select: { appointmentId: true } } },
    })
    const occasion = occasionOf(assignment, await comingSessions(tx, patientId, now), now)
    if (!occasion || occasionKey(occasion) !== input.occasion) {
      const answeredFor = input.occasion === ONCE_OCCASION ? null : input.occasion
      if (assignment.responses.some((response) => response.appointmentId === answeredFor)) {
        return { outcome: 'already' }
      }
      throw new NoLongerDueError()
    }
    const questionnaire = assignment.questionnaire as QuestionnaireId
    const score = scoreQuestionnaire(QUESTIONNAIRES[questionnaire], input.answers)
    const response = await tx.questionnaireResponse.create({
      data: {
        patientId,
        assignmentId,
        appointmentId: occasion.kind === 'session' ? occasion.appointmentId : null,
        questionnaire,
        answers: input.answers,
        total: score.total,
        scaleScores: score.scales.map((scale) => scale.score),
        bands: score.scales.map((scale) => scale.band.key),
        onceResponse: occasion.kind === 'once' ? true : null,
        completedAt: now,
      },
    })
    if (occasion.kind === 'once') {
      await tx.questionnaireAssignment.update({
        where: { id: assignmentId },
        data: { active: null, endedAt: now },
      })
    }
    for (const reason of score.risks) await raiseRiskFlag(tx, patientId, reason)
    await audit(tx, {
      actorId: patientId,
      action: 'questionnaire.completed',
      entity: 'questionnaire_response',
      entityId: response.id,
      patientId,
      access: input.access,
      detail: { questionnaire },
    })
    return { outcome: 'completed', responseId: response.id, crisis: score.risks.length > 0 }
  })
}
