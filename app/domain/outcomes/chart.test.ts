import { describe, expect, it } from 'vitest'
import { formatShortDate } from '~/utils/time.ts'
import { chartGeometry } from './chart.ts'
import { DASS21 } from './definitions/dass21.ts'
import { PHQ9 } from './definitions/phq9.ts'

const SYDNEY = 'Australia/Sydney'
const phq = (points: { at: string; score: number }[]) =>
  chartGeometry({ min: 0, max: 27, bands: PHQ9.scales[0].bands, points, timeZone: SYDNEY })

describe('chartGeometry', () => {
  const chart = phq([
    { at: '2026-12-01T00:00:00Z', score: 0 },
    { at: '2026-12-08T00:00:00Z', score: 27 },
    { at: '2026-12-15T00:00:00Z', score: 10 },
  ])

  it('puts the lowest score at the bottom and the highest at the top, half a point in', () => {
    const unit = (chart.plot.bottom - chart.plot.top) / 28
    expect(chart.points.map((point) => point.y)).toEqual([
      Math.round((chart.plot.bottom - unit / 2) * 10) / 10,
      Math.round((chart.plot.top + unit / 2) * 10) / 10,
      Math.round((chart.plot.bottom - 10.5 * unit) * 10) / 10,
    ])
  })

  it('shades the bands edge to edge, lowest at the bottom, each score inside its own', () => {
    expect(chart.bands.map((band) => band.key)).toEqual([
      'minimal',
      'mild',
      'moderate',
      'moderately_severe',
      'severe',
    ])
    expect(chart.bands[0]!.bottom).toBe(chart.plot.bottom)
    expect(chart.bands.at(-1)!.top).toBe(chart.plot.top)
    for (let index = 1; index < chart.bands.length; index++) {
      expect(chart.bands[index]!.bottom).toBe(chart.bands[index - 1]!.top)
    }
    const moderate = chart.bands[2]!
    expect(chart.points[2]!.y).toBeLessThan(moderate.bottom)
    expect(chart.points[2]!.y).toBeGreaterThan(moderate.top)
    expect(new Set(chart.bands.map((band) => band.fill)).size).toBe(5)
  })

  it('names only the bands tall enough to hold their name', () => {
    const anxiety = chartGeometry({
      min: 0,
      max: 42,
      bands: DASS21.scales[1].bands,
      points: [],
      timeZone: SYDNEY,
    })
    // Anxiety's mild band is 8–9: two points of 43, too thin to name on the chart.
    expect(anxiety.bands.map((band) => [band.key, band.labelled])).toEqual([
      ['normal', true],
      ['mild', false],
      ['moderate', true],
      ['severe', true],
      ['extremely_severe', true],
    ])
  })

  it('labels the score axis at each band’s start and the top of the scale', () => {
    expect(chart.yTicks.map((tick) => tick.value)).toEqual([0, 5, 10, 15, 20, 27])
  })

  it('spaces results by time, first and last just inside the plot, joined by a line', () => {
    expect(chart.points[0]!.x).toBe(chart.plot.left + 16)
    expect(chart.points[2]!.x).toBe(chart.plot.right - 16)
    expect(chart.points[1]!.x).toBe((chart.plot.left + chart.plot.right) / 2)
    expect(chart.line).toBe(chart.points.map((p, i) => `${i ? 'L' : 'M'}${p.x} ${p.y}`).join(' '))
  })

  it('centres a single result, with no line', () => {
    const one = phq([{ at: '2026-12-01T00:00:00Z', score: 12 }])
    expect(one.points[0]!.x).toBe((one.plot.left + one.plot.right) / 2)
    expect(one.line).toBeNull()
    expect(one.xTicks).toEqual([{ x: one.points[0]!.x, label: '1 Dec 2026' }])
  })

  it('dates results on the practice’s calendar, naming the year when it changes', () => {
    // 14:30 UTC on 6 December is 1:30 am on 7 December in Sydney (AEDT).
    const across = phq([
      { at: '2026-12-06T14:30:00Z', score: 3 },
      { at: '2026-12-20T00:00:00Z', score: 3 },
      { at: '2027-01-10T00:00:00Z', score: 3 },
    ])
    expect(across.xTicks.map((tick) => tick.label)).toEqual(['7 Dec 2026', '20 Dec', '10 Jan 2027'])
    expect(across.points[0]!.date).toBe('7 Dec 2026')
    expect(formatShortDate('2026-12-06T14:30:00Z', 'Australia/Perth')).toBe('6 Dec 2026')
  })

  it('labels a long history with a few evenly spaced dates instead of one per result', () => {
    const weekly = Array.from({ length: 20 }, (_, week) => ({
      at: new Date(Date.UTC(2026, 0, 5 + week * 7)).toISOString(),
      score: week % 28,
    }))
    const long = phq(weekly)
    expect(long.xTicks).toHaveLength(5)
    expect(long.xTicks[0]!.x).toBe(long.points[0]!.x)
    expect(long.xTicks.at(-1)!.x).toBe(long.points.at(-1)!.x)
  })
})
