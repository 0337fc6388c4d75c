import { describe, expect, it } from 'vitest'
import { describeError, parseRetryAfter } from './vendor-errors.ts'

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-06-09T00:00:00.000Z')

  it.each([
    ['2', 2],
    ['0', 0],
    ['Tue, 09 Jun 2026 00:00:30 GMT', 30],
    ['Mon, 08 Jun 2026 23:59:00 GMT', 0],
    [null, undefined],
    [undefined, undefined],
    ['', undefined],
    ['soon', undefined],
  ])('reads %j as %j seconds', (value, seconds) => {
    expect(parseRetryAfter(value, now)).toBe(seconds)
  })
})

describe('describeError', () => {
  it('names an error and its message, and anything else as text', () => {
    expect(describeError(new TypeError('fetch failed'))).toBe('TypeError: fetch failed')
    expect(describeError('boom')).toBe('boom')
  })
})
