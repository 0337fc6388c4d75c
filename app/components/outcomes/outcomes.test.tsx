import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { DASS21 } from '~/domain/outcomes/definitions/dass21.ts'
import { PHQ9 } from '~/domain/outcomes/definitions/phq9.ts'
import { type ResultPoint } from '~/domain/outcomes/results.server.ts'
import { ErrorSummary, QuestionnaireFields } from './questionnaire-fields.tsx'
import { QuestionnaireResults } from './results-chart.tsx'

const SYDNEY = 'Australia/Sydney'
const point = (
  at: string,
  total: number,
  band: ResultPoint['scales'][number]['band'],
  item9: number,
): ResultPoint => ({
  id: at,
  at,
  source: 'portal',
  total,
  scales: [{ score: total, band }],
  watchedItems: [{ item: 9, value: item9 }],
})

describe('QuestionnaireResults', () => {
  const html = renderToStaticMarkup(
    createElement(QuestionnaireResults, {
      definition: PHQ9,
      timeZone: SYDNEY,
      points: [point('2026-12-01T00:00:00Z', 21, 'severe', 2), point('2026-12-14T23:00:00Z', 8, 'mild', 0)],
    }),
  )

  it('draws an SVG chart with a text alternative, the bands named, and a point per result', () => {
    expect(html).toMatch(/<svg[^>]*role="img"/)
    expect(html).toContain('<title')
    expect(html).toContain('PHQ-9 scores over time')
    expect(html).toContain('2 results from 1 Dec 2026 to 15 Dec 2026; the latest 8 (Mild).')
    for (const band of ['Minimal', 'Mild', 'Moderate', 'Moderately severe', 'Severe'])
      expect(html).toContain(`>${band}</text>`)
    expect(html.match(/<circle/g)).toHaveLength(2)
    expect(html).not.toMatch(/<script/)
  })

  it('lists the same results in a table, newest first, dated in the practice’s zone, item 9 in words', () => {
    const rows = html.split('<tbody>')[1]!.split('</tr>')
    expect(rows[0]).toContain('15 Dec 2026')
    expect(rows[0]).toContain('Not at all')
    expect(rows[1]).toContain('1 Dec 2026')
    expect(rows[1]).toContain('More than half the days')
    expect(rows[1]).toMatch(/text-red-700[^>]*><span[^>]*>21<\/span> Severe/)
    expect(html).toContain('<caption class="sr-only">PHQ-9 results, newest first</caption>')
    expect(html).toContain('Score (0–27)')
    expect(html).toContain('Item 9')
  })

  it('charts each DASS-21 subscale on its own, the table holding all three', () => {
    const dass = renderToStaticMarkup(
      createElement(QuestionnaireResults, {
        definition: DASS21,
        timeZone: SYDNEY,
        points: [
          {
            id: 'r1',
            at: '2026-12-01T00:00:00Z',
            source: 'portal',
            total: 44,
            scales: [
              { score: 10, band: 'mild' },
              { score: 20, band: 'extremely_severe' },
              { score: 14, band: 'normal' },
            ],
            watchedItems: [],
          },
        ],
      }),
    )
    expect(dass.match(/<svg/g)).toHaveLength(3)
    for (const name of ['DASS-21 depression', 'DASS-21 anxiety', 'DASS-21 stress'])
      expect(dass).toContain(`${name} scores over time`)
    expect(dass).toContain('Depression (0–42)')
    expect(dass).toContain('Extremely severe')
  })
})

describe('QuestionnaireFields and ErrorSummary', () => {
  const fields = Object.fromEntries(
    PHQ9.items.map((item) => [
      item.name,
      {
        name: item.name,
        initialValue: item.name === 'q1' ? '2' : undefined,
        errors: item.name === 'q4' ? ['Choose an answer for this question'] : undefined,
      },
    ]),
  ) as never

  it('asks each question as a fieldset of radio buttons with its question as the legend', () => {
    const html = renderToStaticMarkup(
      createElement(QuestionnaireFields, { items: PHQ9.items, options: PHQ9.options, fields }),
    )
    expect(html.match(/<fieldset/g)).toHaveLength(9)
    expect(html).toContain(
      '<legend class="text-sm font-medium text-stone-800">9. Thoughts that you would be better off dead or of hurting yourself in some way</legend>',
    )
    expect(html.match(/type="radio" name="q1"/g)).toHaveLength(4)
    expect(html).toMatch(/name="q1"[^>]*checked=""[^>]*value="2"/)
    expect(html).toContain('id="question-4"')
  })

  it('sums up the problems at the top, each linking to its question', () => {
    const html = renderToStaticMarkup(
      createElement(ErrorSummary, { items: PHQ9.items, fields, formErrors: [] }),
    )
    expect(html).toContain('role="alert"')
    expect(html).toContain('There is a problem')
    expect(html).toContain('<a href="#question-4"')
    expect(html).toContain('Question 4: Choose an answer for this question')
    expect(
      renderToStaticMarkup(createElement(ErrorSummary, { items: PHQ9.items, fields: {}, formErrors: [] })),
    ).toBe('')
  })
})
