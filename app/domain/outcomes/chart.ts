// Client-safe: the geometry of a questionnaire's chart over time, computed on the server and drawn
// as plain SVG (no script, so it prints). Scores run up the side with the published bands shaded
// behind them; dates run along the bottom in the practice's zone.
import { dayKey, formatDayMonth, formatShortDate } from '~/utils/time.ts'
import { type Band } from './questionnaires.ts'

export const CHART_WIDTH = 640
export const CHART_HEIGHT = 220
// The right margin holds the bands' names.
const MARGIN = { top: 10, right: 112, bottom: 40, left: 40 }
/** A band thinner than this (px) goes unnamed on the chart: its name would collide; the table names it. */
const MIN_LABELLED_BAND = 12
/** Keeps the first and last points off the plot's edges. */
const INSET = 16
/** The most date labels along the bottom before they would crowd. */
const MAX_DATE_TICKS = 6

// Light, from calm to alarming; the band's name is in the table and the legend, never colour alone.
const SHADES = ['#ecfdf5', '#f7fee7', '#fefce8', '#fff7ed', '#fef2f2']

const round = (value: number) => Math.round(value * 10) / 10

export type ChartInput = {
  /** The scale's lowest and highest possible scores. */
  min: number
  max: number
  bands: readonly Band[]
  /** Oldest first. */
  points: readonly { at: string; score: number }[]
  timeZone: string
}

export function chartGeometry({ min, max, bands, points, timeZone }: ChartInput) {
  const plot = {
    left: MARGIN.left,
    right: CHART_WIDTH - MARGIN.right,
    top: MARGIN.top,
    bottom: CHART_HEIGHT - MARGIN.bottom,
  }
  // Half a point above and below, so a score on a band's edge sits inside its band.
  const low = min - 0.5
  const high = max + 0.5
  const y = (score: number) => round(plot.bottom - ((score - low) / (high - low)) * (plot.bottom - plot.top))
  const times = points.map((point) => Date.parse(point.at))
  const first = Math.min(...times)
  const last = Math.max(...times)
  const x = (time: number) =>
    round(
      last === first
        ? (plot.left + plot.right) / 2
        : plot.left + INSET + ((time - first) / (last - first)) * (plot.right - plot.left - 2 * INSET),
    )

  // One label per result while they fit; beyond that, evenly spaced dates across the span.
  const tickTimes =
    new Set(points.map((point) => dayKey(point.at, timeZone))).size <= MAX_DATE_TICKS
      ? times
      : Array.from(
          { length: MAX_DATE_TICKS - 1 },
          (_, index) => first + ((last - first) * index) / (MAX_DATE_TICKS - 2),
        )
  const xTicks: { x: number; label: string }[] = []
  const days = new Set<string>()
  let previousYear = ''
  for (const time of tickTimes.map((instant) => new Date(instant))) {
    const day = dayKey(time, timeZone)
    if (days.has(day)) continue
    days.add(day)
    const year = day.slice(0, 4)
    xTicks.push({
      x: x(time.getTime()),
      label: year === previousYear ? formatDayMonth(time, timeZone) : formatShortDate(time, timeZone),
    })
    previousYear = year
  }

  const placed = points.map((point, index) => ({
    x: x(times[index]!),
    y: y(point.score),
    score: point.score,
    date: formatShortDate(point.at, timeZone),
  }))
  return {
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    plot,
    bands: bands.map((band, index) => ({
      key: band.key,
      label: band.label,
      top: y(band.max + 0.5),
      bottom: y(band.min - 0.5),
      labelled: y(band.min - 0.5) - y(band.max + 0.5) >= MIN_LABELLED_BAND,
      fill: SHADES[bands.length === 1 ? 0 : Math.round((index / (bands.length - 1)) * (SHADES.length - 1))]!,
    })),
    yTicks: [...bands.map((band) => band.min), max].map((value) => ({ value, y: y(value) })),
    xTicks,
    points: placed,
    line:
      placed.length > 1
        ? placed.map((point, index) => `${index === 0 ? 'M' : 'L'}${point.x} ${point.y}`).join(' ')
        : null,
  }
}

export type ChartGeometry = ReturnType<typeof chartGeometry>
