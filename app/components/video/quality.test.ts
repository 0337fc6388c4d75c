import { describe, expect, it } from 'vitest'
import { networkQualityLevel, preflightVerdict } from './quality.ts'

const sample = (figures: Partial<Parameters<typeof networkQualityLevel>[0]>) => ({
  roundTripMs: null,
  lossPercent: null,
  jitterMs: null,
  ...figures,
})

describe('networkQualityLevel', () => {
  it('is unknown until something was measured', () => {
    expect(networkQualityLevel(sample({}))).toBeNull()
  })

  it.each([
    [{ roundTripMs: 2 }, 5],
    [{ roundTripMs: 149 }, 5],
    [{ roundTripMs: 150 }, 4],
    [{ roundTripMs: 450 }, 3],
    [{ roundTripMs: 800 }, 2],
    [{ roundTripMs: 3000 }, 1],
    [{ lossPercent: 0 }, 5],
    [{ lossPercent: 1.5 }, 4],
    [{ lossPercent: 4 }, 3],
    [{ lossPercent: 8 }, 2],
    [{ lossPercent: 15 }, 1],
    [{ lossPercent: 60 }, 0],
    [{ jitterMs: 10 }, 5],
    [{ jitterMs: 75 }, 3],
    [{ jitterMs: 500 }, 1],
  ])('rates %o as %i', (figures, level) => {
    expect(networkQualityLevel(sample(figures))).toBe(level)
  })

  it('takes the worst figure: a short round trip does not hide heavy loss', () => {
    expect(networkQualityLevel(sample({ roundTripMs: 20, lossPercent: 12, jitterMs: 5 }))).toBe(1)
  })
})

describe('preflightVerdict', () => {
  it('says what the measured level means, with the round trip in whole milliseconds', () => {
    expect(preflightVerdict(sample({ roundTripMs: 12.4, lossPercent: 0 }))).toEqual({
      ok: true,
      roundTripMs: 12,
      quality: 'excellent',
    })
    expect(preflightVerdict(sample({ roundTripMs: 200 }))).toMatchObject({ quality: 'good' })
    expect(preflightVerdict(sample({ lossPercent: 3 }))).toMatchObject({ quality: 'fair' })
    expect(preflightVerdict(sample({ roundTripMs: 900 }))).toMatchObject({ quality: 'poor' })
  })

  it('calls an unmeasured link fair', () => {
    expect(preflightVerdict(sample({}))).toEqual({ ok: true, roundTripMs: null, quality: 'fair' })
  })
})
