// The psychologist's side: asking a patient to complete a questionnaire (once, or before every
// session), and stopping. Each change is audited with whose record and from where, and the ask is
// announced through the messages outbox in the same transaction.
import { type AccessContext, audit } from '~/domain/audit/audit.server.ts'
import { DomainError, NotFoundError } from '~/domain/errors.ts'
import { type SessionUser } from '~/domain/identity/session.server.ts'
import { db } from '~/utils/db.server.ts'
import { isUniqueViolation } from '~/utils/db-errors.server.ts'
import { QUESTIONNAIRES } from './catalogue.ts'
import { requireCareTeam } from './care-team.server.ts'
import { type OutcomeIntent } from './forms.ts'
import { type QuestionnaireId } from './questionnaires.ts'
import { planAssignmentMessages } from './reminders.server.ts'
import { type AssignmentSchedule } from './schedule.ts'

/** One running assignment of a questionnaire per patient: stop it to ask differently. */
export class AlreadyAssignedError extends DomainError {
  constructor(questionnaire: QuestionnaireId) {
    super(
      'conflict',
      `This patient is already asked to complete the ${QUESTIONNAIRES[questionnaire].name}. Stop that first to ask differently.`,
      'questionnaire',
    )
  }
}

type Change = { patientId: string; actor: SessionUser; access: AccessContext; now?: Date }

export async function assignQuestionnaire(
  input: Change & { questionnaire: QuestionnaireId; schedule: AssignmentSchedule },
) {
  const { patientId, actor, questionnaire, schedule, now = new Date() } = input
  await requireCareTeam(actor, patientId)
  try {
    return await db.$transaction(async (tx) => {
      const running = await tx.questionnaireAssignment.findFirst({
        where: { patientId, questionnaire, active: true },
        select: { id: true },
      })
      if (running) throw new AlreadyAssignedError(questionnaire)
      const assignment = await tx.questionnaireAssignment.create({
        data: { patientId, assignedById: actor.id, questionnaire, schedule, createdAt: now },
      })
      await audit(tx, {
        actorId: actor.id,
        action: 'questionnaire.assigned',
        entity: 'questionnaire_assignment',
        entityId: assignment.id,
        patientId,
        access: input.access,
        detail: { questionnaire, schedule },
      })
      await planAssignmentMessages(tx, { id: assignment.id, patientId, schedule }, now)
      return assignment
    })
  } catch (error) {
    // Two psychologists assigning the same questionnaire at once: the unique index decides.
    if (isUniqueViolation(error)) throw new AlreadyAssignedError(questionnaire)
    throw error
  }
}

/** Stops asking; answers already given stay. Stopping one already stopped does nothing. */
export async function stopQuestionnaire(input: Change & { assignmentId: string }) {
  const { patientId, actor, assignmentId, now = new Date() } = input
  await requireCareTeam(actor, patientId)
  await db.$transaction(async (tx) => {
    const assignment = await tx.questionnaireAssignment.findFirst({ where: { id: assignmentId, patientId } })
    if (!assignment) throw new NotFoundError('That questionnaire is not on this patient’s record.')
    if (!assignment.active) return
    await tx.questionnaireAssignment.update({
      where: { id: assignmentId },
      data: { active: null, endedAt: now },
    })
    await tx.message.updateMany({
      where: { questionnaireAssignmentId: assignmentId, status: 'queued' },
      data: { status: 'skipped', skipReason: 'The psychologist stopped asking for this questionnaire' },
    })
    await audit(tx, {
      actorId: actor.id,
      action: 'questionnaire.stopped',
      entity: 'questionnaire_assignment',
      entityId: assignmentId,
      patientId,
      access: input.access,
      detail: { questionnaire: assignment.questionnaire },
    })
  })
}

/** The patient page's outcome forms: does what the intent says, returns the words to confirm it. */
export async function changeOutcomes(value: OutcomeIntent, change: Change) {
  if (value.intent === 'assign-questionnaire') {
    await assignQuestionnaire({ ...change, questionnaire: value.questionnaire, schedule: value.schedule })
    return `The patient is asked to complete the ${QUESTIONNAIRES[value.questionnaire].name}.`
  }
  await stopQuestionnaire({ ...change, assignmentId: value.assignmentId })
  return 'Stopped. Answers already given stay on the record.'
}
