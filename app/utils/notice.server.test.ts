import { describe, expect, it } from 'vitest'
import { redirectWithNotice, takeNotice } from './notice.server.ts'

const cookieFrom = (response: Response) => response.headers.get('Set-Cookie')!.split(';')[0]!

describe('flash notices', () => {
  it('carries a notice across the redirect to the page it names, once', async () => {
    const response = await redirectWithNotice('/patient/appointments?week=2#next', 'Appointment cancelled.')
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe('/patient/appointments?week=2#next')

    const request = new Request('http://localhost/patient/appointments', {
      headers: { cookie: cookieFrom(response) },
    })
    const { notice, headers } = await takeNotice(request)
    expect(notice).toEqual({ message: 'Appointment cancelled.', path: '/patient/appointments' })
    // Read once: the answer clears the cookie, so a reload shows nothing.
    expect(headers?.get('Set-Cookie')).toMatch(/__haven_notice=;.*Max-Age=0/)
  })

  it('has nothing to show without the cookie, and sets nothing', async () => {
    expect(await takeNotice(new Request('http://localhost/'))).toEqual({ notice: null })
  })

  it('ignores a notice cookie it did not sign', async () => {
    const forged = `__haven_notice=${Buffer.from(JSON.stringify({ message: 'Pay here', path: '/' })).toString('base64')}`
    const { notice } = await takeNotice(new Request('http://localhost/', { headers: { cookie: forged } }))
    expect(notice).toBeNull()
  })
})
