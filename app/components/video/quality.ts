import { type NetworkQuality, type PreflightResult } from './port.ts'

// How good a link is, from what WebRTC measures on it: one scale (twilio-video's 0–5 network
// quality levels) for the loopback port's live indicator and for both ports' network tests.

/** One measurement of a link; a figure the browser did not report is null. */
export type LinkSample = {
  roundTripMs: number | null
  /** Packets lost, as a percentage of those sent. */
  lossPercent: number | null
  jitterMs: number | null
}

type Band = { below: number; level: number }[]

// Two-way voice stays comfortable under 150 ms and degrades past 300 (ITU-T G.114); video
// conferencing copes with 1–2 % loss and struggles past 5 %.
const ROUND_TRIP: Band = [
  { below: 150, level: 5 },
  { below: 300, level: 4 },
  { below: 500, level: 3 },
  { below: 1000, level: 2 },
]
const LOSS: Band = [
  { below: 1, level: 5 },
  { below: 2, level: 4 },
  { below: 5, level: 3 },
  { below: 10, level: 2 },
  { below: 20, level: 1 },
]
const JITTER: Band = [
  { below: 30, level: 5 },
  { below: 50, level: 4 },
  { below: 100, level: 3 },
  { below: 200, level: 2 },
]

const levelIn = (band: Band, value: number, worst: number) =>
  band.find(({ below }) => value < below)?.level ?? worst

/** The link's level, 0 (lost) to 5: its worst figure decides; null when nothing was measured. */
export function networkQualityLevel({ roundTripMs, lossPercent, jitterMs }: LinkSample): NetworkQuality {
  const levels = [
    roundTripMs === null ? null : levelIn(ROUND_TRIP, roundTripMs, 1),
    lossPercent === null ? null : levelIn(LOSS, lossPercent, 0),
    jitterMs === null ? null : levelIn(JITTER, jitterMs, 1),
  ].filter((level) => level !== null)
  return levels.length === 0 ? null : (Math.min(...levels) as NetworkQuality)
}

/** A network test's verdict in words; unmeasured counts as "fair", neither promise nor alarm. */
export function preflightVerdict(sample: LinkSample): Extract<PreflightResult, { ok: true }> {
  const level = networkQualityLevel(sample)
  const quality =
    level === null ? 'fair' : level >= 5 ? 'excellent' : level === 4 ? 'good' : level === 3 ? 'fair' : 'poor'
  const roundTripMs = sample.roundTripMs === null ? null : Math.round(sample.roundTripMs)
  return { ok: true, roundTripMs, quality }
}
