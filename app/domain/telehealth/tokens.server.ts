import { createHmac, timingSafeEqual } from 'node:crypto'
import twilio from 'twilio'
import { type Env, getEnv } from '~/utils/env.server.ts'
import { standInsEnabled } from '~/utils/standins.server.ts'
import { readTwilioAccount } from '../twilio.server.ts'

// Video access tokens: Twilio's AccessToken with one VideoGrant for one room, signed with an API
// key (a US1 key: Twilio checks video tokens there). The identity is the room's opaque one, never
// a name or an email. Tokens are short-lived and handed to the page in a POST answer only: never
// in a URL, a log or storage. The stand-in's signalling verifies them the same way Twilio would.

export type VideoConfig = { accountSid: string; apiKeySid: string; apiKeySecret: string }

/** The stand-ins sign with this key when none is configured; a real deployment must set its own. */
export const VIDEO_STANDIN_KEY = {
  apiKeySid: `SK${'0'.repeat(32)}`,
  apiKeySecret: 'standin_twilio_api_key_secret',
} as const

/** The longest a token lives; a page that needs to connect again asks for a fresh one. */
export const VIDEO_TOKEN_MAX_TTL_SECONDS = 15 * 60

export function readVideoConfig(
  env: Partial<
    Pick<Env, 'TWILIO_ACCOUNT_SID' | 'TWILIO_API_KEY_SID' | 'TWILIO_API_KEY_SECRET' | 'HAVEN_STANDINS'>
  > = getEnv(),
): VideoConfig | null {
  const standIns = standInsEnabled(env)
  const { accountSid } = readTwilioAccount(env)
  const apiKeySid = env.TWILIO_API_KEY_SID || (standIns ? VIDEO_STANDIN_KEY.apiKeySid : undefined)
  const apiKeySecret = env.TWILIO_API_KEY_SECRET || (standIns ? VIDEO_STANDIN_KEY.apiKeySecret : undefined)
  if (!accountSid || !apiKeySid || !apiKeySecret) return null
  return { accountSid, apiKeySid, apiKeySecret }
}

/** A token for `identity` to join `roomName` only, living `ttlSeconds` (at most 15 minutes). */
export function mintVideoToken(
  { identity, roomName, ttlSeconds }: { identity: string; roomName: string; ttlSeconds: number },
  config: VideoConfig,
) {
  const ttl = Math.max(1, Math.min(VIDEO_TOKEN_MAX_TTL_SECONDS, Math.floor(ttlSeconds)))
  const token = new twilio.jwt.AccessToken(config.accountSid, config.apiKeySid, config.apiKeySecret, {
    identity,
    ttl,
  })
  token.addGrant(new twilio.jwt.AccessToken.VideoGrant({ room: roomName }))
  return token.toJwt()
}

export type VerifiedVideoToken = { identity: string; roomName: string; expiresAt: Date }

const base64url = (text: string) => Buffer.from(text, 'base64url')

function decodePart(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(base64url(part).toString('utf8'))
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null
  } catch {
    return null
  }
}

/**
 * What a token grants, if it is one of ours and still valid at `now`: signed HS256 with this API
 * key, issued by it for this account, not expired, granting one named room to one identity.
 */
export function verifyVideoToken(
  token: string,
  config: VideoConfig,
  now = new Date(),
): VerifiedVideoToken | null {
  const parts = token.split('.')
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]+$/.test(part))) return null
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string]
  const header = decodePart(headerPart)
  const payload = decodePart(payloadPart)
  if (!header || !payload || header.alg !== 'HS256') return null

  const expected = createHmac('sha256', config.apiKeySecret).update(`${headerPart}.${payloadPart}`).digest()
  const given = base64url(signaturePart)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null

  if (payload.iss !== config.apiKeySid || payload.sub !== config.accountSid) return null
  if (typeof payload.exp !== 'number' || payload.exp * 1000 <= now.getTime()) return null
  if (typeof payload.nbf === 'number' && payload.nbf * 1000 > now.getTime()) return null
  const grants = payload.grants as { identity?: unknown; video?: { room?: unknown } } | undefined
  const identity = grants?.identity
  const roomName = grants?.video?.room
  if (typeof identity !== 'string' || !identity || typeof roomName !== 'string' || !roomName) return null
  return { identity, roomName, expiresAt: new Date(payload.exp * 1000) }
}
