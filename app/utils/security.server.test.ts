import { describe, expect, it } from 'vitest'
import {
  contentSecurityDirectives,
  isAllowedOrigin,
  preventCachingOfPrivatePages,
} from './security.server.ts'

const base = { path: '/login', appUrl: 'https://haven.fly.dev', origin: undefined, referer: undefined }

describe('isAllowedOrigin', () => {
  it('lets safe methods through whatever their origin', () => {
    expect(isAllowedOrigin({ ...base, method: 'GET', origin: 'https://evil.example' })).toBe(true)
  })
  it('accepts a post from the same origin', () => {
    expect(isAllowedOrigin({ ...base, method: 'POST', origin: 'https://haven.fly.dev' })).toBe(true)
  })
  it('refuses a post from another origin, even a sibling subdomain', () => {
    expect(isAllowedOrigin({ ...base, method: 'POST', origin: 'https://evil.example' })).toBe(false)
    expect(isAllowedOrigin({ ...base, method: 'POST', origin: 'https://other.fly.dev' })).toBe(false)
  })
  it('refuses the same host over another scheme or port', () => {
    expect(isAllowedOrigin({ ...base, method: 'POST', origin: 'http://haven.fly.dev' })).toBe(false)
    expect(isAllowedOrigin({ ...base, method: 'POST', origin: 'https://haven.fly.dev:8443' })).toBe(false)
    expect(isAllowedOrigin({ ...base, method: 'POST', referer: 'http://haven.fly.dev/login' })).toBe(false)
    const local = { ...base, appUrl: 'http://localhost:3000', method: 'POST' }
    expect(isAllowedOrigin({ ...local, origin: 'http://localhost:3000' })).toBe(true)
    expect(isAllowedOrigin({ ...local, origin: 'https://localhost:3000' })).toBe(false)
    expect(isAllowedOrigin({ ...local, origin: 'http://localhost:3001' })).toBe(false)
  })
  it('falls back to the referer, and refuses when neither is sent', () => {
    expect(isAllowedOrigin({ ...base, method: 'POST', referer: 'https://haven.fly.dev/login' })).toBe(true)
    expect(
      isAllowedOrigin({ ...base, method: 'POST', origin: 'null', referer: 'https://evil.example/x' }),
    ).toBe(false)
    expect(isAllowedOrigin({ ...base, method: 'DELETE' })).toBe(false)
  })
  it('refuses garbage origins', () => {
    expect(isAllowedOrigin({ ...base, method: 'POST', origin: 'not a url' })).toBe(false)
  })
  it('leaves signed webhooks to authenticate themselves', () => {
    expect(isAllowedOrigin({ ...base, method: 'POST', path: '/webhooks/stripe' })).toBe(true)
  })
  it("lets a mail provider's one-click unsubscribe through, and nothing beside it", () => {
    expect(isAllowedOrigin({ ...base, method: 'POST', path: '/unsubscribe' })).toBe(true)
    expect(isAllowedOrigin({ ...base, method: 'POST', path: '/unsubscribe-all' })).toBe(false)
    expect(isAllowedOrigin({ ...base, method: 'POST', path: '/patient/profile' })).toBe(false)
  })
})

describe('preventCachingOfPrivatePages', () => {
  function cacheControlFor(path: string) {
    const headers = new Headers({ 'Cache-Control': 'public, max-age=60' })
    preventCachingOfPrivatePages(new Request(`http://localhost:3000${path}`), headers)
    return headers.get('cache-control')
  }

  it('keeps every page, .data request and download of the signed-in areas out of any cache', () => {
    for (const path of [
      '/patient',
      '/patient.data',
      '/patient/',
      '/patient/appointments.data?_routes=routes%2Fpatient.appointments',
      '/patient/appointments/abc/pay',
      '/patient/appointments/abc.ics',
      '/clinician',
      '/clinician.data',
      '/clinician/patients/abc',
      '/clinician/invoices.csv',
      '/manager',
      '/manager/patients/abc.data',
      '/manager/payments.csv',
      '/files/abc',
    ]) {
      expect(cacheControlFor(path), path).toBe('private, no-store')
    }
  })

  it('leaves public pages as they are', () => {
    for (const path of [
      '/',
      '/_root.data',
      '/psychologists',
      '/psychologists/amelia.data',
      '/login',
      '/patients-guide',
    ]) {
      expect(cacheControlFor(path), path).toBe('public, max-age=60')
    }
  })
})

describe('the content security policy', () => {
  const directives = (isDev: boolean) =>
    contentSecurityDirectives({ isDev, nonce: "'nonce-x'", upgradeInsecure: !isDev })

  it('lets twilio-video reach its signalling and play media streams, and nothing else from outside', () => {
    const production = directives(false)
    expect(production['connect-src']).toEqual([
      "'self'",
      'wss://global.vss.twilio.com',
      'wss://sdkgw.us1.twilio.com',
    ])
    expect(production['media-src']).toEqual(["'self'", 'mediastream:', 'blob:'])
    expect(production['script-src']).toEqual(["'strict-dynamic'", "'self'", "'nonce-x'"])
    expect(production['upgrade-insecure-requests']).toEqual([])
  })

  it('adds only what Vite needs in development', () => {
    const dev = directives(true)
    expect(dev['connect-src']).toContain('ws:')
    expect(dev['style-src']).toEqual(["'self'", "'unsafe-inline'"])
    expect(dev['upgrade-insecure-requests']).toBeNull()
  })
})
