// Twilio's webhooks through their route modules, signed by the Twilio stand-in as Twilio signs:
// status callbacks move an SMS forward only, and STOP/START replies turn a patient's SMS off and on.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { sendSms } from '~/domain/notify/sms.server.ts'
import { statusCallbackUrl } from '~/domain/twilio.server.ts'
import { db } from '~/utils/db.server.ts'
import { startStandIns } from '../../../tests/mocks/index.ts'
import {
  deliverTwilioCallbacks,
  inboundSms,
  simulateInboundSms,
  smsSid,
  takeTwilioCallbacks,
  twilioWebhookRequest,
  type TwilioWebhook,
} from '../../../tests/mocks/twilio/webhooks.server.ts'
import { databaseSnapshot } from '../../../tests/setup/database-snapshot.ts'
import { routeContext } from '../../../tests/setup/route-calls.ts'
import { action as inboundAction } from './twilio.inbound.ts'
import { action as statusAction } from './twilio.status.ts'

const STATUS_URL = 'http://localhost:3000/webhooks/twilio/status'
const NOW = new Date('2026-06-09T00:00:00.000Z')

const postStatus = (request: Request) => statusAction({ request, params: {}, context: routeContext })
const postInbound = (request: Request) => inboundAction({ request, params: {}, context: routeContext })

let stopStandIns: () => void

beforeAll(() => {
  stopStandIns = startStandIns()
})
afterAll(() => stopStandIns())
beforeEach(() => {
  takeTwilioCallbacks()
})

/** An SMS Haven handed to Twilio: its Message row, with Twilio's SID. */
async function sentSms(sid = smsSid(), to = '+61412345678') {
  return db.message.create({
    data: {
      channel: 'sms',
      template: 'appointment-reminder',
      toAddress: to,
      status: 'sent',
      providerMessageId: sid,
      sentAt: NOW,
    },
  })
}

function callback(sid: string, status: string, extra: Record<string, string> = {}): TwilioWebhook {
  return {
    url: STATUS_URL,
    authToken: 'standin_twilio_auth_token',
    params: { MessageSid: sid, SmsSid: sid, MessageStatus: status, SmsStatus: status, ...extra },
  }
}

const messageOf = (sid: string) => db.message.findUniqueOrThrow({ where: { providerMessageId: sid } })

describe('/webhooks/twilio/status', () => {
  it('follows a real send through the stand-in: queued, sent, then delivered', async () => {
    const result = await sendSms({
      to: '+61412345678',
      body: 'Haven Psychology: hello',
      statusCallback: statusCallbackUrl(),
    })
    if (!result.ok) throw new Error(result.error)
    await sentSms(result.providerId)

    const responses = await deliverTwilioCallbacks(postStatus)

    expect(responses.map((response) => response.status)).toEqual([200, 200, 200])
    expect(await Promise.all(responses.map((response) => response.json()))).toEqual([
      { received: true, outcome: 'applied' },
      { received: true, outcome: 'applied' },
      { received: true, outcome: 'applied' },
    ])
    expect(await messageOf(result.providerId)).toMatchObject({
      status: 'delivered',
      vendorStatus: 'delivered',
      deliveredAt: expect.any(Date),
      lastError: null,
    })
  })

  it("marks an undelivered SMS failed with the error code's words", async () => {
    const result = await sendSms({
      to: '+61400030003',
      body: 'Haven Psychology: hello',
      statusCallback: statusCallbackUrl(),
    })
    if (!result.ok) throw new Error(result.error)
    await sentSms(result.providerId, '+61400030003')

    await deliverTwilioCallbacks(postStatus)

    expect(await messageOf(result.providerId)).toMatchObject({
      status: 'failed',
      vendorStatus: 'undelivered',
      lastError: 'Twilio: undelivered, error 30003: Unreachable destination handset',
      deliveredAt: null,
    })
  })

  it('keeps delivered when a late sent arrives after it, and a failure after delivery changes nothing', async () => {
    const sid = smsSid()
    await sentSms(sid)

    const delivered = await postStatus(twilioWebhookRequest(callback(sid, 'delivered')))
    const stale = await postStatus(twilioWebhookRequest(callback(sid, 'sent')))
    const repeated = await postStatus(twilioWebhookRequest(callback(sid, 'delivered')))
    const failed = await postStatus(twilioWebhookRequest(callback(sid, 'failed', { ErrorCode: '30008' })))

    expect(await delivered.json()).toEqual({ received: true, outcome: 'applied' })
    for (const response of [stale, repeated, failed]) {
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual({ received: true, outcome: 'stale' })
    }
    const message = await messageOf(sid)
    expect(message).toMatchObject({ status: 'delivered', vendorStatus: 'delivered', lastError: null })
  })

  it('never moves backwards when callbacks race each other', async () => {
    const sid = smsSid()
    await sentSms(sid)

    const statuses = ['queued', 'sending', 'sent', 'delivered', 'sent', 'queued']
    await Promise.all(statuses.map((status) => postStatus(twilioWebhookRequest(callback(sid, status)))))

    expect(await messageOf(sid)).toMatchObject({ status: 'delivered', vendorStatus: 'delivered' })
  })

  it('answers 200 and changes nothing for a SID that is not one of ours', async () => {
    await sentSms()
    const before = await databaseSnapshot()

    const response = await postStatus(twilioWebhookRequest(callback(smsSid(), 'delivered')))

    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ received: true, outcome: 'unknown' })
    expect(await databaseSnapshot()).toEqual(before)
  })

  it('refuses a forged signature, another URL, or none, and changes nothing', async () => {
    const sid = smsSid()
    await sentSms(sid)
    const before = await databaseSnapshot()

    const forged = twilioWebhookRequest({ ...callback(sid, 'failed'), authToken: 'not-the-auth-token' })
    // Signed for the inbound webhook, replayed at the status one.
    const signedElsewhere = twilioWebhookRequest({
      ...callback(sid, 'failed'),
      url: 'http://localhost:3000/webhooks/twilio/inbound',
    })
    const replayed = new Request(STATUS_URL, {
      method: 'POST',
      headers: signedElsewhere.headers,
      body: await signedElsewhere.text(),
    })
    // The signature of one callback on the parameters of another.
    const genuine = twilioWebhookRequest(callback(sid, 'sent'))
    const tampered = new Request(STATUS_URL, {
      method: 'POST',
      headers: genuine.headers,
      body: new URLSearchParams(callback(sid, 'failed').params),
    })
    const unsigned = new Request(STATUS_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(callback(sid, 'failed').params),
    })

    for (const request of [forged, replayed, tampered, unsigned]) {
      const response = await postStatus(request)
      expect(response.status).toBe(403)
    }
    expect(await databaseSnapshot()).toEqual(before)
  })

  it('answers 400 to a body that is not a form, or lacks the SID or status', async () => {
    const sid = smsSid()
    await sentSms(sid)
    const before = await databaseSnapshot()

    const json = await postStatus(
      new Request(STATUS_URL, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ MessageSid: sid, MessageStatus: 'delivered' }),
      }),
    )
    const noStatus = await postStatus(
      twilioWebhookRequest({ ...callback(sid, ''), params: { MessageSid: sid } }),
    )
    const noSid = await postStatus(
      twilioWebhookRequest({ ...callback(sid, 'delivered'), params: { MessageStatus: 'sent' } }),
    )

    expect([json.status, noStatus.status, noSid.status]).toEqual([400, 400, 400])
    expect(await databaseSnapshot()).toEqual(before)
  })

  it('ignores a status outgoing SMS never have', async () => {
    const sid = smsSid()
    await sentSms(sid)

    const response = await postStatus(twilioWebhookRequest(callback(sid, 'received')))

    expect(await response.json()).toEqual({ received: true, outcome: 'ignored' })
    expect((await messageOf(sid)).vendorStatus).toBeNull()
  })

  it('turns SMS off for the patient when Twilio reports the send refused as opted out (21610)', async () => {
    const patient = await patientWith('+61412000555')
    const sid = smsSid()
    await sentSms(sid, '+61412000555')

    await postStatus(twilioWebhookRequest(callback(sid, 'failed', { ErrorCode: '21610' })))

    expect(await messageOf(sid)).toMatchObject({
      status: 'failed',
      lastError: 'Twilio: failed, error 21610: Attempt to send to unsubscribed recipient',
    })
    expect((await profileOf(patient)).smsOptedOutAt).toEqual(expect.any(Date))
    expect(
      await db.auditEvent.findFirst({ where: { entityId: patient, action: 'patient.sms_opted_out' } }),
    ).toMatchObject({
      actorId: null,
      detail: { source: 'twilio_refused' },
    })
  })

  it('answers 405 to anything but a POST', async () => {
    const response = await postStatus(new Request(STATUS_URL, { method: 'PUT' }))
    expect(response.status).toBe(405)
  })
})

async function patientWith(mobile: string) {
  const user = await db.user.create({
    data: { email: `${randomUUID()}@example.com`, name: 'Pat Example', patient: { create: { mobile } } },
  })
  return user.id
}

const profileOf = (userId: string) => db.patientProfile.findUniqueOrThrow({ where: { userId } })

describe('/webhooks/twilio/inbound', () => {
  const OPT_OUT_WORDS = [
    'STOP',
    'stop',
    '  Stop ',
    'STOPALL',
    'UNSUBSCRIBE',
    'CANCEL',
    'END',
    'QUIT',
    'REVOKE',
    'OPTOUT',
  ]
  it.each(OPT_OUT_WORDS.map((word, index) => [word, `+614123${String(index).padStart(5, '0')}`]))(
    '%j turns SMS off for every patient with that mobile, and START turns it back on',
    async (word, mobile) => {
      const [first, second, other] = [
        await patientWith(mobile),
        await patientWith(mobile),
        await patientWith('+61499999999'),
      ]

      const response = await simulateInboundSms({ from: mobile, body: word }, postInbound)

      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toMatch(/^text\/xml/)
      expect(await response.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>')
      expect((await profileOf(first)).smsOptedOutAt).toEqual(expect.any(Date))
      expect((await profileOf(second)).smsOptedOutAt).toEqual(expect.any(Date))
      expect((await profileOf(other)).smsOptedOutAt).toBeNull()
      const audited = await db.auditEvent.findMany({
        where: { action: 'patient.sms_opted_out', entityId: { in: [first, second] } },
      })
      expect(audited).toHaveLength(2)
      expect(audited[0]).toMatchObject({
        actorId: audited[0]!.entityId,
        entity: 'patient',
        detail: { source: 'sms_reply' },
      })

      await simulateInboundSms({ from: mobile, body: 'start' }, postInbound)

      expect((await profileOf(first)).smsOptedOutAt).toBeNull()
      expect((await profileOf(second)).smsOptedOutAt).toBeNull()
      expect(
        await db.auditEvent.count({
          where: { action: 'patient.sms_opted_in', entityId: { in: [first, second] } },
        }),
      ).toBe(2)
    },
  )

  it('keeps the time of the first STOP, and takes UNSTOP and YES as START', async () => {
    const patient = await patientWith('+61412000777')
    await simulateInboundSms({ from: '+61412000777', body: 'STOP' }, postInbound)
    const first = (await profileOf(patient)).smsOptedOutAt

    await simulateInboundSms({ from: '+61412000777', body: 'QUIT' }, postInbound)
    expect((await profileOf(patient)).smsOptedOutAt).toEqual(first)

    await simulateInboundSms({ from: '+61412000777', body: 'UNSTOP' }, postInbound)
    expect((await profileOf(patient)).smsOptedOutAt).toBeNull()
    await simulateInboundSms({ from: '+61412000777', body: 'STOP' }, postInbound)
    await simulateInboundSms({ from: '+61412000777', body: 'yes' }, postInbound)
    expect((await profileOf(patient)).smsOptedOutAt).toBeNull()
  })

  it('does nothing for any other text, and keeps the text out of the audit', async () => {
    const patient = await patientWith('+61412000888')
    const before = await databaseSnapshot()

    for (const body of ['Please stop', 'STOP please', 'See you Tuesday', '']) {
      const response = await simulateInboundSms({ from: '+61412000888', body }, postInbound)
      expect(response.status).toBe(200)
    }

    expect(await databaseSnapshot()).toEqual(before)
    expect((await profileOf(patient)).smsOptedOutAt).toBeNull()
  })

  it('never touches patients without a mobile', async () => {
    const patient = await patientWith('')
    const stop = twilioWebhookRequest({
      url: 'http://localhost:3000/webhooks/twilio/inbound',
      authToken: 'standin_twilio_auth_token',
      params: { From: '', Body: 'STOP' },
    })

    expect((await postInbound(stop)).status).toBe(400)
    expect((await profileOf(patient)).smsOptedOutAt).toBeNull()
  })

  it('refuses a forged STOP and changes nothing', async () => {
    const patient = await patientWith('+61412000999')
    const signed = twilioWebhookRequest(inboundSms({ from: '+61412000999', body: 'STOP' }))
    const headers = new Headers(signed.headers)
    headers.set('x-twilio-signature', 'Zm9yZ2Vk')

    const response = await postInbound(
      new Request(signed.url, { method: 'POST', headers, body: await signed.text() }),
    )

    expect(response.status).toBe(403)
    expect((await profileOf(patient)).smsOptedOutAt).toBeNull()
  })

  it('answers 400 to a body that is not a form', async () => {
    const response = await postInbound(
      new Request('http://localhost:3000/webhooks/twilio/inbound', {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'From=+61412000999&Body=STOP',
      }),
    )
    expect(response.status).toBe(400)
  })
})
