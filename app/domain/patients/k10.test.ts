import { describe, expect, it } from 'vitest'
import {
  K10_ANSWER_OPTIONS,
  K10_BANDS,
  K10_CRISIS_THRESHOLD,
  K10_ITEMS,
  k10AnswersInOrder,
  k10Band,
  k10Schema,
  needsCrisisSupport,
  scoreK10,
} from './k10.ts'

const answersOf = (value: number) => Array.from({ length: 10 }, () => value)

describe('K10 questionnaire', () => {
  it('has ten questions about the past 4 weeks, named q1..q10', () => {
    expect(K10_ITEMS).toHaveLength(10)
    expect(K10_ITEMS.map((item) => item.name)).toEqual([
      'q1',
      'q2',
      'q3',
      'q4',
      'q5',
      'q6',
      'q7',
      'q8',
      'q9',
      'q10',
    ])
    for (const item of K10_ITEMS) {
      expect(item.text).toMatch(/^In the past 4 weeks, about how often did you feel .+\?$/)
    }
    expect(K10_ITEMS[0].text).toBe(
      'In the past 4 weeks, about how often did you feel tired out for no good reason?',
    )
    expect(K10_ITEMS[9].text).toBe('In the past 4 weeks, about how often did you feel worthless?')
  })

  it('answers from "None of the time" (1) to "All of the time" (5)', () => {
    expect(K10_ANSWER_OPTIONS.map((option) => option.value)).toEqual([1, 2, 3, 4, 5])
    expect(K10_ANSWER_OPTIONS[0].label).toBe('None of the time')
    expect(K10_ANSWER_OPTIONS[4].label).toBe('All of the time')
  })
})

describe('scoreK10', () => {
  it('scores 10 when every answer is "None of the time"', () => {
    expect(scoreK10(answersOf(1))).toBe(10)
  })

  it('scores 50 when every answer is "All of the time"', () => {
    expect(scoreK10(answersOf(5))).toBe(50)
  })

  it('adds the answers', () => {
    expect(scoreK10([1, 2, 3, 4, 5, 5, 4, 3, 2, 1])).toBe(30)
  })

  it.each([[[]], [answersOf(3).slice(0, 9)], [[...answersOf(3), 3]]])(
    'throws unless there are exactly ten answers',
    (answers) => {
      expect(() => scoreK10(answers)).toThrow(RangeError)
    },
  )

  it.each([0, 6, 2.5, Number.NaN, -1])('throws on an answer of %d', (bad) => {
    const answers = answersOf(3)
    answers[4] = bad
    expect(() => scoreK10(answers)).toThrow(/answer 5 must be a whole number from 1 to 5/)
  })
})

describe('k10Band', () => {
  it.each([
    [10, 'low'],
    [15, 'low'],
    [16, 'moderate'],
    [21, 'moderate'],
    [22, 'high'],
    [29, 'high'],
    [30, 'very_high'],
    [50, 'very_high'],
  ] as const)('puts %i in %s', (score, band) => {
    expect(k10Band(score)).toBe(band)
  })

  it('has bands that cover 10–50 with no gaps, each score in the band its range says', () => {
    for (let score = 10; score <= 50; score++) {
      const band = K10_BANDS[k10Band(score)]
      expect(score).toBeGreaterThanOrEqual(band.min)
      expect(score).toBeLessThanOrEqual(band.max)
    }
  })

  it('labels the bands for people', () => {
    expect(K10_BANDS.low.label).toBe('Low distress')
    expect(K10_BANDS.very_high.label).toBe('Very high distress')
  })

  it.each([9, 51, 0, 22.5])('throws on a score of %d', (score) => {
    expect(() => k10Band(score)).toThrow(RangeError)
  })
})

describe('needsCrisisSupport', () => {
  it('starts at 30, where "very high" starts', () => {
    expect(K10_CRISIS_THRESHOLD).toBe(30)
    expect(K10_CRISIS_THRESHOLD).toBe(K10_BANDS.very_high.min)
    expect(needsCrisisSupport(29)).toBe(false)
    expect(needsCrisisSupport(30)).toBe(true)
    expect(needsCrisisSupport(50)).toBe(true)
  })
})

describe('k10Schema', () => {
  const form = {
    q1: '1',
    q2: '2',
    q3: '3',
    q4: '4',
    q5: '5',
    q6: '5',
    q7: '4',
    q8: '3',
    q9: '2',
    q10: '1',
  }

  it('reads the radio values as numbers, ready to score in order', () => {
    const answers = k10Schema.parse(form)
    expect(answers.q5).toBe(5)
    expect(k10AnswersInOrder(answers)).toEqual([1, 2, 3, 4, 5, 5, 4, 3, 2, 1])
    expect(scoreK10(k10AnswersInOrder(answers))).toBe(30)
  })

  it('puts "Choose an answer" on each unanswered question', () => {
    const { q3: _q3, q7: _q7, ...partial } = form
    const result = k10Schema.safeParse(partial)
    expect(result.success).toBe(false)
    expect(result.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([
      [['q3'], 'Choose an answer for this question'],
      [['q7'], 'Choose an answer for this question'],
    ])
  })

  it.each(['0', '6', '', '2.5', 'often'])('refuses an answer of %j', (value) => {
    const result = k10Schema.safeParse({ ...form, q2: value })
    expect(result.success).toBe(false)
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ['q2'], message: 'Choose an answer for this question' }),
    ])
  })
})
