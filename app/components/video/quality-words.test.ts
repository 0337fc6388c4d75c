import { describe, expect, it } from 'vitest'
import { networkQualityDisplay, preflightWords } from './quality-words.ts'

describe('networkQualityDisplay', () => {
  it('shows each level as bars and says the same in words', () => {
    expect(networkQualityDisplay(5)).toEqual({ bars: 5, words: 'Excellent connection' })
    expect(networkQualityDisplay(3)).toEqual({ bars: 3, words: 'Fair connection' })
    expect(networkQualityDisplay(1)).toEqual({ bars: 1, words: 'Very weak connection: try audio only' })
    expect(networkQualityDisplay(0)).toEqual({ bars: 0, words: 'No connection' })
  })
})

describe('preflightWords', () => {
  it('says what the network test found', () => {
    expect(preflightWords({ ok: true, roundTripMs: 42.4, quality: 'excellent' })).toBe(
      'Your connection is excellent for video (delay 42 ms).',
    )
    expect(preflightWords({ ok: true, roundTripMs: null, quality: 'poor' })).toMatch(
      /^Your connection is poor: choose audio only/,
    )
    expect(preflightWords({ ok: false, message: 'Signalling timed out.' })).toBe(
      "The network test didn't work: Signalling timed out.",
    )
  })
})
