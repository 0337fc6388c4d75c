// The dev outbox with text messages beside emails: one list, each marked with its channel, and
// an SMS's page replying STOP or START from the recipient's phone through the inbound webhook.
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import { recordOutboxMessage } from '../../../tests/mocks/outbox.server.ts'
import { smsSid } from '../../../tests/mocks/twilio/webhooks.server.ts'
import { signedInCookie } from '../../../tests/setup/route-calls.ts'
import { loader as messageHtmlLoader } from './outbox.$id[.]html.tsx'
import { action as messageAction, loader as messageLoader } from './outbox.$id.tsx'
import { loader as outboxLoader } from './outbox._index.tsx'

const PATIENT = 'patient1@haven.test'
let patientId: string
let patientCookie: string
let patientMobile: string
const ids = {} as Record<'email' | 'sms' | 'otherSms', string>

beforeAll(async () => {
  await seedDemoPractice(db)
  const patient = await db.user.findUniqueOrThrow({ where: { email: PATIENT }, include: { patient: true } })
  patientId = patient.id
  patientMobile = patient.patient!.mobile
  patientCookie = await signedInCookie(patient.id)
  const sms = (to: string, text: string) =>
    recordOutboxMessage({
      id: smsSid(),
      channel: 'sms',
      to: [to],
      from: `MG${'0'.repeat(32)}`,
      subject: '',
      html: '',
      text,
      idempotencyKey: null,
    })
  ids.email = (
    await recordOutboxMessage({
      to: [PATIENT],
      from: 'Haven <hello@haven.test>',
      subject: 'Your session is booked',
      html: '<p>Booked</p>',
      text: 'Booked',
      idempotencyKey: null,
    })
  ).id
  ids.sms = (
    await sms(
      patientMobile,
      'Haven Psychology: Tue 9 Jun, 10:00 am AEST. https://haven.test/patient/appointments.',
    )
  ).id
  ids.otherSms = (await sms('+61412000999', 'Haven Psychology: someone else')).id
})

type Visit = { as?: string; method?: string; body?: URLSearchParams }

/** A dev page's loader or action arguments, from a browser on this computer. */
function visit(path: string, { as, method, body }: Visit = {}) {
  const request = new Request(`http://localhost:3000${path}`, {
    method,
    body,
    headers: { host: 'localhost:3000', ...(as ? { cookie: as } : {}) },
  })
  const id = new URL(request.url).pathname.split('/')[3]?.replace(/\.html$/, '') ?? ''
  return { request, params: { id }, context: { cspNonce: 'test-nonce', peerAddress: '127.0.0.1' } }
}

const reply = (id: string, intent: string, as?: string) =>
  messageAction(visit(`/dev/outbox/${id}`, { method: 'POST', as, body: new URLSearchParams({ intent }) }))

const optedOutAt = async () =>
  (await db.patientProfile.findUniqueOrThrow({ where: { userId: patientId } })).smsOptedOutAt

describe('the outbox list', () => {
  it('shows emails and text messages in one list, newest first, each marked with its channel', async () => {
    const { messages } = await outboxLoader(visit('/dev/outbox'))

    expect(messages.map(({ id, channel }) => ({ id, channel }))).toEqual([
      { id: ids.otherSms, channel: 'sms' },
      { id: ids.sms, channel: 'sms' },
      { id: ids.email, channel: 'email' },
    ])
    expect(messages[1]).toMatchObject({
      to: patientMobile,
      title: expect.stringMatching(/^Haven Psychology: Tue 9 Jun/),
    })
    expect(messages[2]).toMatchObject({ to: PATIENT, title: 'Your session is booked' })
  })

  it("shows a signed-in patient their own email and SMS, and no one else's", async () => {
    const { messages } = await outboxLoader(visit('/dev/outbox', { as: patientCookie }))

    expect(messages.map(({ id }) => id)).toEqual([ids.sms, ids.email])
    await expect(
      messageLoader(visit(`/dev/outbox/${ids.otherSms}`, { as: patientCookie })),
    ).rejects.toMatchObject({
      status: 404,
    })
  })
})

describe('a text message', () => {
  it('shows its text, recipient and links; it has no HTML version', async () => {
    const message = await messageLoader(visit(`/dev/outbox/${ids.sms}`))

    expect(message).toMatchObject({
      channel: 'sms',
      to: patientMobile,
      text: expect.stringContaining('10:00 am AEST'),
      // The sentence's full stop is not part of the address.
      links: ['https://haven.test/patient/appointments'],
    })
    await expect(messageHtmlLoader(visit(`/dev/outbox/${ids.sms}.html`))).rejects.toMatchObject({
      status: 404,
    })
  })

  it("replies STOP from the recipient's phone, turning their SMS off, and START turns it on", async () => {
    const stopped = await reply(ids.sms, 'reply-stop')

    expect(stopped).toMatchObject({ status: 302 })
    expect((stopped as Response).headers.get('location')).toBe(`/dev/outbox/${ids.sms}?replied=STOP`)
    expect(await optedOutAt()).toEqual(expect.any(Date))
    expect((await messageLoader(visit(`/dev/outbox/${ids.sms}?replied=STOP`))).replied).toBe('STOP')

    await reply(ids.sms, 'reply-start', patientCookie)

    expect(await optedOutAt()).toBeNull()
  })

  it("cannot be replied to by someone it wasn't sent to, nor as an email, nor with another intent", async () => {
    await expect(reply(ids.otherSms, 'reply-stop', patientCookie)).rejects.toMatchObject({ status: 404 })
    await expect(reply(ids.email, 'reply-stop')).rejects.toMatchObject({ status: 404 })
    // An intent the page does not have: the pipeline's 400.
    await expect(reply(ids.sms, 'reply-help')).rejects.toMatchObject({ status: 400 })
    expect(await optedOutAt()).toBeNull()
  })
})
