import { useId } from 'react'
import { chartGeometry } from '~/domain/outcomes/chart.ts'
import {
  answerLabel,
  type QuestionnaireDefinition,
  scaleRange,
  type Scale,
} from '~/domain/outcomes/questionnaires.ts'
import { type ResultPoint } from '~/domain/outcomes/results.server.ts'
import { formatShortDate } from '~/utils/time.ts'

const SOURCE_LABELS: Record<ResultPoint['source'], string> = {
  portal: 'Portal',
  intake: 'Intake',
  review: 'Review',
}

/** The bands a risk rule watches (severe, very high…): shown in red in the table. */
function alarmingBands(definition: QuestionnaireDefinition) {
  return new Set(definition.riskRules.flatMap((rule) => ('bands' in rule ? rule.bands : [])))
}

/** One scale's scores over time: the published bands shaded, each result a point. Plain SVG. */
function ScaleChart({
  definition,
  scale,
  scaleIndex,
  points,
  timeZone,
}: {
  definition: QuestionnaireDefinition
  scale: Scale
  scaleIndex: number
  points: ResultPoint[]
  timeZone: string
}) {
  const id = useId()
  const { min, max } = scaleRange(definition, scale)
  const scores = points.map((point) => ({ at: point.at, score: point.scales[scaleIndex]!.score }))
  const chart = chartGeometry({ min, max, bands: scale.bands, points: scores, timeZone })
  const name =
    definition.scales.length > 1 ? `${definition.name} ${scale.label.toLowerCase()}` : definition.name
  const latest = points.at(-1)!
  const latestBand = scale.bands.find((band) => band.key === latest.scales[scaleIndex]!.band)
  const { plot } = chart
  return (
    <figure className="break-inside-avoid">
      <svg
        viewBox={`0 0 ${chart.width} ${chart.height}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        className="h-auto w-full text-brand-700"
      >
        <title id={`${id}-title`}>{`${name} scores over time`}</title>
        <desc id={`${id}-desc`}>
          {`${points.length} result${points.length === 1 ? '' : 's'} from ${formatShortDate(points[0]!.at, timeZone)} to ${formatShortDate(latest.at, timeZone)}; the latest ${latest.scales[scaleIndex]!.score} (${latestBand?.label ?? ''}). The table below lists each.`}
        </desc>
        {chart.bands.map((band) => (
          <g key={band.key}>
            <rect
              x={plot.left}
              y={band.top}
              width={plot.right - plot.left}
              height={band.bottom - band.top}
              fill={band.fill}
            />
            {band.labelled ? (
              <text
                x={plot.right + 6}
                y={(band.top + band.bottom) / 2}
                dominantBaseline="middle"
                fontSize="11"
                fill="#57534e"
              >
                {band.label}
              </text>
            ) : null}
          </g>
        ))}
        {chart.yTicks.map((tick) => (
          <g key={tick.value}>
            <line x1={plot.left - 4} x2={plot.left} y1={tick.y} y2={tick.y} stroke="#a8a29e" />
            <text
              x={plot.left - 6}
              y={tick.y}
              textAnchor="end"
              dominantBaseline="middle"
              fontSize="11"
              fill="#44403c"
            >
              {tick.value}
            </text>
          </g>
        ))}
        {chart.xTicks.map((tick) => (
          <g key={`${tick.x}-${tick.label}`}>
            <line x1={tick.x} x2={tick.x} y1={plot.bottom} y2={plot.bottom + 4} stroke="#a8a29e" />
            <text x={tick.x} y={plot.bottom + 16} textAnchor="middle" fontSize="11" fill="#44403c">
              {tick.label}
            </text>
          </g>
        ))}
        <line x1={plot.left} x2={plot.left} y1={plot.top} y2={plot.bottom} stroke="#a8a29e" />
        <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} stroke="#a8a29e" />
        <text
          x={12}
          y={(plot.top + plot.bottom) / 2}
          transform={`rotate(-90 12 ${(plot.top + plot.bottom) / 2})`}
          textAnchor="middle"
          fontSize="11"
          fill="#44403c"
        >
          Score
        </text>
        <text
          x={(plot.left + plot.right) / 2}
          y={chart.height - 4}
          textAnchor="middle"
          fontSize="11"
          fill="#44403c"
        >
          Date completed
        </text>
        {chart.line ? <path d={chart.line} fill="none" stroke="currentColor" strokeWidth="2" /> : null}
        {chart.points.map((point, index) => (
          <circle key={points[index]!.id} cx={point.x} cy={point.y} r="4" fill="currentColor">
            <title>{`${point.date}: ${point.score}`}</title>
          </circle>
        ))}
      </svg>
      <figcaption className="sr-only">{`${name} over time`}</figcaption>
    </figure>
  )
}

/** Every result of one questionnaire, newest first: the chart's data as a table. */
function ResultsTable({
  definition,
  points,
  timeZone,
}: {
  definition: QuestionnaireDefinition
  points: ResultPoint[]
  timeZone: string
}) {
  const alarming = alarmingBands(definition)
  const watchedItems = points[0]?.watchedItems.map((watched) => watched.item) ?? []
  const cell = 'py-1.5 pr-4'
  return (
    <table className="mt-2 w-full text-left text-sm">
      <caption className="sr-only">{`${definition.name} results, newest first`}</caption>
      <thead className="text-stone-500">
        <tr>
          <th scope="col" className={`${cell} font-medium`}>
            Completed
          </th>
          {definition.scales.map((scale) => {
            const { min, max } = scaleRange(definition, scale)
            return (
              <th key={scale.key} scope="col" className={`${cell} font-medium`}>
                {definition.scales.length > 1 ? scale.label : 'Score'} ({min}–{max})
              </th>
            )
          })}
          {watchedItems.map((item) => (
            <th key={item} scope="col" className={`${cell} font-medium`}>
              Item {item}
            </th>
          ))}
          <th scope="col" className="py-1.5 font-medium">
            Taken
          </th>
        </tr>
      </thead>
      <tbody>
        {[...points].reverse().map((point) => (
          <tr key={point.id} className="border-t border-stone-100">
            <th scope="row" className={`${cell} font-normal`}>
              <time dateTime={point.at}>{formatShortDate(point.at, timeZone)}</time>
            </th>
            {point.scales.map((result, index) => {
              const band = definition.scales[index]!.bands.find((candidate) => candidate.key === result.band)
              return (
                <td
                  key={index}
                  className={`${cell} ${alarming.has(result.band) ? 'font-medium text-red-700' : ''}`}
                >
                  <span className="font-medium">{result.score}</span> {band?.label ?? result.band}
                </td>
              )
            })}
            {point.watchedItems.map((watched) => (
              <td
                key={watched.item}
                className={`${cell} ${watched.value > 0 ? 'font-medium text-red-700' : ''}`}
              >
                {answerLabel(definition, watched.value)}
              </td>
            ))}
            <td className="py-1.5">{SOURCE_LABELS[point.source]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** A questionnaire's results: a chart per scale (DASS-21 has three), then the table of them all. */
export function QuestionnaireResults({
  definition,
  points,
  timeZone,
}: {
  definition: QuestionnaireDefinition
  points: ResultPoint[]
  timeZone: string
}) {
  const headingId = useId()
  return (
    <section aria-labelledby={headingId} className="break-inside-avoid space-y-2">
      <h3 id={headingId} className="text-sm font-semibold text-stone-900">
        {definition.name} <span className="font-normal text-stone-600">{definition.title}</span>
      </h3>
      <div className="space-y-2">
        {definition.scales.map((scale, index) => (
          <div key={scale.key}>
            {definition.scales.length > 1 ? (
              <p className="text-xs font-medium text-stone-600">{scale.label}</p>
            ) : null}
            <ScaleChart
              definition={definition}
              scale={scale}
              scaleIndex={index}
              points={points}
              timeZone={timeZone}
            />
          </div>
        ))}
      </div>
      <ResultsTable definition={definition} points={points} timeZone={timeZone} />
    </section>
  )
}
