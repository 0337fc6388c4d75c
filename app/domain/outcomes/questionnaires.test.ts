import { describe, expect, it } from 'vitest'
import { QUESTIONNAIRES } from './catalogue.ts'
import { DASS21 } from './definitions/dass21.ts'
import { GAD7 } from './definitions/gad7.ts'
import { K10 } from './definitions/k10.ts'
import { PHQ9 } from './definitions/phq9.ts'
import {
  answerLabel,
  answersInOrder,
  answersSchema,
  BAND_KEYS,
  bandOf,
  QUESTIONNAIRE_IDS,
  type QuestionnaireDefinition,
  scaleRange,
  scoreQuestionnaire,
} from './questionnaires.ts'

const all = (definition: QuestionnaireDefinition, value: number) => definition.items.map(() => value)
const definitions = QUESTIONNAIRE_IDS.map((id) => [QUESTIONNAIRES[id].name, QUESTIONNAIRES[id]] as const)

describe('the catalogue', () => {
  it('holds each questionnaire under its own id', () => {
    for (const id of QUESTIONNAIRE_IDS) expect(QUESTIONNAIRES[id].id).toBe(id)
  })

  it.each(definitions)(
    '%s: items named q1…qN, answers a run of whole numbers, lowest first',
    (_, definition) => {
      expect(definition.items.map((item) => item.name)).toEqual(
        definition.items.map((_, index) => `q${index + 1}`),
      )
      const values = definition.options.map((option) => option.value)
      expect(values).toEqual(values.map((_, index) => values[0]! + index))
    },
  )

  it.each(definitions)('%s: every item belongs to exactly one scale of each kind', (_, definition) => {
    const counted = definition.scales.flatMap((scale) => scale.items).sort((a, b) => a - b)
    expect(counted).toEqual(definition.items.map((_, index) => index + 1))
  })

  it.each(definitions)('%s: bands run from the lowest score to the highest without gaps', (_, definition) => {
    for (const scale of definition.scales) {
      const { min, max } = scaleRange(definition, scale)
      expect(scale.bands[0]!.min).toBe(min)
      expect(scale.bands.at(-1)!.max).toBe(max)
      for (let index = 1; index < scale.bands.length; index++) {
        expect(scale.bands[index]!.min).toBe(scale.bands[index - 1]!.max + 1)
      }
      for (const band of scale.bands) expect(BAND_KEYS).toContain(band.key)
    }
  })
})

describe('scoring', () => {
  // Every item at its minimum and at its maximum: the published ranges.
  it.each([
    ['PHQ-9', 0, 27, PHQ9],
    ['GAD-7', 0, 21, GAD7],
    ['K10', 10, 50, K10],
  ] as const)(
    '%s scores from %i (every item at its minimum) to %i (at its maximum)',
    (_, min, max, definition) => {
      const lowest = definition.options[0].value
      const highest = definition.options.at(-1)!.value
      expect(scoreQuestionnaire(definition, all(definition, lowest)).total).toBe(min)
      expect(scoreQuestionnaire(definition, all(definition, highest)).total).toBe(max)
    },
  )

  it('scores each DASS-21 subscale from 0 to 42 (its sum doubled), the total from 0 to 126', () => {
    const lowest = scoreQuestionnaire(DASS21, all(DASS21, 0))
    expect(lowest.scales.map((scale) => [scale.key, scale.score, scale.band.key])).toEqual([
      ['depression', 0, 'normal'],
      ['anxiety', 0, 'normal'],
      ['stress', 0, 'normal'],
    ])
    expect(lowest.total).toBe(0)
    const highest = scoreQuestionnaire(DASS21, all(DASS21, 3))
    expect(highest.scales.map((scale) => [scale.key, scale.score, scale.band.key])).toEqual([
      ['depression', 42, 'extremely_severe'],
      ['anxiety', 42, 'extremely_severe'],
      ['stress', 42, 'extremely_severe'],
    ])
    expect(highest.total).toBe(126)
  })

  it('adds each DASS-21 subscale from its own items only', () => {
    // Depression 3,5,10,13,16,17,21 / Anxiety 2,4,7,9,15,19,20 / Stress 1,6,8,11,12,14,18.
    const only = (items: number[], value: number) =>
      DASS21.items.map((_, index) => (items.includes(index + 1) ? value : 0))
    const scores = (answers: number[]) =>
      scoreQuestionnaire(DASS21, answers).scales.map((scale) => scale.score)
    expect(scores(only([3, 5, 10, 13, 16, 17, 21], 1))).toEqual([14, 0, 0])
    expect(scores(only([2, 4, 7, 9, 15, 19, 20], 2))).toEqual([0, 28, 0])
    expect(scores(only([1, 6, 8, 11, 12, 14, 18], 3))).toEqual([0, 0, 42])
    // One answer each, 1 = depression item 3, 2 = anxiety item 2, 3 = stress item 1: doubled.
    expect(scores(DASS21.items.map((_, index) => [3, 2, 1][index] ?? 0))).toEqual([2, 4, 6])
  })

  it('scores a worked PHQ-9 and GAD-7', () => {
    // Kroenke et al. 2001's example layout: answers summed as printed.
    const phq = scoreQuestionnaire(PHQ9, [1, 2, 1, 2, 0, 1, 2, 1, 0])
    expect([phq.total, phq.scales[0]!.band.label, phq.risks]).toEqual([10, 'Moderate', []])
    const gad = scoreQuestionnaire(GAD7, [3, 3, 2, 2, 2, 2, 1])
    expect([gad.total, gad.scales[0]!.band.label, gad.risks]).toEqual([15, 'Severe', ['measure_severe']])
  })

  it.each(definitions)(
    '%s refuses the wrong number of answers or an answer off the scale',
    (name, definition) => {
      const lowest = definition.options[0]!.value
      const highest = definition.options.at(-1)!.value
      expect(() => scoreQuestionnaire(definition, all(definition, lowest).slice(1))).toThrow(
        new RegExp(
          `^The ${name} has ${definition.items.length} answers, got ${definition.items.length - 1}$`,
        ),
      )
      for (const bad of [lowest - 1, highest + 1, 1.5, Number.NaN]) {
        const answers = all(definition, lowest)
        answers[1] = bad
        expect(() => scoreQuestionnaire(definition, answers)).toThrow(
          `${name} answer 2 must be a whole number from ${lowest} to ${highest}`,
        )
      }
    },
  )
})

describe('bands at both edges', () => {
  const edges = (definition: QuestionnaireDefinition, scaleIndex: number, expected: [number, string][]) =>
    it.each(expected)(
      `${definition.name} ${definition.scales[scaleIndex]!.label}: %i is %s`,
      (score, band) => {
        expect(bandOf(definition, definition.scales[scaleIndex]!, score).key).toBe(band)
      },
    )

  edges(PHQ9, 0, [
    [0, 'minimal'],
    [4, 'minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'moderately_severe'],
    [19, 'moderately_severe'],
    [20, 'severe'],
    [27, 'severe'],
  ])
  edges(GAD7, 0, [
    [0, 'minimal'],
    [4, 'minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'severe'],
    [21, 'severe'],
  ])
  edges(DASS21, 0, [
    [0, 'normal'],
    [9, 'normal'],
    [10, 'mild'],
    [13, 'mild'],
    [14, 'moderate'],
    [20, 'moderate'],
    [21, 'severe'],
    [27, 'severe'],
    [28, 'extremely_severe'],
    [42, 'extremely_severe'],
  ])
  edges(DASS21, 1, [
    [0, 'normal'],
    [7, 'normal'],
    [8, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'severe'],
    [19, 'severe'],
    [20, 'extremely_severe'],
    [42, 'extremely_severe'],
  ])
  edges(DASS21, 2, [
    [0, 'normal'],
    [14, 'normal'],
    [15, 'mild'],
    [18, 'mild'],
    [19, 'moderate'],
    [25, 'moderate'],
    [26, 'severe'],
    [33, 'severe'],
    [34, 'extremely_severe'],
    [42, 'extremely_severe'],
  ])
  edges(K10, 0, [
    [10, 'low'],
    [15, 'low'],
    [16, 'moderate'],
    [21, 'moderate'],
    [22, 'high'],
    [29, 'high'],
    [30, 'very_high'],
    [50, 'very_high'],
  ])

  it('refuses a score the scale cannot give, naming the scale', () => {
    expect(() => bandOf(PHQ9, PHQ9.scales[0], 28)).toThrow(
      'A PHQ-9 score is a whole number from 0 to 27, got 28',
    )
    expect(() => bandOf(DASS21, DASS21.scales[1], 43)).toThrow(
      'A DASS-21 anxiety score is a whole number from 0 to 42, got 43',
    )
    expect(() => bandOf(K10, K10.scales[0], 9)).toThrow(RangeError)
    expect(() => bandOf(GAD7, GAD7.scales[0], 2.5)).toThrow(RangeError)
  })
})

describe('risk rules', () => {
  const risksOf = (definition: QuestionnaireDefinition, answers: number[]) =>
    scoreQuestionnaire(definition, answers).risks

  it('flags PHQ-9 item 9 answered above "Not at all", whatever the total', () => {
    expect(risksOf(PHQ9, [0, 0, 0, 0, 0, 0, 0, 0, 0])).toEqual([])
    expect(risksOf(PHQ9, [3, 3, 3, 3, 3, 3, 1, 0, 0])).toEqual([])
    for (const answer of [1, 2, 3]) {
      expect(risksOf(PHQ9, [0, 0, 0, 0, 0, 0, 0, 0, answer])).toEqual(['phq9_item9'])
    }
    expect(answerLabel(PHQ9, 1)).toBe('Several days')
  })

  it('flags a severe PHQ-9 (20+) and, with item 9, both reasons once each', () => {
    expect(risksOf(PHQ9, [3, 3, 3, 3, 3, 3, 2, 0, 0])).toEqual(['measure_severe'])
    expect(risksOf(PHQ9, [3, 3, 3, 3, 3, 2, 0, 0, 1])).toEqual(['phq9_item9'])
    expect(risksOf(PHQ9, [3, 3, 3, 3, 3, 3, 3, 3, 3])).toEqual(['phq9_item9', 'measure_severe'])
  })

  it('flags a severe GAD-7 (15+) only', () => {
    expect(risksOf(GAD7, [2, 2, 2, 2, 2, 2, 2])).toEqual([])
    expect(risksOf(GAD7, [3, 2, 2, 2, 2, 2, 2])).toEqual(['measure_severe'])
  })

  it('flags a DASS-21 subscale in the severe or extremely severe band, once', () => {
    const answers = (depression: number, anxiety: number, stress: number) =>
      DASS21.items.map((_, index) => {
        const item = index + 1
        if (DASS21.scales[0].items.includes(item as never)) return depression
        if (DASS21.scales[1].items.includes(item as never)) return anxiety
        return stress
      })
    expect(risksOf(DASS21, answers(1, 1, 1))).toEqual([]) // 14 moderate, 14 moderate, 14 normal
    // Item 2 (anxiety) from 1 to 3 lifts anxiety from 14 (moderate) to 18 (severe).
    const anxious = answers(1, 1, 1)
    anxious[1] = 3
    expect(risksOf(DASS21, anxious)).toEqual(['measure_severe'])
    expect(risksOf(DASS21, answers(3, 3, 3))).toEqual(['measure_severe'])
  })

  it('flags a K10 of 30 or more as very high, not 29', () => {
    expect(risksOf(K10, [3, 3, 3, 3, 3, 3, 3, 3, 3, 2])).toEqual([])
    expect(risksOf(K10, [3, 3, 3, 3, 3, 3, 3, 3, 3, 3])).toEqual(['k10_very_high'])
  })
})

describe('answersSchema', () => {
  const schema = answersSchema(PHQ9)

  it('reads the radio values as numbers, in item order', () => {
    const form = Object.fromEntries(PHQ9.items.map((item, index) => [item.name, String(index % 4)]))
    const answers = schema.parse(form)
    expect(answersInOrder(PHQ9, answers)).toEqual([0, 1, 2, 3, 0, 1, 2, 3, 0])
  })

  it('asks for an answer to each unanswered item, and refuses one off the scale', () => {
    const result = schema.safeParse({ q1: '0', q2: '4', q3: '-1', q9: 'often' })
    expect(result.error?.issues.map((issue) => [issue.path.join(), issue.message])).toEqual(
      ['q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8', 'q9'].map((name) => [
        name,
        'Choose an answer for this question',
      ]),
    )
  })
})
