// What the patient page shows a psychologist of outcome measures: what the patient is asked to
// complete, and every result over time (the intake's K10 included), for the chart and its table.
// Reading them is audited, with whose record and from where.
import { type AccessContext, audit } from '~/domain/audit/audit.server.ts'
import { type SessionUser } from '~/domain/identity/session.server.ts'
import { DEFAULT_TIME_ZONE } from '~/domain/scheduling/directory.ts'
import { db } from '~/utils/db.server.ts'
import { QUESTIONNAIRES } from './catalogue.ts'
import { requireCareTeam } from './care-team.server.ts'
import { type BandKey, QUESTIONNAIRE_IDS, type QuestionnaireId } from './questionnaires.ts'
import { type AssignmentSchedule, dueOccasion, SCHEDULE_LABELS } from './schedule.ts'

export type ResultPoint = {
  id: string
  /** ISO instant it was completed. */
  at: string
  /** Where it was taken: the portal, or (K10) the intake or a review. */
  source: 'portal' | 'intake' | 'review'
  total: number
  /** Each scale's score and band, in the definition's order. */
  scales: { score: number; band: BandKey }[]
  /** The answers the risk rules read item by item (PHQ-9 item 9). */
  watchedItems: { item: number; value: number }[]
}

export type ResultSeries = { questionnaire: QuestionnaireId; points: ResultPoint[] }

export async function outcomesForPatient(
  patientId: string,
  user: SessionUser,
  access: AccessContext,
  now = new Date(),
) {
  await requireCareTeam(user, patientId)
  const [assignments, responses, k10s, sessions] = await Promise.all([
    db.questionnaireAssignment.findMany({
      where: { patientId, active: true },
      include: {
        assignedBy: { select: { name: true } },
        responses: { select: { appointmentId: true, completedAt: true }, orderBy: { completedAt: 'desc' } },
      },
      orderBy: { createdAt: 'asc' },
    }),
    db.questionnaireResponse.findMany({
      where: { patientId },
      select: {
        id: true,
        questionnaire: true,
        answers: true,
        total: true,
        scaleScores: true,
        bands: true,
        completedAt: true,
      },
      orderBy: { completedAt: 'asc' },
    }),
    db.k10Response.findMany({
      where: { patientId },
      select: { id: true, answers: true, score: true, band: true, context: true, createdAt: true },
      orderBy: { createdAt: 'asc' },
    }),
    db.appointment.findMany({
      where: { patientId, status: 'confirmed', endsAt: { gt: now } },
      select: { id: true, startsAt: true, endsAt: true, timeZone: true, status: true },
    }),
  ])

  const watched = (questionnaire: QuestionnaireId, answers: number[]) =>
    QUESTIONNAIRES[questionnaire].riskRules.flatMap((rule) =>
      'item' in rule ? [{ item: rule.item, value: answers[rule.item - 1]! }] : [],
    )
  const points: (ResultPoint & { questionnaire: QuestionnaireId })[] = [
    ...k10s.map((response) => ({
      questionnaire: 'k10' as const,
      id: response.id,
      at: response.createdAt.toISOString(),
      source: response.context as 'intake' | 'review',
      total: response.score,
      scales: [{ score: response.score, band: response.band }],
      watchedItems: watched('k10', response.answers),
    })),
    ...responses.map((response) => {
      const questionnaire = response.questionnaire as QuestionnaireId
      return {
        questionnaire,
        id: response.id,
        at: response.completedAt.toISOString(),
        source: 'portal' as const,
        total: response.total,
        scales: response.scaleScores.map((score, index) => ({
          score,
          band: response.bands[index] as BandKey,
        })),
        watchedItems: watched(questionnaire, response.answers),
      }
    }),
  ]
  const series: ResultSeries[] = QUESTIONNAIRE_IDS.map((questionnaire) => ({
    questionnaire,
    points: points
      .filter((point) => point.questionnaire === questionnaire)
      .map(({ questionnaire: _questionnaire, ...point }) => point)
      .sort((a, b) => a.at.localeCompare(b.at)),
  })).filter((entry) => entry.points.length > 0)

  await audit(db, {
    actorId: user.id,
    action: 'questionnaire.results_read',
    entity: 'patient',
    entityId: patientId,
    patientId,
    access,
    detail: { results: points.length },
  })

  const running = new Set(assignments.map((assignment) => assignment.questionnaire))
  return {
    timeZone: DEFAULT_TIME_ZONE,
    assignments: assignments.map((assignment) => {
      const schedule = assignment.schedule as AssignmentSchedule
      return {
        id: assignment.id,
        questionnaire: assignment.questionnaire as QuestionnaireId,
        schedule: SCHEDULE_LABELS[schedule],
        assignedAt: assignment.createdAt.toISOString(),
        assignedBy: assignment.assignedBy.name,
        dueNow:
          dueOccasion(
            { schedule, endedAt: assignment.endedAt },
            assignment.responses.map((response) => response.appointmentId),
            sessions,
            now,
          ) !== null,
        lastCompletedAt: assignment.responses[0]?.completedAt.toISOString() ?? null,
      }
    }),
    /** Questionnaires not already asked for: what the assign form offers. */
    assignable: QUESTIONNAIRE_IDS.filter((questionnaire) => !running.has(questionnaire)),
    series,
  }
}

export type PatientOutcomes = Awaited<ReturnType<typeof outcomesForPatient>>
