import { z } from 'zod'

/** Kessler Psychological Distress Scale (K10): ten questions about the past 4 weeks. */
export const K10_QUESTION_STEM = 'In the past 4 weeks, about how often did you feel'

export const K10_ITEMS = [
  { name: 'q1', text: `${K10_QUESTION_STEM} tired out for no good reason?` },
  { name: 'q2', text: `${K10_QUESTION_STEM} nervous?` },
  { name: 'q3', text: `${K10_QUESTION_STEM} so nervous that nothing could calm you down?` },
  { name: 'q4', text: `${K10_QUESTION_STEM} hopeless?` },
  { name: 'q5', text: `${K10_QUESTION_STEM} restless or fidgety?` },
  { name: 'q6', text: `${K10_QUESTION_STEM} so restless you could not sit still?` },
  { name: 'q7', text: `${K10_QUESTION_STEM} depressed?` },
  { name: 'q8', text: `${K10_QUESTION_STEM} that everything was an effort?` },
  { name: 'q9', text: `${K10_QUESTION_STEM} so sad that nothing could cheer you up?` },
  { name: 'q10', text: `${K10_QUESTION_STEM} worthless?` },
] as const

/** Where a K10 was taken (`K10Response.context`): at intake, or at a later review. */
export const K10_CONTEXTS = ['intake', 'review'] as const
export type K10Context = (typeof K10_CONTEXTS)[number]

// Australian scoring (1–5 per item, total 10–50), as in ABS surveys; the US scores 0–4 (total 0–40).
export const K10_ANSWER_OPTIONS = [
  { value: 1, label: 'None of the time' },
  { value: 2, label: 'A little of the time' },
  { value: 3, label: 'Some of the time' },
  { value: 4, label: 'Most of the time' },
  { value: 5, label: 'All of the time' },
] as const

const K10_MIN_SCORE = 10
const K10_MAX_SCORE = 50

/** Total of the ten answers, 10–50. Throws if there are not exactly ten answers, each a whole number 1–5. */
export function scoreK10(answers: readonly number[]): number {
  if (answers.length !== K10_ITEMS.length) {
    throw new RangeError(`The K10 has ${K10_ITEMS.length} answers, got ${answers.length}`)
  }
  return answers.reduce((total, answer, index) => {
    if (!Number.isInteger(answer) || answer < 1 || answer > 5) {
      throw new RangeError(`K10 answer ${index + 1} must be a whole number from 1 to 5, got ${answer}`)
    }
    return total + answer
  }, 0)
}

type K10Band = 'low' | 'moderate' | 'high' | 'very_high'

// The ABS groupings (Information Paper 4817.0.55.001, "Use of the Kessler Psychological Distress Scale in
// ABS Health Surveys", 2012, Table E), also used in the National Health Survey users' guides. Primary care
// sometimes uses other cut-offs (Andrews & Slade 2001: 10–19 likely well … 30–50 likely severe disorder).
export const K10_BANDS: Record<K10Band, { min: number; max: number; label: string }> = {
  low: { min: 10, max: 15, label: 'Low distress' },
  moderate: { min: 16, max: 21, label: 'Moderate distress' },
  high: { min: 22, max: 29, label: 'High distress' },
  very_high: { min: 30, max: 50, label: 'Very high distress' },
}

export function k10Band(score: number): K10Band {
  if (!Number.isInteger(score) || score < K10_MIN_SCORE || score > K10_MAX_SCORE) {
    throw new RangeError(`A K10 score is a whole number from 10 to 50, got ${score}`)
  }
  if (score <= K10_BANDS.low.max) return 'low'
  if (score <= K10_BANDS.moderate.max) return 'moderate'
  if (score <= K10_BANDS.high.max) return 'high'
  return 'very_high'
}

// The start of the "very high" band: show crisis lines straight away and flag the result to the clinician,
// rather than wait for the next session.
export const K10_CRISIS_THRESHOLD = 30

export function needsCrisisSupport(score: number): boolean {
  return score >= K10_CRISIS_THRESHOLD
}

const CHOOSE_AN_ANSWER = 'Choose an answer for this question'

const k10Answer = z.coerce
  .number({ error: CHOOSE_AN_ANSWER })
  .int(CHOOSE_AN_ANSWER)
  .min(1, CHOOSE_AN_ANSWER)
  .max(5, CHOOSE_AN_ANSWER)

/** The questionnaire form: radio values "1".."5" for q1..q10. */
export const k10Schema = z.object({
  q1: k10Answer,
  q2: k10Answer,
  q3: k10Answer,
  q4: k10Answer,
  q5: k10Answer,
  q6: k10Answer,
  q7: k10Answer,
  q8: k10Answer,
  q9: k10Answer,
  q10: k10Answer,
})

export type K10Answers = z.infer<typeof k10Schema>

/** The form's answers in question order, ready for `scoreK10`. */
export function k10AnswersInOrder(answers: K10Answers): number[] {
  return K10_ITEMS.map((item) => answers[item.name])
}
