// Halaxy's webhooks against a real database: the route's auth, one URL per event, payload
// checks, and the named records queued to be read.
import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { action as webhookAction } from '~/routes/webhooks+/halaxy.$event.ts'
import { db } from '~/utils/db.server.ts'
import { getBoss } from '~/utils/jobs.server.ts'
import { queuedJobs } from '../../../tests/setup/jobs.ts'
import { HALAXY_STANDIN_DEFAULTS } from './client.server.ts'
import { inboundOverview } from './monitor.server.ts'
import { isAuthorizedWebhook, parseWebhookPayload } from './webhooks.server.ts'

beforeAll(async () => {
  await getBoss() // pg-boss's tables, for counting queued jobs
})

function notification(reference: string) {
  return {
    resourceType: 'Bundle',
    type: 'history',
    timestamp: new Date().toISOString(),
    entry: [
      {
        fullUrl: randomUUID(),
        resource: {
          resourceType: 'SubscriptionStatus',
          type: 'event-notification',
          notificationEvent: [
            { eventNumber: '1', timestamp: new Date().toISOString(), focus: { reference } },
          ],
        },
      },
    ],
  }
}

async function postWebhook(event: string, body: unknown, authorization?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (authorization !== undefined) headers.authorization = authorization
  const request = new Request(`http://localhost/webhooks/halaxy/${event}`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  const response = await webhookAction({ request, params: { event }, context: {} as never })
  return { status: response.status, body: (await response.json()) as { error?: string; received?: number } }
}

const bearer = `Bearer ${HALAXY_STANDIN_DEFAULTS.webhookSecret}`

describe('the webhook endpoint', () => {
  it('queues the named record for reading when the auth header is right, and counts the webhook', async () => {
    const before = (await queuedJobs('halaxy-inbound-v1')).length
    const answer = await postWebhook(
      'appointment-created',
      notification('https://au-api.halaxy.com/main/Appointment/880012345'),
      bearer,
    )
    expect(answer).toEqual({ status: 202, body: { received: 1 } })
    const jobs = await queuedJobs('halaxy-inbound-v1')
    expect(jobs).toHaveLength(before + 1)
    expect(jobs.at(-1)!.data).toEqual({ resourceType: 'Appointment', halaxyId: '880012345' })
    const overview = await inboundOverview()
    expect(overview.webhooksReceived).toBe(1)
    expect(overview.lastWebhookAt).toBeInstanceOf(Date)
  })

  it('refuses a wrong or missing auth header, an unknown event and a payload it cannot read, queuing nothing', async () => {
    const before = (await queuedJobs('halaxy-inbound-v1')).length
    const good = notification('Appointment/1')
    expect((await postWebhook('appointment-created', good, 'Bearer not-the-secret')).status).toBe(401)
    expect((await postWebhook('appointment-created', good)).status).toBe(401)
    expect((await postWebhook('practitioner-updated', good, bearer)).status).toBe(404)
    expect((await postWebhook('appointment-created', '{not json', bearer)).status).toBe(400)
    const wrongType = await postWebhook('appointment-created', notification('Patient/1'), bearer)
    expect(wrongType.status).toBe(400)
    expect(wrongType.body.error).toMatch(/expected a Appointment reference|expected an? Appointment/)
    const huge = notification('Appointment/1') as ReturnType<typeof notification> & { padding?: string }
    huge.padding = 'x'.repeat(300 * 1024)
    expect((await postWebhook('appointment-created', huge, bearer)).status).toBe(413)
    const empty = await postWebhook('patient-updated', { resourceType: 'Bundle', entry: [] }, bearer)
    expect(empty.status).toBe(400)
    expect(empty.body.error).toMatch(/notification Bundle/)
    expect(await queuedJobs('halaxy-inbound-v1')).toHaveLength(before)
  })

  it('takes webhooks arriving together, counting each, even the very first ones', async () => {
    await db.halaxyInbound.deleteMany()
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        postWebhook('appointment-updated', notification(`Appointment/${200_000 + index}`), bearer),
      ),
    )
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(202))
    expect((await inboundOverview()).webhooksReceived).toBe(10)
  })

  it('compares the secret whole, with or without "Bearer", and refuses everything without one set', () => {
    expect(isAuthorizedWebhook('Bearer s3cret', 's3cret')).toBe(true)
    expect(isAuthorizedWebhook('s3cret', 's3cret')).toBe(true)
    expect(isAuthorizedWebhook('Bearer s3cre', 's3cret')).toBe(false)
    expect(isAuthorizedWebhook('Bearer s3cret', undefined)).toBe(false)
    expect(isAuthorizedWebhook(null, 's3cret')).toBe(false)
  })

  it('reads every record a payload names, once each', () => {
    const body = notification('Patient/7')
    body.entry.push(
      ...notification('https://au-api.halaxy.com/main/Patient/8').entry,
      ...notification('Patient/7').entry,
    )
    const parsed = parseWebhookPayload('patient-updated', body)
    expect(parsed).toEqual({
      ok: true,
      references: [
        { resourceType: 'Patient', halaxyId: '7' },
        { resourceType: 'Patient', halaxyId: '8' },
      ],
    })
  })
})
