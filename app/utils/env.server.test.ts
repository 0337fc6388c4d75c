import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ENV_KEYS, parseEnv } from './env.server.ts'

const valid = {
  DATABASE_URL: 'postgresql://u:p@localhost:5432/haven',
  APP_URL: 'https://haven.example',
  SESSION_SECRET: 'x'.repeat(32),
  RESEND_API_KEY: 're_123',
  EMAIL_FROM: 'Haven <hello@haven.example>',
  STRIPE_SECRET_KEY: 'sk_live_123',
  STRIPE_WEBHOOK_SECRET: 'whsec_123',
  RECORDS_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
}
const key = (byte: number) => Buffer.alloc(32, byte).toString('base64')

describe('parseEnv', () => {
  it('accepts a complete production environment', () => {
    const env = parseEnv({ ...valid, NODE_ENV: 'production', PORT: '8080' })
    expect(env.PORT).toBe(8080)
    expect(env.HAVEN_STANDINS).toBe(false)
  })
  it('names every missing variable in one message', () => {
    expect(() => parseEnv({ NODE_ENV: 'production' })).toThrowError(
      /DATABASE_URL[\s\S]*APP_URL[\s\S]*SESSION_SECRET[\s\S]*RESEND_API_KEY[\s\S]*EMAIL_FROM[\s\S]*STRIPE_SECRET_KEY[\s\S]*STRIPE_WEBHOOK_SECRET/,
    )
  })
  it('explains a weak session secret', () => {
    expect(() => parseEnv({ ...valid, SESSION_SECRET: 'short' })).toThrowError(
      /SESSION_SECRET: must be at least 32/,
    )
  })
  it('needs no email or payment keys when the stand-ins are on', () => {
    const {
      RESEND_API_KEY: _key,
      EMAIL_FROM: _from,
      STRIPE_SECRET_KEY: _stripe,
      STRIPE_WEBHOOK_SECRET: _webhook,
      ...rest
    } = valid
    expect(parseEnv({ ...rest, HAVEN_STANDINS: 'true' }).HAVEN_STANDINS).toBe(true)
  })
  it('refuses a Halaxy rate limit that is not a whole number of requests', () => {
    expect(() => parseEnv({ ...valid, HALAXY_RATE_LIMIT_PER_MINUTE: 'lots' })).toThrowError(
      /HALAXY_RATE_LIMIT_PER_MINUTE/,
    )
    expect(parseEnv({ ...valid, HALAXY_RATE_LIMIT_PER_MINUTE: '100' }).HALAXY_RATE_LIMIT_PER_MINUTE).toBe(100)
  })
  it('reads the records key ring in order, the first key first', () => {
    const env = parseEnv({ ...valid, RECORDS_ENCRYPTION_KEYS: `2026-12_b:${key(2)}, k1:${key(1)}` })
    expect(env.RECORDS_ENCRYPTION_KEYS).toEqual([
      { keyId: '2026-12_b', key: Buffer.alloc(32, 2) },
      { keyId: 'k1', key: Buffer.alloc(32, 1) },
    ])
  })
  it('requires a records key in production only, and says how to make one', () => {
    const { RECORDS_ENCRYPTION_KEYS: _keys, ...rest } = valid
    expect(() => parseEnv({ ...rest, NODE_ENV: 'production' })).toThrowError(
      /RECORDS_ENCRYPTION_KEYS: is required to keep clinical records: k1:<base64 of 32 random bytes>/,
    )
    expect(parseEnv({ ...rest, NODE_ENV: 'development' }).RECORDS_ENCRYPTION_KEYS).toBeUndefined()
  })
  it('refuses a malformed records key ring without echoing any key', () => {
    const refusals: [string, RegExp][] = [
      [key(1), /entry 1 must be keyId:key/],
      [`k1:${key(1)},:${key(2)}`, /entry 2 must be keyId:key/],
      [`k.1:${key(1)}`, /entry 1 must be keyId:key/],
      [`${'k'.repeat(33)}:${key(1)}`, /entry 1 must be keyId:key/],
      [
        `k1:${Buffer.alloc(16, 1).toString('base64')}`,
        /key k1 must be the base64 of exactly 32 random bytes/,
      ],
      [`k1:${key(1).replace('=', '')}`, /key k1 must be the base64 of exactly 32 random bytes/],
      [`k1:${key(1)}!`, /key k1 must be the base64 of exactly 32 random bytes/],
      [`k1:${key(1)},k1:${key(2)}`, /key id k1 appears twice/],
    ]
    for (const [keys, message] of refusals) {
      let thrown: unknown
      try {
        parseEnv({ ...valid, RECORDS_ENCRYPTION_KEYS: keys })
      } catch (error) {
        thrown = error
      }
      expect(String(thrown)).toMatch(message)
      expect(String(thrown)).not.toContain(key(1).slice(0, 20))
    }
  })
  it('refuses the stand-ins on a real deployment', () => {
    expect(() => parseEnv({ ...valid, HAVEN_STANDINS: 'true', FLY_APP_NAME: 'haven' })).toThrowError(
      /HAVEN_STANDINS/,
    )
  })
})

describe('.env.example', () => {
  it('documents every variable the app reads', () => {
    const example = readFileSync('.env.example', 'utf8')
    const missing = ENV_KEYS.filter((key) => !new RegExp(`^#? ?${key}=`, 'm').test(example))
    expect(missing).toEqual([])
  })
})
