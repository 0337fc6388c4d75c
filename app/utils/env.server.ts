import { z } from 'zod'

/** One key of RECORDS_ENCRYPTION_KEYS: an id stored beside each ciphertext, and 32 bytes of AES-256 key. */
export type RecordKey = { keyId: string; key: Buffer }

const RECORD_KEY_ID = /^[A-Za-z0-9_-]{1,32}$/

/** `keyId:base64,keyId:base64,…`; never echoes key material in its messages. */
const recordKeys = z
  .string()
  .optional()
  .transform((value, ctx): RecordKey[] | undefined => {
    if (!value) return undefined
    const fail = (message: string) => {
      ctx.addIssue({ code: 'custom', message })
      return z.NEVER
    }
    const ring: RecordKey[] = []
    for (const [index, entry] of value.split(',').entries()) {
      const separator = entry.indexOf(':')
      const keyId = entry.slice(0, separator).trim()
      const encoded = entry.slice(separator + 1).trim()
      if (separator < 0 || !RECORD_KEY_ID.test(keyId)) {
        return fail(
          `entry ${index + 1} must be keyId:key, the id 1 to 32 letters, digits, _ or - (e.g. k1:<base64 of 32 random bytes>)`,
        )
      }
      const key = Buffer.from(encoded, 'base64')
      if (key.length !== 32 || key.toString('base64') !== encoded) {
        return fail(`key ${keyId} must be the base64 of exactly 32 random bytes (openssl rand -base64 32)`)
      }
      if (ring.some((known) => known.keyId === keyId)) return fail(`key id ${keyId} appears twice`)
      ring.push({ keyId, key })
    }
    return ring
  })

const flag = z
  .enum(['true', 'false', ''], { error: 'must be true or false' })
  .optional()
  .transform((value) => value === 'true')

const optional = z
  .string()
  .optional()
  .transform((value) => (value ? value : undefined))

const required = (message?: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? 'is required' : (message ?? 'must be text')) })

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().positive().default(3000),
  /** Unset: info, or silent under tests (logger.server.ts). */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  DATABASE_URL: required().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// connection URL'),
  /** The public address people use; links in emails and SMS point here. */
  APP_URL: required().pipe(
    z.url({ message: 'must be the public https address of the app, e.g. https://haven.fly.dev' }),
  ),
  SESSION_SECRET: required().min(32, 'must be at least 32 random characters (openssl rand -hex 32)'),
  /** Use the local stand-ins for Stripe, Twilio, Resend and Halaxy (dev and tests only). */
  HAVEN_STANDINS: flag,
  RESEND_API_KEY: optional,
  EMAIL_FROM: optional,
  STRIPE_SECRET_KEY: optional,
  STRIPE_WEBHOOK_SECRET: optional,
  TWILIO_ACCOUNT_SID: optional,
  TWILIO_AUTH_TOKEN: optional,
  TWILIO_API_KEY_SID: optional,
  TWILIO_API_KEY_SECRET: optional,
  TWILIO_MESSAGING_SERVICE_SID: optional,
  HALAXY_BASE_URL: optional,
  HALAXY_CLIENT_ID: optional,
  HALAXY_CLIENT_SECRET: optional,
  HALAXY_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).optional(),
  HALAXY_WEBHOOK_SECRET: optional,
  /**
   * Keys sealing clinical records: the first seals new writes, every one listed still reads
   * (rotation: README). Required in production; npm run dev and the tests make their own.
   */
  RECORDS_ENCRYPTION_KEYS: recordKeys,
  /** Multiplies every per-address limit (sign-ups, sign-in failures, resets, bookings per IP). */
  RATE_LIMIT_IP_MULTIPLIER: z.coerce.number().int().min(1).default(1),
  /** Set by Fly.io on its machines: a real deployment. */
  FLY_APP_NAME: optional,
})

/** Rules across variables, checked on the raw values so they are reported with any others. */
function crossChecks(source: Record<string, string | undefined>) {
  const issues: string[] = []
  const standIns = source.HAVEN_STANDINS === 'true'
  if (source.NODE_ENV === 'production' && !source.RECORDS_ENCRYPTION_KEYS) {
    issues.push(
      'RECORDS_ENCRYPTION_KEYS: is required to keep clinical records: k1:<base64 of 32 random bytes> (see .env.example)',
    )
  }
  if (standIns && source.FLY_APP_NAME) {
    issues.push(
      'HAVEN_STANDINS: must not be set in a real deployment: the local stand-ins fake email, payments and video',
    )
  }
  if (!standIns) {
    for (const key of ['RESEND_API_KEY', 'EMAIL_FROM']) {
      if (!source[key]) issues.push(`${key}: is required to send email`)
    }
    // Bookings are held until paid: without Stripe no patient could ever confirm one.
    for (const key of ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET']) {
      if (!source[key]) issues.push(`${key}: is required to take payments`)
    }
  }
  return issues
}

export type Env = z.infer<typeof schema>

/** Every variable Haven reads (.env.example documents each one). */
export const ENV_KEYS = Object.keys(schema.shape)

/** Parses an environment; throws one error naming every missing or malformed variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source)
  const issues = [
    ...(result.success
      ? []
      : result.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`)),
    ...crossChecks(source),
  ]
  if (result.success && issues.length === 0) return result.data
  const lines = issues.map((issue) => `  - ${issue}`)
  throw new Error(
    `Haven cannot start: the environment is incomplete.\n${lines.join('\n')}\nSee .env.example.`,
  )
}

let current: Env | undefined

/** Validates process.env once at boot (web and worker). */
export function initEnv(): Env {
  current = parseEnv(process.env)
  return current
}

export function getEnv(): Env {
  return (current ??= parseEnv(process.env))
}

/** The only values that ever reach the browser. */
export function getClientEnv() {
  return { MODE: getEnv().NODE_ENV }
}
