import { describe, expect, it } from 'vitest'
import { loadVideoPort } from './load-port.ts'

// In the dev server and the test build (as here) both ports load; a production build has no
// loopback at all (scripts/check-production-bundle.ts proves it on the real bundle).
describe('loadVideoPort', () => {
  it('loads the port the session page names', async () => {
    expect((await loadVideoPort('twilio')).kind).toBe('twilio')
    expect((await loadVideoPort('loopback')).kind).toBe('loopback')
  })
})
