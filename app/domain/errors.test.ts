import { describe, expect, it } from 'vitest'
import {
  DOMAIN_ERROR_STATUS,
  DomainError,
  NotFoundError,
  RateLimitedError,
  UnavailableError,
} from './errors.ts'

describe('DomainError', () => {
  it('keeps its kind, field and details, and names itself after its class', () => {
    class SlotTaken extends DomainError {
      constructor() {
        super('conflict', 'That time was just taken.', 'start', { alternatives: ['a'] })
      }
    }
    const error = new SlotTaken()
    expect(error).toBeInstanceOf(DomainError)
    expect(error).toMatchObject({ kind: 'conflict', field: 'start', details: { alternatives: ['a'] } })
    expect(error.name).toBe('SlotTaken')
    expect(DOMAIN_ERROR_STATUS[error.kind]).toBe(409)
  })

  it('answers a missing record and a refused rule with their own statuses', () => {
    expect(DOMAIN_ERROR_STATUS[new NotFoundError().kind]).toBe(404)
    expect(DOMAIN_ERROR_STATUS.refused).toBe(400)
    expect(DOMAIN_ERROR_STATUS[new RateLimitedError(90).kind]).toBe(429)
    expect(new RateLimitedError(90).message).toBe('Too many requests. Please try again in 2 minutes.')
    expect(DOMAIN_ERROR_STATUS[new UnavailableError('Halaxy could not be reached.').kind]).toBe(503)
  })
})
