import { createHmac } from 'node:crypto'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { TWILIO_STANDIN_ACCOUNT } from '../twilio.server.ts'
import { mintVideoToken, readVideoConfig, VIDEO_STANDIN_KEY, verifyVideoToken } from './tokens.server.ts'

const config = {
  accountSid: `AC${'1'.repeat(32)}`,
  apiKeySid: `SK${'2'.repeat(32)}`,
  apiKeySecret: 'a-test-api-key-secret',
}
const issuedAt = new Date('2026-03-10T22:45:00Z')

function claims(token: string) {
  const [header, payload] = token
    .split('.')
    .slice(0, 2)
    .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()))
  return { header, payload }
}

afterEach(() => vi.useRealTimers())

describe('video access tokens', () => {
  test('grant one room to one opaque identity, signed by the API key for the account, for a short time', () => {
    vi.useFakeTimers({ now: issuedAt })
    const token = mintVideoToken({ identity: 'id_k3j5', roomName: 'rm_q8w2', ttlSeconds: 600 }, config)
    const { header, payload } = claims(token)
    expect(header).toMatchObject({ alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' })
    expect(payload).toMatchObject({
      iss: config.apiKeySid,
      sub: config.accountSid,
      iat: issuedAt.getTime() / 1000,
      exp: issuedAt.getTime() / 1000 + 600,
      grants: { identity: 'id_k3j5', video: { room: 'rm_q8w2' } },
    })
    expect(verifyVideoToken(token, config, issuedAt)).toEqual({
      identity: 'id_k3j5',
      roomName: 'rm_q8w2',
      expiresAt: new Date(issuedAt.getTime() + 600_000),
    })
  })

  test('live at most 15 minutes, however long is asked for', () => {
    vi.useFakeTimers({ now: issuedAt })
    const { payload } = claims(
      mintVideoToken({ identity: 'id_a', roomName: 'rm_b', ttlSeconds: 4 * 3600 }, config),
    )
    expect(payload.exp - payload.iat).toBe(15 * 60)
  })

  test('are refused once expired, when signed with another secret, for another account, or altered', () => {
    vi.useFakeTimers({ now: issuedAt })
    const token = mintVideoToken({ identity: 'id_a', roomName: 'rm_b', ttlSeconds: 60 }, config)
    expect(verifyVideoToken(token, config, new Date(issuedAt.getTime() + 59_000))).not.toBeNull()
    expect(verifyVideoToken(token, config, new Date(issuedAt.getTime() + 60_000))).toBeNull()
    expect(verifyVideoToken(token, { ...config, apiKeySecret: 'another-secret' }, issuedAt)).toBeNull()
    expect(verifyVideoToken(token, { ...config, accountSid: `AC${'9'.repeat(32)}` }, issuedAt)).toBeNull()

    // Another room in the payload, re-encoded: the signature no longer matches.
    const [header, payload, signature] = token.split('.') as [string, string, string]
    const body = JSON.parse(Buffer.from(payload, 'base64url').toString())
    body.grants.video.room = 'rm_other'
    const altered = `${header}.${Buffer.from(JSON.stringify(body)).toString('base64url')}.${signature}`
    expect(verifyVideoToken(altered, config, issuedAt)).toBeNull()
    expect(verifyVideoToken('not-a-token', config, issuedAt)).toBeNull()
    expect(verifyVideoToken('a.b.c', config, issuedAt)).toBeNull()
  })

  test('without a room grant are refused even when correctly signed', () => {
    const sign = (payload: object) => {
      const head = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url')
      const body = Buffer.from(JSON.stringify(payload)).toString('base64url')
      const signature = createHmac('sha256', config.apiKeySecret)
        .update(`${head}.${body}`)
        .digest('base64url')
      return `${head}.${body}.${signature}`
    }
    const base = { iss: config.apiKeySid, sub: config.accountSid, exp: issuedAt.getTime() / 1000 + 60 }
    expect(
      verifyVideoToken(
        sign({ ...base, grants: { identity: 'id_a', video: { room: 'rm_b' } } }),
        config,
        issuedAt,
      ),
    ).not.toBeNull()
    expect(
      verifyVideoToken(sign({ ...base, grants: { identity: 'id_a', video: {} } }), config, issuedAt),
    ).toBeNull()
    expect(
      verifyVideoToken(sign({ ...base, grants: { video: { room: 'rm_b' } } }), config, issuedAt),
    ).toBeNull()
    expect(verifyVideoToken(sign({ ...base, alg: 'none', grants: {} }), config, issuedAt)).toBeNull()
  })
})

describe('the video configuration', () => {
  test('comes from the environment, with the stand-in key only when stand-ins are on', () => {
    expect(readVideoConfig({ HAVEN_STANDINS: true })).toEqual({
      accountSid: TWILIO_STANDIN_ACCOUNT.accountSid,
      ...VIDEO_STANDIN_KEY,
    })
    expect(readVideoConfig({ HAVEN_STANDINS: false })).toBeNull()
    expect(
      readVideoConfig({
        TWILIO_ACCOUNT_SID: config.accountSid,
        TWILIO_API_KEY_SID: config.apiKeySid,
        TWILIO_API_KEY_SECRET: config.apiKeySecret,
      }),
    ).toEqual(config)
  })
})
