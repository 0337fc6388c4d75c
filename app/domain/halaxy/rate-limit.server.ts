import { db as defaultDb, type Db } from '~/utils/db.server.ts'

// Halaxy allows 500 requests per key per sliding minute, counted across every Haven process
// (web and workers). Each request first takes a slot: a HalaxyRequestSlot row, inserted under one
// advisory lock only while fewer than `limit` rows are younger than the window. Time is the
// database's clock, so every process agrees on it.

/** 'HALX': any key other than the ones the booking lock and test setup use. */
export const HALAXY_RATE_LIMIT_LOCK_KEY = 0x48414c58

/** Headroom under Halaxy's 500: a request in flight when the window turns still counts there. */
export const DEFAULT_HALAXY_RATE_LIMIT = 480

/** How the limiter waits and measures its waiting; tests pass one that moves virtual time. */
export type LimiterClock = {
  now(): number
  sleep(ms: number): Promise<void>
}

const realClock: LimiterClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
}

export type RateLimiterOptions = {
  limit: number
  /** The sliding window; only tests shorten it. */
  windowMs?: number
  db?: Db
  clock?: LimiterClock
}

export type SlotResult =
  | { ok: true; at: Date; waitedMs: number }
  /** No slot within maxWaitMs: try again after retryAfterMs. */
  | { ok: false; retryAfterMs: number }

export type HalaxyRateLimiter = {
  readonly limit: number
  readonly windowMs: number
  /** Waits for a slot (at most maxWaitMs, default unbounded) and takes it. */
  acquire(options?: { maxWaitMs?: number }): Promise<SlotResult>
  /** Holds every process off for `seconds`, e.g. after Halaxy answered 429 with retry-after. */
  pause(seconds: number): Promise<void>
}

export function createHalaxyRateLimiter(options: RateLimiterOptions): HalaxyRateLimiter {
  const limit = Math.max(1, Math.floor(options.limit))
  const windowMs = options.windowMs ?? 60_000
  const client = options.db ?? defaultDb
  const clock = options.clock ?? realClock

  /** One attempt: the slot's time, or how long until the next one frees up. */
  async function tryTake(): Promise<{ at: Date } | { waitMs: number }> {
    const [, , taken, next] = await client.$transaction([
      client.$queryRaw`SELECT 1 FROM pg_advisory_xact_lock(${HALAXY_RATE_LIMIT_LOCK_KEY}::int)`,
      client.$executeRaw`DELETE FROM "HalaxyRequestSlot" WHERE "at" <= clock_timestamp() - ${windowMs}::int * interval '1 millisecond'`,
      client.$queryRaw<{ at: Date }[]>`
        INSERT INTO "HalaxyRequestSlot" ("at")
        SELECT clock_timestamp() WHERE (SELECT count(*) FROM "HalaxyRequestSlot") < ${limit}::int
        RETURNING "at"`,
      // When full, the row whose ageing out brings the count under the limit (pause rows included).
      client.$queryRaw<{ waitMs: number | null }[]>`
        SELECT (extract(epoch FROM ("at" + ${windowMs}::int * interval '1 millisecond' - clock_timestamp())) * 1000)::float8 AS "waitMs"
        FROM "HalaxyRequestSlot"
        ORDER BY "at"
        OFFSET GREATEST(0, (SELECT count(*) FROM "HalaxyRequestSlot") - ${limit}::int)
        LIMIT 1`,
    ])
    const slot = taken[0]
    if (slot) return { at: slot.at }
    return { waitMs: Math.max(1, Math.ceil(next[0]?.waitMs ?? 1)) }
  }

  return {
    limit,
    windowMs,
    async acquire({ maxWaitMs = Infinity } = {}) {
      const started = clock.now()
      for (;;) {
        const attempt = await tryTake()
        if ('at' in attempt) return { ok: true, at: attempt.at, waitedMs: clock.now() - started }
        const waited = clock.now() - started
        if (waited + attempt.waitMs > maxWaitMs) return { ok: false, retryAfterMs: attempt.waitMs }
        // A little jitter so waiting processes don't all wake on the same millisecond.
        await clock.sleep(attempt.waitMs + Math.floor(Math.random() * 15))
      }
    },
    async pause(seconds) {
      if (!(seconds > 0)) return
      const pauseMs = Math.ceil(seconds * 1000)
      // `limit` rows that turn window-old exactly when the pause ends fill every slot until then;
      // rows another process added for (nearly) the same pause are counted, not doubled.
      await client.$transaction([
        client.$queryRaw`SELECT 1 FROM pg_advisory_xact_lock(${HALAXY_RATE_LIMIT_LOCK_KEY}::int)`,
        client.$executeRaw`
          WITH boundary AS (
            SELECT clock_timestamp() + (${pauseMs}::int - ${windowMs}::int) * interval '1 millisecond' AS "at"
          )
          INSERT INTO "HalaxyRequestSlot" ("at")
          SELECT boundary."at" FROM boundary, generate_series(1, GREATEST(0, ${limit}::int - (
            SELECT count(*) FROM "HalaxyRequestSlot", boundary b WHERE "HalaxyRequestSlot"."at" >= b."at" - interval '250 milliseconds'
          )::int))`,
      ])
    },
  }
}
