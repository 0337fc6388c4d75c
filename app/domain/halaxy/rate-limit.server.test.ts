import { PrismaPg } from '@prisma/adapter-pg'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { PrismaClient } from '~/generated/prisma/client.ts'
import { db } from '~/utils/db.server.ts'
import { startHalaxyStandIn } from '../../../tests/fakes/halaxy/server.ts'
import { HALAXY_STANDIN_DEFAULTS, HalaxyClient, type HalaxyConfig } from './client.server.ts'
import { createHalaxyRateLimiter, type HalaxyRateLimiter } from './rate-limit.server.ts'

// The limiter against this file's real PostgreSQL, with a short window so tests run in seconds.

// Two Prisma clients with their own pools stand for two Haven processes (web and worker).
const processes = [0, 1].map(
  () => new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL!, max: 5 }) }),
)

afterAll(async () => {
  await Promise.all(processes.map((client) => client.$disconnect()))
})

beforeEach(async () => {
  await db.halaxyRequestSlot.deleteMany()
})

/** Fails unless no `limit + 1` slots fall within one window: slot i and slot i+limit are a window apart. */
function expectWithinLimit(times: Date[], limit: number, windowMs: number) {
  const sorted = times.map((time) => time.getTime()).sort((a, b) => a - b)
  for (let index = 0; index + limit < sorted.length; index++) {
    // timestamptz(3) rounds to the millisecond.
    expect(sorted[index + limit]! - sorted[index]!).toBeGreaterThanOrEqual(windowMs - 1)
  }
}

function recording(limiter: HalaxyRateLimiter, times: Date[]): HalaxyRateLimiter {
  return {
    limit: limiter.limit,
    windowMs: limiter.windowMs,
    pause: (seconds) => limiter.pause(seconds),
    async acquire(options) {
      const slot = await limiter.acquire(options)
      if (slot.ok) times.push(slot.at)
      return slot
    },
  }
}

describe('createHalaxyRateLimiter', () => {
  it('hands out `limit` slots at once, then waits for the oldest to leave the window', async () => {
    const limiter = createHalaxyRateLimiter({ limit: 3, windowMs: 1_000 })
    const started = Date.now()
    const first = await Promise.all([limiter.acquire(), limiter.acquire(), limiter.acquire()])
    expect(first.every((slot) => slot.ok)).toBe(true)
    const firstThree = Date.now() - started

    const fourth = await limiter.acquire()
    expect(fourth.ok).toBe(true)
    const elapsed = Date.now() - started
    // It waited for the oldest slot to leave the window (not less)…
    expect(elapsed).toBeGreaterThanOrEqual(950)
    // …and not much longer than that (slack for a loaded machine, measured from the first three).
    expect(elapsed).toBeLessThan(Math.max(firstThree, 1_000) + 1_500)
  })

  it('gives up after maxWaitMs and says when to try again, without taking a slot', async () => {
    const limiter = createHalaxyRateLimiter({ limit: 2, windowMs: 5_000 })
    await limiter.acquire()
    await limiter.acquire()

    const started = Date.now()
    const refused = await limiter.acquire({ maxWaitMs: 200 })

    expect(Date.now() - started).toBeLessThan(500)
    expect(refused).toEqual({ ok: false, retryAfterMs: expect.any(Number) })
    if (refused.ok) return
    expect(refused.retryAfterMs).toBeGreaterThan(4_000)
    expect(refused.retryAfterMs).toBeLessThanOrEqual(5_000)
    expect(await db.halaxyRequestSlot.count()).toBe(2)
  })

  it('never lets more than the limit start in any window, across processes', async () => {
    const limit = 4
    const windowMs = 600
    const times: Date[] = []
    const limiters = processes.map((client) => createHalaxyRateLimiter({ limit, windowMs, db: client }))

    await Promise.all(
      limiters.flatMap((limiter) =>
        Array.from({ length: 7 }, async () => {
          const slot = await limiter.acquire()
          if (slot.ok) times.push(slot.at)
        }),
      ),
    )

    expect(times).toHaveLength(14)
    expectWithinLimit(times, limit, windowMs)
  })

  it('pauses every process for a retry-after, once however many ask', async () => {
    const limit = 5
    const [first, second] = processes.map((client) =>
      createHalaxyRateLimiter({ limit, windowMs: 10_000, db: client }),
    )
    await first!.acquire()

    await Promise.all([first!.pause(1), second!.pause(1)])
    // Enough rows to fill the window until the pause ends, not one set per process.
    expect(await db.halaxyRequestSlot.count()).toBeGreaterThanOrEqual(limit)
    expect(await db.halaxyRequestSlot.count()).toBeLessThanOrEqual(limit + 1)

    const started = Date.now()
    const slot = await second!.acquire()
    expect(slot.ok).toBe(true)
    expect(Date.now() - started).toBeGreaterThanOrEqual(900)
    expect(Date.now() - started).toBeLessThan(2_500)
  })

  it('keeps up with well over 2,000 requests a minute when the limit allows', async () => {
    const limiters = processes.map((client) => createHalaxyRateLimiter({ limit: 100_000, db: client }))
    const started = Date.now()
    let taken = 0
    // 16 concurrent callers per process, 2,000 slots in all.
    await Promise.all(
      limiters.flatMap((limiter) =>
        Array.from({ length: 16 }, async () => {
          while (taken < 2_000) {
            taken += 1
            const slot = await limiter.acquire()
            expect(slot.ok).toBe(true)
          }
        }),
      ),
    )
    const elapsed = Date.now() - started
    expect(await db.halaxyRequestSlot.count()).toBeGreaterThanOrEqual(2_000)
    expect(elapsed).toBeLessThan(30_000)
  }, 60_000)
})

describe('two Halaxy clients sharing the limiter', () => {
  it('never start more than the limit within a window, and Halaxy never answers 429', async () => {
    const limit = 5
    const windowMs = 1_000
    // Halaxy counts over a shorter window than Haven's, so network jitter cannot make a false 429.
    const halaxy = await startHalaxyStandIn({ rateLimitPerMinute: limit, rateLimitWindowMs: 700 })
    try {
      const config: HalaxyConfig = {
        baseUrl: halaxy.url,
        clientId: HALAXY_STANDIN_DEFAULTS.clientId,
        clientSecret: HALAXY_STANDIN_DEFAULTS.clientSecret,
        userAgent: 'Haven Psychology tests (tests@haven.test)',
        timeoutMs: 5_000,
        rateLimitPerMinute: limit,
        maxWaitMs: 30_000,
      }
      const times: Date[] = []
      const clients = processes.map(
        (client) =>
          new HalaxyClient(config, {
            limiter: recording(createHalaxyRateLimiter({ limit, windowMs, db: client }), times),
          }),
      )

      const results = await Promise.all(
        clients.flatMap((client) => Array.from({ length: 8 }, () => client.list('HealthcareService'))),
      )

      expect(results.every((result) => result.ok)).toBe(true)
      // 16 searches and one token request per client.
      expect(times).toHaveLength(18)
      expectWithinLimit(times, limit, windowMs)
      expect(halaxy.requests.list().filter((request) => request.status === 429)).toEqual([])
    } finally {
      await halaxy.stop()
    }
  }, 30_000)
})
