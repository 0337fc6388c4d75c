import { createHmac } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { getEnv } from '~/utils/env.server.ts'
import {
  listUnsubscribeHeaders,
  readUnsubscribeToken,
  unsubscribe,
  UnsubscribeLinkError,
  unsubscribeLink,
  unsubscribeToken,
} from './unsubscribe.server.ts'

let patientId: string

beforeAll(async () => {
  const user = await db.user.create({
    data: {
      email: 'riley.unsubscribe@example.com',
      name: 'Riley Unsubscribe',
      patient: { create: { mobile: '+61412000999' } },
    },
  })
  patientId = user.id
})

const swapPayload = (token: string, payload: string) =>
  `${Buffer.from(payload).toString('base64url')}.${token.split('.')[1]}`

describe('unsubscribe tokens', () => {
  it('name the person and the channel, and nothing else in clear', () => {
    const token = unsubscribeToken(patientId, 'email')
    expect(readUnsubscribeToken(token)).toEqual({ userId: patientId, channel: 'email' })
    expect(readUnsubscribeToken(unsubscribeToken(patientId, 'sms'))).toEqual({
      userId: patientId,
      channel: 'sms',
    })
    expect(token).toMatch(/^[\w-]+\.[\w-]+$/)
    expect(Buffer.from(token.split('.')[0]!, 'base64url').toString()).toBe(`email:${patientId}`)
  })

  it('refuse a changed person or channel, a bad signature, and anything not a token', () => {
    const token = unsubscribeToken(patientId, 'email')
    const [payload, signature] = token.split('.') as [string, string]
    expect(readUnsubscribeToken(swapPayload(token, 'email:someone-else'))).toBeNull()
    expect(readUnsubscribeToken(swapPayload(token, `sms:${patientId}`))).toBeNull()
    expect(readUnsubscribeToken(`${payload}.${signature.slice(0, -2)}AA`)).toBeNull()
    expect(readUnsubscribeToken(`${payload}.${signature.slice(0, -4)}`)).toBeNull()
    for (const garbage of [
      '',
      '.',
      'abc',
      `${payload}.`,
      `${token}.extra`,
      `${payload}.${signature}!`,
      'x'.repeat(400),
    ])
      expect(readUnsubscribeToken(garbage), garbage).toBeNull()
  })

  it('refuse a token signed with another secret, or for a channel that does not exist', () => {
    const forge = (payload: string, secret: string) => {
      const encoded = Buffer.from(payload).toString('base64url')
      return `${encoded}.${createHmac('sha256', secret).update(`unsubscribe:v1:${encoded}`).digest('base64url')}`
    }
    expect(readUnsubscribeToken(forge(`email:${patientId}`, 'not-the-session-secret-at-all-0000'))).toBeNull()
    // Signed with the real secret, to show the channel and the id are checked too.
    expect(readUnsubscribeToken(forge(`email:${patientId}`, getEnv().SESSION_SECRET))).not.toBeNull()
    expect(readUnsubscribeToken(forge(`post:${patientId}`, getEnv().SESSION_SECRET))).toBeNull()
    expect(readUnsubscribeToken(forge('email:', getEnv().SESSION_SECRET))).toBeNull()
  })

  it('make the link and the mail headers for one-click unsubscribe', () => {
    const link = unsubscribeLink(patientId, 'email')
    expect(link).toBe(`${getEnv().APP_URL}/unsubscribe?token=${unsubscribeToken(patientId, 'email')}`)
    expect(listUnsubscribeHeaders(patientId)).toEqual({
      'List-Unsubscribe': `<${link}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    })
  })
})

describe('unsubscribing', () => {
  it("turns off the link's reminders only, audited, and again harmlessly", async () => {
    expect(await unsubscribe(unsubscribeToken(patientId, 'email'))).toEqual({ channel: 'email' })
    expect(await db.patientProfile.findUniqueOrThrow({ where: { userId: patientId } })).toMatchObject({
      emailReminders: false,
      smsReminders: true,
    })
    await unsubscribe(unsubscribeToken(patientId, 'sms'))
    await unsubscribe(unsubscribeToken(patientId, 'sms'))
    expect(await db.patientProfile.findUniqueOrThrow({ where: { userId: patientId } })).toMatchObject({
      emailReminders: false,
      smsReminders: false,
    })
    const audits = await db.auditEvent.findMany({
      where: { action: 'message-preferences.unsubscribed', entityId: patientId },
    })
    expect(audits.map((event) => [event.actorId, event.detail])).toEqual(
      expect.arrayContaining([
        [null, { fields: ['emailReminders'] }],
        [null, { fields: ['smsReminders'] }],
      ]),
    )
    expect(audits).toHaveLength(3)
  })

  it('refuses a forged link, or one for someone with no patient record, changing nothing', async () => {
    const staff = await db.user.create({ data: { email: 'no-profile@example.com', name: 'No Profile' } })
    await expect(unsubscribe('forged.token')).rejects.toBeInstanceOf(UnsubscribeLinkError)
    await expect(unsubscribe(unsubscribeToken(staff.id, 'email'))).rejects.toMatchObject({ kind: 'refused' })
    expect(await db.auditEvent.count({ where: { entityId: staff.id } })).toBe(0)
  })
})
