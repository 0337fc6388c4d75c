import { db as defaultDb, type Db } from '~/utils/db.server.ts'

// A vendor's request limit (Halaxy: 500 a key per sliding minute; Twilio Video: 20 writes a
// second), counted across every Haven process (web and workers). Each request first takes a
// slot: a VendorRequestSlot row of that vendor, inserted under the vendor's advisory lock only
// while fewer than `limit` of its rows are younger than the window. Time is the database's
// clock, so every process agrees on it.

/** The vendors whose requests are counted here (VendorRequestSlot.vendor). */
export type RateLimitedVendor = 'halaxy' | 'twilio-video'

/** 'VNDR', with the vendor's hash as the second key: any lock other than the booking lock and test setup use. */
const VENDOR_RATE_LIMIT_LOCK_KEY = 0x564e4452

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
  vendor: RateLimitedVendor
  limit: number
  /** The sliding window (a minute unless given). */
  windowMs?: number
  db?: Db
  clock?: LimiterClock
}

export type SlotResult =
  | { ok: true; at: Date; waitedMs: number }
  /** No slot within maxWaitMs: try again after retryAfterMs. */
  | { ok: false; retryAfterMs: number }

export type VendorRateLimiter = {
  readonly limit: number
  readonly windowMs: number
  /** Waits for a slot (at most maxWaitMs, default unbounded) and takes it. */
  acquire(options?: { maxWaitMs?: number }): Promise<SlotResult>
  /** Holds every process off for `seconds`, e.g. after the vendor answered 429 with retry-after. */
  pause(seconds: number): Promise<void>
}

export function createVendorRateLimiter(options: RateLimiterOptions): VendorRateLimiter {
  const { vendor } = options
  const limit = Math.max(1, Math.floor(options.limit))
  const windowMs = options.windowMs ?? 60_000
  const client = options.db ?? defaultDb
  const clock = options.clock ?? realClock

  /** One attempt: the slot's time, or how long until the next one frees up. */
  async function tryTake(): Promise<{ at: Date } | { waitMs: number }> {
    const [, , taken, next] = await client.$transaction([
      client.$queryRaw`SELECT 1 FROM pg_advisory_xact_lock(${VENDOR_RATE_LIMIT_LOCK_KEY}::int, hashtext(${vendor}))`,
      client.$executeRaw`DELETE FROM "VendorRequestSlot" WHERE "vendor" = ${vendor} AND "at" <= clock_timestamp() - ${windowMs}::int * interval '1 millisecond'`,
      client.$queryRaw<{ at: Date }[]>`
        INSERT INTO "VendorRequestSlot" ("vendor", "at")
        SELECT ${vendor}, clock_timestamp()
        WHERE (SELECT count(*) FROM "VendorRequestSlot" WHERE "vendor" = ${vendor}) < ${limit}::int
        RETURNING "at"`,
      // When full, the row whose ageing out brings the count under the limit (pause rows included).
      client.$queryRaw<{ waitMs: number | null }[]>`
        SELECT (extract(epoch FROM ("at" + ${windowMs}::int * interval '1 millisecond' - clock_timestamp())) * 1000)::float8 AS "waitMs"
        FROM "VendorRequestSlot"
        WHERE "vendor" = ${vendor}
        ORDER BY "at"
        OFFSET GREATEST(0, (SELECT count(*) FROM "VendorRequestSlot" WHERE "vendor" = ${vendor}) - ${limit}::int)
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
        client.$queryRaw`SELECT 1 FROM pg_advisory_xact_lock(${VENDOR_RATE_LIMIT_LOCK_KEY}::int, hashtext(${vendor}))`,
        client.$executeRaw`
          WITH boundary AS (
            SELECT clock_timestamp() + (${pauseMs}::int - ${windowMs}::int) * interval '1 millisecond' AS "at"
          )
          INSERT INTO "VendorRequestSlot" ("vendor", "at")
          SELECT ${vendor}, boundary."at" FROM boundary, generate_series(1, GREATEST(0, ${limit}::int - (
            SELECT count(*) FROM "VendorRequestSlot" slot, boundary b
            WHERE slot."vendor" = ${vendor} AND slot."at" >= b."at" - interval '250 milliseconds'
          )::int))`,
      ])
    },
  }
}
