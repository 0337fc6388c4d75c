// Client-safe: the questionnaires a psychologist can assign, by id.
import { DASS21 } from './definitions/dass21.ts'
import { GAD7 } from './definitions/gad7.ts'
import { K10 } from './definitions/k10.ts'
import { PHQ9 } from './definitions/phq9.ts'
import { type QuestionnaireDefinition, type QuestionnaireId } from './questionnaires.ts'

export const QUESTIONNAIRES: Record<QuestionnaireId, QuestionnaireDefinition> = {
  phq9: PHQ9,
  gad7: GAD7,
  dass21: DASS21,
  k10: K10,
}
