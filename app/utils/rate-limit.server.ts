import { minutesText, RateLimitedError } from '~/domain/errors.ts'
import { type Tx } from './db.server.ts'
import { getEnv } from './env.server.ts'

// Request limits shared by every Haven process: each counted request is a RateLimitEvent row,
// and counting and recording happen under a transaction-scoped advisory lock per limit and
// key, so requests sent at once are counted one after another, whichever machine takes them.

export type RateLimitRule = {
  /** Names the limit in the table: "signup:ip", "reset:email", … */
  bucket: string
  limit: number
  windowMs: number
  /** Keyed by client address: scaled by RATE_LIMIT_IP_MULTIPLIER. */
  perIp?: boolean
}

/** The header a 429 carries: seconds until a request would be accepted again. */
export function retryAfterHeaders(error: { retryAfterSeconds: number }) {
  return { 'Retry-After': String(error.retryAfterSeconds) }
}

/** A rule's limit as this deployment applies it. */
export function effectiveLimit(rule: Pick<RateLimitRule, 'limit' | 'perIp'>) {
  return rule.perIp ? rule.limit * getEnv().RATE_LIMIT_IP_MULTIPLIER : rule.limit
}

/** Locks one limit key until the caller's transaction ends. */
export async function lockLimitKey(tx: Tx, name: string) {
  await tx.$queryRaw`select 1 from pg_advisory_xact_lock(hashtextextended(${`limit:${name}`}, 0))`
}

/**
 * Counts one request against every rule, all or nothing, in the caller's transaction (its
 * locks are held until that ends). A key of null (an address not known) is not counted. A
 * refused request is not recorded, so an attack cannot grow the table.
 */
export async function takeRateLimits(
  tx: Tx,
  checks: { rule: RateLimitRule; key: string | null }[],
  now = new Date(),
  /** What is being limited, for the person: "sign-up requests". */
  what?: string,
) {
  const counted = checks
    .filter((check): check is { rule: RateLimitRule; key: string } => check.key !== null)
    .sort((a, b) => `${a.rule.bucket}:${a.key}`.localeCompare(`${b.rule.bucket}:${b.key}`))
  // A fixed order, so two requests locking the same keys never wait on each other in a circle.
  for (const { rule, key } of counted) await lockLimitKey(tx, `${rule.bucket}:${key}`)
  let waitMs = 0
  for (const { rule, key } of counted) {
    const limit = effectiveLimit(rule)
    const recent = await tx.rateLimitEvent.findMany({
      where: { bucket: rule.bucket, key, createdAt: { gt: new Date(now.getTime() - rule.windowMs) } },
      orderBy: { createdAt: 'desc' },
      take: limit,
      select: { createdAt: true },
    })
    // Full: free again when the oldest of the last `limit` requests leaves the window.
    if (recent.length >= limit) {
      waitMs = Math.max(waitMs, recent[limit - 1]!.createdAt.getTime() + rule.windowMs - now.getTime())
    }
  }
  if (waitMs > 0) {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000))
    throw new RateLimitedError(
      seconds,
      what ? `Too many ${what} just now. Please try again in ${minutesText(seconds)}.` : undefined,
    )
  }
  await tx.rateLimitEvent.createMany({
    data: counted.map(({ rule, key }) => ({ bucket: rule.bucket, key, createdAt: now })),
  })
}

/** The longest window any limit uses; older events are swept by housekeeping. */
export const RATE_LIMIT_RETENTION_MS = 24 * 60 * 60 * 1000

export function pruneRateLimitEvents(tx: Pick<Tx, 'rateLimitEvent'>, now = new Date()) {
  return tx.rateLimitEvent.deleteMany({
    where: { createdAt: { lt: new Date(now.getTime() - RATE_LIMIT_RETENTION_MS) } },
  })
}
