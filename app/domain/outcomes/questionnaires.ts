// Client-safe: how a questionnaire is defined as data (items, answers, scales, bands, risk rules)
// and the one way any of them is scored. The definitions are in ./definitions/, the catalogue in
// ./catalogue.ts; the intake's K10 (app/domain/patients/k10.ts) is scored here too.
import { z } from 'zod'
import { type RiskReason } from '~/generated/prisma/enums.ts'

/** The questionnaires Haven offers (a CHECK in the database holds the same list). */
export const QUESTIONNAIRE_IDS = ['phq9', 'gad7', 'dass21', 'k10'] as const
export type QuestionnaireId = (typeof QUESTIONNAIRE_IDS)[number]

/** Every band any scale uses (a CHECK on stored responses holds the same list). */
export const BAND_KEYS = [
  'minimal',
  'normal',
  'low',
  'mild',
  'moderate',
  'moderately_severe',
  'high',
  'severe',
  'very_high',
  'extremely_severe',
] as const
export type BandKey = (typeof BAND_KEYS)[number]

export type AnswerOption = { readonly value: number; readonly label: string }

/** A score range with its published name; `min` and `max` are both in the band. */
export type Band = {
  readonly key: BandKey
  readonly min: number
  readonly max: number
  readonly label: string
}

export type Scale = {
  readonly key: string
  readonly label: string
  /** The items it adds up, numbered from 1 as printed on the form. */
  readonly items: readonly number[]
  /** DASS-21 doubles its sums so they read on the DASS-42's norms. */
  readonly multiplier: number
  /** From the scale's lowest score to its highest, without gaps. */
  readonly bands: readonly Band[]
}

/** Why a response raises the patient's risk flag (RiskFlag.reason) and what the care team reads. */
export type QuestionnaireRiskReason = Extract<RiskReason, 'phq9_item9' | 'measure_severe' | 'k10_very_high'>

export type RiskRule =
  /** One item answered at or above a value (PHQ-9 item 9, thoughts of death or self-harm). */
  | { readonly reason: QuestionnaireRiskReason; readonly item: number; readonly atLeast: number }
  /** Any scale landing in one of these bands. */
  | { readonly reason: QuestionnaireRiskReason; readonly bands: readonly BandKey[] }

export type QuestionnaireDefinition = {
  readonly id: QuestionnaireId
  /** Its usual short name, e.g. "PHQ-9": page headings and the chart. */
  readonly name: string
  readonly title: string
  readonly instructions: string
  /** The period the questions ask about, e.g. "the last 2 weeks". */
  readonly timeFrame: string
  /** Form field names q1…qN, in printed order. */
  readonly items: readonly { readonly name: string; readonly text: string }[]
  /** The same answers for every item, lowest first. */
  readonly options: readonly AnswerOption[]
  readonly scales: readonly Scale[]
  readonly riskRules: readonly RiskRule[]
}

export type ScaleResult = { key: string; label: string; score: number; band: Band }
export type QuestionnaireScore = {
  /** One scale: its score. Several (DASS-21): their scores added. */
  total: number
  scales: ScaleResult[]
  /** Each flag reason its rules raise, once. */
  risks: QuestionnaireRiskReason[]
}

function answerRange(definition: Pick<QuestionnaireDefinition, 'options'>) {
  const values = definition.options.map((option) => option.value)
  return { lowest: Math.min(...values), highest: Math.max(...values) }
}

/** A scale's lowest and highest possible scores. */
export function scaleRange(definition: QuestionnaireDefinition, scale: Scale) {
  const { lowest, highest } = answerRange(definition)
  return {
    min: scale.items.length * lowest * scale.multiplier,
    max: scale.items.length * highest * scale.multiplier,
  }
}

/** Throws unless there is one whole-number answer per item, each one of the options' values. */
function checkAnswers(definition: QuestionnaireDefinition, answers: readonly number[]) {
  if (answers.length !== definition.items.length) {
    throw new RangeError(
      `The ${definition.name} has ${definition.items.length} answers, got ${answers.length}`,
    )
  }
  const { lowest, highest } = answerRange(definition)
  answers.forEach((answer, index) => {
    if (!Number.isInteger(answer) || answer < lowest || answer > highest) {
      throw new RangeError(
        `${definition.name} answer ${index + 1} must be a whole number from ${lowest} to ${highest}, got ${answer}`,
      )
    }
  })
}

/** The band a scale's score falls in. Throws for a score the scale cannot give. */
export function bandOf(definition: QuestionnaireDefinition, scale: Scale, score: number): Band {
  const { min, max } = scaleRange(definition, scale)
  const band = scale.bands.find((candidate) => score >= candidate.min && score <= candidate.max)
  if (!Number.isInteger(score) || score < min || score > max || !band) {
    const what =
      definition.scales.length > 1 ? `${definition.name} ${scale.label.toLowerCase()}` : definition.name
    throw new RangeError(`A ${what} score is a whole number from ${min} to ${max}, got ${score}`)
  }
  return band
}

/** Scores one completed questionnaire: its scales, their bands, and the risk rules that fire. */
export function scoreQuestionnaire(
  definition: QuestionnaireDefinition,
  answers: readonly number[],
): QuestionnaireScore {
  checkAnswers(definition, answers)
  const scales = definition.scales.map((scale) => {
    const sum = scale.items.reduce((total, item) => total + answers[item - 1]!, 0)
    const score = sum * scale.multiplier
    return { key: scale.key, label: scale.label, score, band: bandOf(definition, scale, score) }
  })
  const risks = new Set<QuestionnaireRiskReason>()
  for (const rule of definition.riskRules) {
    const fires =
      'item' in rule
        ? answers[rule.item - 1]! >= rule.atLeast
        : scales.some((scale) => rule.bands.includes(scale.band.key))
    if (fires) risks.add(rule.reason)
  }
  return { total: scales.reduce((total, scale) => total + scale.score, 0), scales, risks: [...risks] }
}

const CHOOSE_AN_ANSWER = 'Choose an answer for this question'

/**
 * The form of a questionnaire: one radio group per item, named q1…qN, each required. The same
 * schema parses the browser's form and the server's.
 */
export function answersSchema<const Items extends readonly { readonly name: string }[]>(definition: {
  readonly items: Items
  readonly options: readonly AnswerOption[]
}) {
  const { lowest, highest } = answerRange(definition)
  const answer = z.coerce
    .number({ error: CHOOSE_AN_ANSWER })
    .int(CHOOSE_AN_ANSWER)
    .min(lowest, CHOOSE_AN_ANSWER)
    .max(highest, CHOOSE_AN_ANSWER)
  const shape = Object.fromEntries(definition.items.map((item) => [item.name, answer]))
  return z.object(shape as Record<Items[number]['name'], typeof answer>)
}

/** The form's answers in item order, ready to score. */
export function answersInOrder<Name extends string>(
  definition: { readonly items: readonly { readonly name: Name }[] },
  answers: Record<Name, number>,
): number[] {
  return definition.items.map((item) => answers[item.name])
}

/** The label of an item's answer, e.g. "Several days". */
export function answerLabel(definition: QuestionnaireDefinition, value: number) {
  return definition.options.find((option) => option.value === value)?.label ?? String(value)
}
