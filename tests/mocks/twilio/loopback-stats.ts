import { type LinkSample } from '~/components/video/quality.ts'

// What the loopback port reads from RTCPeerConnection.getStats() to rate a link, as twilio-video
// rates it from its own measurements: the round trip of the pair of candidates in use, the
// packets received and lost, and the audio's jitter.

/** Running totals from one getStats() call; the loss over a while is the difference of two. */
export type StatsCounters = {
  roundTripMs: number | null
  packetsReceived: number
  packetsLost: number
  jitterMs: number | null
}

type Stat = { type: string; id?: string; [field: string]: unknown }

const numberOr = (value: unknown, fallback: number) => (typeof value === 'number' ? value : fallback)

export function countersOf(stats: Iterable<Stat>): StatsCounters {
  const list = [...stats]
  const selectedPairId = list.find((stat) => stat.type === 'transport')?.selectedCandidatePairId
  const pair = list.find(
    (stat) =>
      stat.type === 'candidate-pair' &&
      (selectedPairId ? stat.id === selectedPairId : stat.nominated === true && stat.state === 'succeeded'),
  )
  const inbound = list.filter((stat) => stat.type === 'inbound-rtp')
  const jitters = inbound.filter((stat) => stat.kind === 'audio' && typeof stat.jitter === 'number')
  return {
    roundTripMs: typeof pair?.currentRoundTripTime === 'number' ? pair.currentRoundTripTime * 1000 : null,
    packetsReceived: inbound.reduce((sum, stat) => sum + numberOr(stat.packetsReceived, 0), 0),
    packetsLost: inbound.reduce((sum, stat) => sum + numberOr(stat.packetsLost, 0), 0),
    jitterMs: jitters.length ? Math.max(...jitters.map((stat) => (stat.jitter as number) * 1000)) : null,
  }
}

/** The link between two readings: loss counted over that while only, not since the call began. */
export function sampleBetween(before: StatsCounters | null, now: StatsCounters): LinkSample {
  const received = now.packetsReceived - (before?.packetsReceived ?? 0)
  const lost = Math.max(0, now.packetsLost - (before?.packetsLost ?? 0))
  const sent = received + lost
  return {
    roundTripMs: now.roundTripMs,
    lossPercent: sent > 0 ? (lost / sent) * 100 : null,
    jitterMs: now.jitterMs,
  }
}
