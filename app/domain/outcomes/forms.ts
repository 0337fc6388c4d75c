// Client-safe: the psychologist's forms on the patient page (assign a questionnaire, stop one),
// parsed by the same schemas in the browser and on the server.
import { z } from 'zod'
import { QUESTIONNAIRE_IDS } from './questionnaires.ts'
import { ASSIGNMENT_SCHEDULES } from './schedule.ts'

export const assignQuestionnaireSchema = z.object({
  intent: z.literal('assign-questionnaire'),
  questionnaire: z.enum(QUESTIONNAIRE_IDS, { error: 'Choose a questionnaire' }),
  schedule: z.enum(ASSIGNMENT_SCHEDULES, { error: 'Choose when the patient is asked' }),
})

export const stopQuestionnaireSchema = z.object({
  intent: z.literal('stop-questionnaire'),
  assignmentId: z.string({ error: 'That request was not understood.' }).min(1).max(64),
})

/** The patient page's outcome-measure intents, for its action's discriminated union. */
export const OUTCOME_INTENT_SCHEMAS = [assignQuestionnaireSchema, stopQuestionnaireSchema] as const
export type OutcomeIntent =
  z.output<typeof assignQuestionnaireSchema> | z.output<typeof stopQuestionnaireSchema>
