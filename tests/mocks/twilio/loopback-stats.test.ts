import { describe, expect, it } from 'vitest'
import { networkQualityLevel } from '~/components/video/quality.ts'
import { countersOf, sampleBetween } from './loopback-stats.ts'

// What Chromium's getStats() reports, trimmed to the fields read.
const report = ({ rtt = 0.012, received = 1000, lost = 0, jitter = 0.003 } = {}) => [
  { type: 'transport', id: 'T1', selectedCandidatePairId: 'CP2' },
  { type: 'candidate-pair', id: 'CP1', state: 'failed', nominated: false, currentRoundTripTime: 2 },
  { type: 'candidate-pair', id: 'CP2', state: 'succeeded', nominated: true, currentRoundTripTime: rtt },
  {
    type: 'inbound-rtp',
    id: 'IA',
    kind: 'audio',
    packetsReceived: received / 2,
    packetsLost: lost / 2,
    jitter,
  },
  {
    type: 'inbound-rtp',
    id: 'IV',
    kind: 'video',
    packetsReceived: received / 2,
    packetsLost: lost / 2,
    jitter: 0.5,
  },
  { type: 'outbound-rtp', id: 'OA', kind: 'audio', packetsSent: 5000 },
]

describe('countersOf', () => {
  it("reads the selected pair's round trip, all packets received and lost, and the audio's jitter", () => {
    expect(countersOf(report())).toEqual({
      roundTripMs: 12,
      packetsReceived: 1000,
      packetsLost: 0,
      jitterMs: 3,
    })
  })

  it('falls back to the nominated, succeeded pair when the transport names none (Firefox)', () => {
    const [, ...withoutTransport] = report({ rtt: 0.2 })
    expect(countersOf(withoutTransport).roundTripMs).toBe(200)
  })

  it('knows nothing before any media flowed', () => {
    expect(countersOf([])).toEqual({ roundTripMs: null, packetsReceived: 0, packetsLost: 0, jitterMs: null })
  })
})

describe('sampleBetween', () => {
  it('counts loss over the last interval only, so an old burst does not stick', () => {
    const burst = countersOf(report({ received: 1000, lost: 200 }))
    const later = countersOf(report({ received: 2000, lost: 200 }))
    expect(sampleBetween(null, burst).lossPercent).toBeCloseTo(16.67, 1)
    expect(sampleBetween(burst, later)).toEqual({ roundTripMs: 12, lossPercent: 0, jitterMs: 3 })
    expect(networkQualityLevel(sampleBetween(burst, later))).toBe(5)
  })

  it('has no loss figure when nothing arrived', () => {
    const idle = countersOf(report())
    expect(sampleBetween(idle, idle).lossPercent).toBeNull()
  })
})
