import { type z } from 'zod'
import { K10, K10_STEM } from '../outcomes/definitions/k10.ts'
import { answersInOrder, answersSchema, bandOf, scoreQuestionnaire } from '../outcomes/questionnaires.ts'

// The intake's view of the K10, whose definition (items, answers, bands) is the outcome measures'
// (app/domain/outcomes/definitions/k10.ts), scored the same way as every other questionnaire.

/** Kessler Psychological Distress Scale (K10): ten questions about the past 4 weeks. */
export const K10_QUESTION_STEM = K10_STEM

export const K10_ITEMS = K10.items

/** Where a K10 was taken (`K10Response.context`): at intake, or at a later review. */
export const K10_CONTEXTS = ['intake', 'review'] as const
export type K10Context = (typeof K10_CONTEXTS)[number]

export const K10_ANSWER_OPTIONS = K10.options

const K10_TOTAL = K10.scales[0]

/** Total of the ten answers, 10–50. Throws if there are not exactly ten answers, each a whole number 1–5. */
export function scoreK10(answers: readonly number[]): number {
  return scoreQuestionnaire(K10, answers).total
}

type K10Band = (typeof K10_TOTAL.bands)[number]['key']

export const K10_BANDS = Object.fromEntries(
  K10_TOTAL.bands.map(({ key, min, max, label }) => [key, { min, max, label }]),
) as Record<K10Band, { min: number; max: number; label: string }>

export function k10Band(score: number): K10Band {
  return bandOf(K10, K10_TOTAL, score).key as K10Band
}

// The start of the "very high" band: show crisis lines straight away and flag the result to the clinician,
// rather than wait for the next session (the K10's risk rule).
export const K10_CRISIS_THRESHOLD = K10_BANDS.very_high.min

export function needsCrisisSupport(score: number): boolean {
  return score >= K10_CRISIS_THRESHOLD
}

/** The questionnaire form: radio values "1".."5" for q1..q10. */
export const k10Schema = answersSchema(K10)

export type K10Answers = z.infer<typeof k10Schema>

/** The form's answers in question order, ready for `scoreK10`. */
export function k10AnswersInOrder(answers: K10Answers): number[] {
  return answersInOrder(K10, answers)
}
