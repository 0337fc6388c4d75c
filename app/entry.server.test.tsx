import { describe, expect, it } from 'vitest'
import { handleDataRequest } from './entry.server.tsx'

const context = { cspNonce: 'test-nonce' }

describe('handleDataRequest', () => {
  it("marks a signed-in area's .data response as never to be stored", async () => {
    const request = new Request('http://localhost:3000/patient/appointments.data')
    const response = await handleDataRequest(new Response('{}'), { request, params: {}, context })
    expect(response.headers.get('cache-control')).toBe('private, no-store')
  })

  it("leaves a public page's .data response alone", async () => {
    const request = new Request('http://localhost:3000/psychologists.data')
    const response = await handleDataRequest(new Response('{}'), { request, params: {}, context })
    expect(response.headers.get('cache-control')).toBeNull()
  })
})
