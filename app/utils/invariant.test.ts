import { describe, expect, it } from 'vitest'
import { invariantResponse } from './invariant.ts'

describe('invariantResponse', () => {
  it('lets a true condition through', () => {
    expect(() => invariantResponse({ id: 'a' }, 'No such appointment', 404)).not.toThrow()
  })

  it('throws the status and message as a Response when the condition fails', async () => {
    let thrown: unknown
    try {
      invariantResponse(null, 'No such appointment', 404)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(Response)
    expect((thrown as Response).status).toBe(404)
    expect(await (thrown as Response).text()).toBe('No such appointment')
  })

  it('carries extra headers, such as keeping a private answer out of caches', () => {
    let thrown: unknown
    try {
      invariantResponse(false, 'Not found', 404, { 'Cache-Control': 'private, no-store' })
    } catch (error) {
      thrown = error
    }
    expect((thrown as Response).headers.get('Cache-Control')).toBe('private, no-store')
  })

  it('answers 400 when no status is given', () => {
    expect(() => invariantResponse('', 'Missing')).toThrow(expect.objectContaining({ status: 400 }))
  })
})
