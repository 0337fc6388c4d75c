import { PrismaPg } from '@prisma/adapter-pg'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { PrismaClient } from '~/generated/prisma/client.ts'
import { db } from '~/utils/db.server.ts'
import { startHalaxyStandIn } from '../../tests/fakes/halaxy/server.ts'
import { HALAXY_STANDIN_DEFAULTS, HalaxyClient, type HalaxyConfig } from './halaxy/client.server.ts'
import {
  createVendorRateLimiter,
  type LimiterClock,
  type RateLimiterOptions,
  type VendorRateLimiter,
} from './vendor-rate-limit.server.ts'

// The limiter against this file's real PostgreSQL, with a short window so tests run in seconds.

// Two Prisma clients with their own pools stand for two Haven processes (web and worker).
const processes = [0, 1].map(
  () => new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL!, max: 5 }) }),
)

afterAll(async () => {
  await Promise.all(processes.map((client) => client.$disconnect()))
})

beforeEach(async () => {
  await db.vendorRequestSlot.deleteMany()
})

/** Fails unless no `limit + 1` slots fall within one window: slot i and slot i+limit are a window apart. */
function expectWithinLimit(times: Date[], limit: number, windowMs: number) {
  const sorted = times.map((time) => time.getTime()).sort((a, b) => a - b)
  for (let index = 0; index + limit < sorted.length; index++) {
    // timestamptz(3) rounds to the millisecond.
    expect(sorted[index + limit]! - sorted[index]!).toBeGreaterThanOrEqual(windowMs - 1)
  }
}

const halaxyLimiter = (options: Omit<RateLimiterOptions, 'vendor'>) =>
  createVendorRateLimiter({ vendor: 'halaxy', ...options })

function recording(limiter: VendorRateLimiter, times: Date[]): VendorRateLimiter {
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

/**
 * Virtual time for a limiter: sleeping moves every slot back by the time slept, which is how
 * the database's clock moving on looks to the limiter. The tests then assert how long it chose
 * to wait, not how long the machine took (windows are long, so real time barely counts).
 */
function virtualClock(): LimiterClock & { sleeps: number[] } {
  let now = 0
  const sleeps: number[] = []
  return {
    sleeps,
    now: () => now,
    async sleep(ms) {
      sleeps.push(ms)
      now += ms
      await db.$executeRaw`UPDATE "VendorRequestSlot" SET "at" = "at" - ${ms}::int * interval '1 millisecond'`
    },
  }
}

// The jitter added to every wait (up to 15 ms) and a second of slack for a loaded machine.
const JITTER_MS = 15
const SLACK_MS = 1_000

describe('createVendorRateLimiter', () => {
  it('hands out `limit` slots at once, then waits for the oldest to leave the window', async () => {
    const clock = virtualClock()
    const limiter = halaxyLimiter({ limit: 3, windowMs: 60_000, clock })
    const first = await Promise.all([limiter.acquire(), limiter.acquire(), limiter.acquire()])
    expect(first.every((slot) => slot.ok)).toBe(true)
    expect(clock.sleeps).toEqual([])

    const fourth = await limiter.acquire()
    expect(fourth.ok).toBe(true)
    // One wait: until the oldest slot leaves the window, not less and not (much) more.
    expect(clock.sleeps).toHaveLength(1)
    expect(clock.sleeps[0]).toBeGreaterThan(60_000 - SLACK_MS)
    expect(clock.sleeps[0]).toBeLessThanOrEqual(60_000 + JITTER_MS)
    expect(fourth.ok && fourth.waitedMs).toBe(clock.sleeps[0])
  })

  it('gives up after maxWaitMs and says when to try again, without taking a slot', async () => {
    const clock = virtualClock()
    const limiter = halaxyLimiter({ limit: 2, windowMs: 60_000, clock })
    await limiter.acquire()
    await limiter.acquire()

    const refused = await limiter.acquire({ maxWaitMs: 200 })

    expect(clock.sleeps).toEqual([])
    expect(refused).toEqual({ ok: false, retryAfterMs: expect.any(Number) })
    if (refused.ok) return
    expect(refused.retryAfterMs).toBeGreaterThan(60_000 - SLACK_MS)
    expect(refused.retryAfterMs).toBeLessThanOrEqual(60_000)
    expect(await db.vendorRequestSlot.count()).toBe(2)
  })

  it("counts each vendor's requests apart: Halaxy's full window holds no Twilio write back", async () => {
    const clock = virtualClock()
    const halaxy = halaxyLimiter({ limit: 1, windowMs: 60_000, clock })
    const twilioVideo = createVendorRateLimiter({ vendor: 'twilio-video', limit: 1, windowMs: 60_000, clock })
    await halaxy.acquire()

    expect((await twilioVideo.acquire({ maxWaitMs: 0 })).ok).toBe(true)
    expect((await twilioVideo.acquire({ maxWaitMs: 0 })).ok).toBe(false)
    expect((await halaxy.acquire({ maxWaitMs: 0 })).ok).toBe(false)
    expect(await db.vendorRequestSlot.groupBy({ by: ['vendor'], _count: true })).toEqual(
      expect.arrayContaining([
        { vendor: 'halaxy', _count: 1 },
        { vendor: 'twilio-video', _count: 1 },
      ]),
    )
  })

  it('never lets more than the limit start in any window, across processes', async () => {
    const limit = 4
    const windowMs = 600
    const times: Date[] = []
    const limiters = processes.map((client) => halaxyLimiter({ limit, windowMs, db: client }))

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
    const clock = virtualClock()
    const [first, second] = processes.map((client) =>
      halaxyLimiter({ limit, windowMs: 60_000, db: client, clock }),
    )
    await first!.acquire()

    await Promise.all([first!.pause(30), second!.pause(30)])
    // Enough rows to fill the window until the pause ends, not one set per process.
    expect(await db.vendorRequestSlot.count()).toBeGreaterThanOrEqual(limit)
    expect(await db.vendorRequestSlot.count()).toBeLessThanOrEqual(limit + 1)

    const slot = await second!.acquire()
    expect(slot.ok).toBe(true)
    // The other process waited out the pause (30 s), not the whole window (60 s).
    const waited = clock.sleeps.reduce((sum, ms) => sum + ms, 0)
    expect(waited).toBeGreaterThan(30_000 - SLACK_MS)
    expect(waited).toBeLessThanOrEqual(30_000 + clock.sleeps.length * JITTER_MS)
  })
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
            limiter: recording(halaxyLimiter({ limit, windowMs, db: client }), times),
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
