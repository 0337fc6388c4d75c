import { PrismaPg } from '@prisma/adapter-pg'
import { afterEach, describe, expect, it } from 'vitest'
import { PrismaClient } from '~/generated/prisma/client.ts'
import { db } from './db.server.ts'
import { initEnv } from './env.server.ts'
import { RateLimitedError } from '~/domain/errors.ts'
import { type RateLimitRule, takeRateLimits } from './rate-limit.server.ts'

const MINUTE = 60_000
const perKey: RateLimitRule = { bucket: 'test:key', limit: 3, windowMs: 10 * MINUTE }
const perIp: RateLimitRule = { bucket: 'test:ip', limit: 2, windowMs: 10 * MINUTE, perIp: true }
const T0 = new Date('2026-12-03T09:00:00Z')
const at = (minutes: number) => new Date(T0.getTime() + minutes * MINUTE)

const take = (checks: Parameters<typeof takeRateLimits>[1], now: Date) =>
  db
    .$transaction((tx) => takeRateLimits(tx, checks, now))
    .then(
      () => 'ok' as const,
      (error: unknown) => {
        if (error instanceof RateLimitedError) return error.retryAfterSeconds
        throw error
      },
    )

afterEach(() => {
  delete process.env.RATE_LIMIT_IP_MULTIPLIER
  initEnv()
})

describe('takeRateLimits', () => {
  it('allows the limit within the window, then says when the oldest counted request leaves it', async () => {
    expect(await take([{ rule: perKey, key: 'a' }], at(0))).toBe('ok')
    expect(await take([{ rule: perKey, key: 'a' }], at(4))).toBe('ok')
    expect(await take([{ rule: perKey, key: 'a' }], at(5))).toBe('ok')
    expect(await take([{ rule: perKey, key: 'a' }], at(6))).toBe(4 * 60)
    // Another key has its own count.
    expect(await take([{ rule: perKey, key: 'b' }], at(6))).toBe('ok')
    // The first request has left the window: one more, then full until the second leaves.
    expect(await take([{ rule: perKey, key: 'a' }], at(10.5))).toBe('ok')
    expect(await take([{ rule: perKey, key: 'a' }], at(11))).toBe(3 * 60)
    // Refused requests were not recorded.
    expect(await db.rateLimitEvent.count({ where: { bucket: 'test:key', key: 'a' } })).toBe(4)
  })

  it('counts all rules or none, and skips a key that is not known', async () => {
    const now = at(100)
    expect(await take([{ rule: perIp, key: '203.0.113.1' }], now)).toBe('ok')
    expect(await take([{ rule: perIp, key: '203.0.113.1' }], now)).toBe('ok')
    expect(
      await take(
        [
          { rule: perKey, key: 'c' },
          { rule: perIp, key: '203.0.113.1' },
        ],
        now,
      ),
    ).toBe(10 * 60)
    expect(await db.rateLimitEvent.count({ where: { bucket: 'test:key', key: 'c' } })).toBe(0)
    expect(await take([{ rule: perIp, key: null }], now)).toBe('ok')
    expect(await db.rateLimitEvent.count({ where: { bucket: 'test:ip' } })).toBe(2)
  })

  it('scales per-address limits by RATE_LIMIT_IP_MULTIPLIER, and only those', async () => {
    process.env.RATE_LIMIT_IP_MULTIPLIER = '3'
    initEnv()
    const now = at(200)
    const results = []
    for (let n = 0; n < 7; n++) results.push(await take([{ rule: perIp, key: '198.51.100.1' }], now))
    expect(results.filter((result) => result === 'ok')).toHaveLength(6)
    for (let n = 0; n < 4; n++) results.push(await take([{ rule: perKey, key: 'd' }], now))
    expect(results.slice(7).filter((result) => result === 'ok')).toHaveLength(3)
  })

  it('counts requests sent at once from two web machines exactly (each its own connection pool)', async () => {
    const otherMachine = new PrismaClient({
      adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL! }),
    })
    try {
      const now = at(300)
      const fromOther = () =>
        otherMachine
          .$transaction((tx) => takeRateLimits(tx, [{ rule: perKey, key: 'e' }], now))
          .then(
            () => 'ok' as const,
            (error: unknown) => (error as RateLimitedError).retryAfterSeconds,
          )
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, n) => (n % 2 ? fromOther() : take([{ rule: perKey, key: 'e' }], now))),
      )
      expect(results.filter((result) => result === 'ok')).toHaveLength(3)
      expect(await db.rateLimitEvent.count({ where: { bucket: 'test:key', key: 'e' } })).toBe(3)
    } finally {
      await otherMachine.$disconnect()
    }
  })
})
