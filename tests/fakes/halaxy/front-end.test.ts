import { createServer, type Server } from 'node:http'
import { type AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  HALAXY_STANDIN_DEFAULTS,
  HALAXY_USER_AGENT,
  HalaxyClient,
} from '../../../app/domain/halaxy/client.server.ts'
import {
  HALAXY_PARTICIPANT_STATUS,
  type FhirAppointment,
  type FhirParameters,
} from '../../../app/domain/halaxy/fhir.ts'
import { type VendorRateLimiter } from '../../../app/domain/vendor-rate-limit.server.ts'
import { startHalaxyStandIn, type HalaxyStandIn, type HalaxyStandInOptions } from './server.ts'

// Halaxy's web UI and the webhooks it fires, received by a tiny server and followed up with the
// real Haven client (whose rate limiter is not under test here, so it never waits).

type Received = { path: string; authorization?: string; contentType?: string; body: unknown; at: number }

let halaxy: HalaxyStandIn
let receiver: Server
let receiverUrl: string
let received: Received[]
/** Statuses the receiver answers with, first to last (0: never answers); 200 once they run out. */
let answers: number[]

const secret = 'Bearer test-webhook-secret'

beforeEach(async () => {
  received = []
  answers = []
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      received.push({
        path: request.url ?? '',
        authorization: request.headers.authorization,
        contentType: request.headers['content-type'],
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
        at: Date.now(),
      })
      const status = answers.shift() ?? 200
      if (status > 0) response.writeHead(status).end()
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/halaxy/`
})

afterEach(async () => {
  await halaxy?.stop()
  receiver.closeAllConnections()
  await new Promise<void>((resolve) => receiver.close(() => resolve()))
})

async function start(options: HalaxyStandInOptions = {}) {
  halaxy = await startHalaxyStandIn({ webhooks: { url: receiverUrl, authorization: secret }, ...options })
  return halaxy
}

const limiter: VendorRateLimiter = {
  limit: 1_000,
  windowMs: 60_000,
  acquire: () => Promise.resolve({ ok: true, at: new Date(), waitedMs: 0 }),
  pause: () => Promise.resolve(),
}

const client = () =>
  new HalaxyClient(
    {
      baseUrl: halaxy.url,
      clientId: HALAXY_STANDIN_DEFAULTS.clientId,
      clientSecret: HALAXY_STANDIN_DEFAULTS.clientSecret,
      userAgent: HALAXY_USER_AGENT,
      timeoutMs: 5_000,
      rateLimitPerMinute: 1_000,
      maxWaitMs: 5_000,
    },
    { limiter },
  )

async function apiPatient(halaxyClient = client()) {
  const created = await halaxyClient.createPatient({
    resourceType: 'Patient',
    name: [{ family: 'Nguyen', given: ['Lan'] }],
    telecom: [{ system: 'email', value: 'lan@example.com' }],
  })
  if (!created.ok) throw new Error(created.error.message)
  return created.resource.id!
}

const slot = { start: '2027-05-03T09:00:00+10:00', end: '2027-05-03T09:50:00+10:00' }

/** The notification's one event: what it names and its counters. */
function notification(body: unknown) {
  const status = (body as { entry: { resource: Record<string, unknown> }[] }).entry[0]!.resource
  const [event] = status.notificationEvent as { eventNumber: string; focus: { reference: string } }[]
  return { status, event: event!, reference: event!.focus.reference }
}

describe("Halaxy's front-end and its webhooks", () => {
  it('a booking is stored and announced once, and the reference it names reads through the API', async () => {
    await start()
    const patientId = await apiPatient()
    const booked = halaxy.frontEnd.bookAppointment({
      practitionerRoleId: 'PR-2001',
      patientId,
      healthcareServiceId: 'HS-3002',
      ...slot,
    })
    expect(booked).toMatchObject({
      resourceType: 'Appointment',
      status: 'booked',
      ...slot,
      minutesDuration: 50,
      meta: { versionId: '1' },
      participant: [
        { actor: { type: 'PractitionerRole', reference: 'PractitionerRole/PR-2001' } },
        {
          actor: { type: 'Patient', reference: `Patient/${patientId}` },
          modifierExtension: [{ url: HALAXY_PARTICIPANT_STATUS, valueCoding: { code: 'booked' } }],
        },
      ],
    })
    expect(halaxy.store.get('Appointment', booked.id)).toEqual(booked)
    // No invoice: a front-end booking carries no fee in the stand-in.
    expect(halaxy.store.all('Invoice')).toEqual([])

    await halaxy.webhooks.flush()
    expect(received).toHaveLength(1)
    const [delivery] = received
    expect(delivery).toMatchObject({
      path: '/webhooks/halaxy/appointment-created',
      authorization: secret,
      contentType: 'application/json',
    })
    const reference = `${halaxy.url}Appointment/${booked.id}`
    expect(delivery!.body).toEqual({
      resourceType: 'Bundle',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/),
      type: 'history',
      link: [],
      entry: [
        {
          fullUrl: expect.stringMatching(/^[0-9a-f-]{36}$/),
          resource: {
            resourceType: 'SubscriptionStatus',
            subscription: {
              reference: expect.stringMatching(new RegExp(`^${halaxy.url}Subscription/[0-9a-f-]{36}$`)),
              type: 'Subscription',
            },
            topic: {
              reference: expect.stringMatching(new RegExp(`^${halaxy.url}SubscriptionTopic/[0-9a-f-]{36}$`)),
              type: 'SubscriptionTopic',
            },
            status: 'active',
            type: 'event-notification',
            eventsSinceSubscriptionStart: '1',
            notificationEvent: [
              {
                eventNumber: '1',
                timestamp: expect.any(String),
                focus: { reference, type: 'Appointment' },
              },
            ],
          },
        },
      ],
    })
    expect(halaxy.webhooks.deliveries()).toEqual([
      { event: 'appointment-created', reference, status: 200, attempts: 1, at: expect.any(Number) },
    ])

    // What Haven's receiver does: the focus is below the base it knows, so it reads it from there.
    const focus = notification(delivery!.body).reference
    expect(focus.startsWith(halaxy.url)).toBe(true)
    const [type, id] = focus.slice(halaxy.url.length).split('/')
    expect(type).toBe('Appointment')
    expect(await client().readAppointment(id!)).toEqual({ ok: true, resource: booked })
  })

  it('API writes announce nothing', async () => {
    await start()
    const halaxyClient = client()
    const patientId = await apiPatient(halaxyClient)
    expect((await halaxyClient.patchPatient(patientId, { gender: 'female' })).ok).toBe(true)
    const parameters: FhirParameters = {
      resourceType: 'Parameters',
      parameter: [
        {
          name: 'appt-resource',
          resource: {
            resourceType: 'Appointment',
            ...slot,
            participant: [{ actor: { reference: 'PractitionerRole/PR-2002' } }],
          } satisfies FhirAppointment,
        },
        { name: 'patient-id', valueString: patientId },
        { name: 'charge-item-definition-id', valueString: 'CID-4002' },
      ],
    }
    expect((await halaxyClient.bookAppointment(parameters)).ok).toBe(true)
    await halaxy.webhooks.flush()
    expect(received).toEqual([])
    expect(halaxy.webhooks.deliveries()).toEqual([])
  })

  it('a patient changed in Halaxy gets a new version and a patient-updated webhook', async () => {
    await start()
    const patientId = await apiPatient()
    const updated = halaxy.frontEnd.updatePatient(patientId, {
      telecom: [{ system: 'phone', value: '+61412345678' }],
      address: [{ line: ['1 Smith St'], city: 'Fitzroy', state: 'VIC', postalCode: '3065' }],
    })
    expect(updated).toMatchObject({
      id: patientId,
      name: [{ family: 'Nguyen' }],
      telecom: [{ system: 'phone', value: '+61412345678' }],
      meta: { versionId: '2' },
    })
    await halaxy.webhooks.flush()
    expect(received.map((delivery) => delivery.path)).toEqual(['/webhooks/halaxy/patient-updated'])
    expect(notification(received[0]!.body).reference).toBe(`${halaxy.url}Patient/${patientId}`)
    expect(await client().readPatient(patientId)).toEqual({ ok: true, resource: updated })
    // The same checks as the API: a phone number only in +61 form.
    expect(() =>
      halaxy.frontEnd.updatePatient(patientId, { telecom: [{ system: 'phone', value: '0412' }] }),
    ).toThrow(/international form/)
  })

  it('moves, cancels and deletes an appointment; a deleted one answers 404', async () => {
    await start()
    const booked = halaxy.frontEnd.bookAppointment({
      practitionerRoleId: 'PR-2001',
      patientId: await apiPatient(),
      ...slot,
    })
    const moved = halaxy.frontEnd.updateAppointment(booked.id, {
      start: '2027-05-03T10:00:00+10:00',
      end: '2027-05-03T11:00:00+10:00',
    })
    expect(moved).toMatchObject({ status: 'booked', minutesDuration: 60, meta: { versionId: '2' } })
    const cancelled = halaxy.frontEnd.updateAppointment(booked.id, { cancelled: true })
    expect(cancelled.status).toBe('cancelled')
    expect(cancelled.participant[1]!.modifierExtension).toEqual([
      expect.objectContaining({
        url: HALAXY_PARTICIPANT_STATUS,
        valueCoding: expect.objectContaining({ code: 'cancelled' }),
      }),
    ])

    const deleted = halaxy.frontEnd.deleteAppointment(booked.id)
    expect(deleted).toEqual(cancelled)
    expect(halaxy.store.get('Appointment', booked.id)).toBeUndefined()
    const read = await client().readAppointment(booked.id)
    expect(read).toMatchObject({ ok: false, error: { kind: 'not_found', status: 404 } })

    await halaxy.webhooks.flush()
    expect(received.map((delivery) => delivery.path.split('/').at(-1))).toEqual([
      'appointment-created',
      'appointment-updated',
      'appointment-updated',
      'appointment-deleted',
    ])
    // Each event type is its own subscription, counted from its start.
    expect(received.map((delivery) => notification(delivery.body).event.eventNumber)).toEqual([
      '1',
      '1',
      '2',
      '1',
    ])
    expect(() => halaxy.frontEnd.deleteAppointment(booked.id)).toThrow(/was not found/)
  })

  it('refuses an overlapping booking as the API does, and a cancelled one frees its slot', async () => {
    await start()
    const first = halaxy.frontEnd.bookAppointment({ practitionerRoleId: 'PR-2001', ...slot })
    expect(() =>
      halaxy.frontEnd.bookAppointment({
        practitionerRoleId: 'PR-2001',
        start: '2027-05-03T09:30:00+10:00',
        end: '2027-05-03T10:20:00+10:00',
      }),
    ).toThrow('PractitionerRole/PR-2001 already has an appointment at that time')
    expect(() => halaxy.frontEnd.bookAppointment({ practitionerRoleId: 'PR-9999', ...slot })).toThrow(
      /does not exist/,
    )
    expect(halaxy.store.all('Appointment')).toHaveLength(1)

    halaxy.frontEnd.updateAppointment(first.id, { cancelled: true })
    expect(halaxy.frontEnd.bookAppointment({ practitionerRoleId: 'PR-2001', ...slot }).status).toBe('booked')
    // Reinstating the first would now clash.
    expect(() => halaxy.frontEnd.updateAppointment(first.id, { cancelled: false })).toThrow(/already has/)
    await halaxy.webhooks.flush()
    expect(halaxy.webhooks.deliveries().map((delivery) => delivery.event)).toEqual([
      'appointment-created',
      'appointment-updated',
      'appointment-created',
    ])
  })

  it('changes the total of an invoice Halaxy raised', async () => {
    await start()
    const halaxyClient = client()
    const patientId = await apiPatient(halaxyClient)
    const booked = await halaxyClient.bookAppointment({
      resourceType: 'Parameters',
      parameter: [
        {
          name: 'appt-resource',
          resource: {
            resourceType: 'Appointment',
            ...slot,
            participant: [{ actor: { reference: 'PractitionerRole/PR-2001' } }],
          } satisfies FhirAppointment,
        },
        { name: 'patient-id', valueString: patientId },
        { name: 'charge-item-definition-id', valueString: 'CID-4001' },
      ],
    })
    expect(booked.ok).toBe(true)
    const [invoice] = halaxy.store.all('Invoice')
    const updated = halaxy.frontEnd.updateInvoice(invoice!.id, { totalGross: 150 })
    expect(updated).toMatchObject({
      totalGross: { value: 150, currency: 'AUD' },
      totalNet: { value: 150, currency: 'AUD' },
      meta: { versionId: '2' },
    })
    await halaxy.webhooks.flush()
    expect(received.map((delivery) => delivery.path)).toEqual(['/webhooks/halaxy/invoice-updated'])
    expect(notification(received[0]!.body).reference).toBe(`${halaxy.url}Invoice/${invoice!.id}`)
  })

  it('drops events while paused (they are not sent later) and counts them all the same', async () => {
    await start()
    halaxy.webhooks.pause()
    const booked = halaxy.frontEnd.bookAppointment({ practitionerRoleId: 'PR-2001', ...slot })
    halaxy.frontEnd.updateAppointment(booked.id, { cancelled: true })
    await halaxy.webhooks.flush()
    expect(received).toEqual([])
    expect(halaxy.webhooks.deliveries()).toMatchObject([
      { event: 'appointment-created', status: null, error: 'paused', attempts: 0 },
      { event: 'appointment-updated', status: null, error: 'paused', attempts: 0 },
    ])

    halaxy.webhooks.resume()
    await halaxy.webhooks.flush()
    expect(received).toEqual([])
    halaxy.frontEnd.updateAppointment(booked.id, { cancelled: false })
    await halaxy.webhooks.flush()
    expect(received).toHaveLength(1)
    // The receiver can tell it missed one.
    expect(notification(received[0]!.body).status.eventsSinceSubscriptionStart).toBe('2')
  })

  it('retries once after a 5xx, and not after a 4xx', async () => {
    await start({ webhooks: { url: receiverUrl, authorization: secret, retryDelayMs: 200 } })
    answers = [500]
    const booked = halaxy.frontEnd.bookAppointment({ practitionerRoleId: 'PR-2001', ...slot })
    await halaxy.webhooks.flush()
    expect(received).toHaveLength(2)
    expect(received[1]!.at - received[0]!.at).toBeGreaterThanOrEqual(150)
    expect(received[1]!.body).toEqual(received[0]!.body)
    expect(halaxy.webhooks.deliveries()).toMatchObject([
      { event: 'appointment-created', status: 200, attempts: 2 },
    ])
    expect(halaxy.webhooks.deliveries()[0]!.error).toBeUndefined()

    answers = [404]
    halaxy.frontEnd.deleteAppointment(booked.id)
    await halaxy.webhooks.flush()
    expect(received).toHaveLength(3)
    expect(halaxy.webhooks.deliveries()[1]).toMatchObject({ status: 404, error: 'answered 404', attempts: 1 })
  })

  it('gives up on an attempt after its timeout, and retries it once', async () => {
    await start({ webhooks: { url: receiverUrl, timeoutMs: 100, retryDelayMs: 50 } })
    answers = [0, 0]
    halaxy.frontEnd.bookAppointment({ practitionerRoleId: 'PR-2001', ...slot })
    await halaxy.webhooks.flush()
    expect(received).toHaveLength(2)
    expect(halaxy.webhooks.deliveries()).toMatchObject([
      { status: null, error: 'timed out after 100 ms', attempts: 2 },
    ])
  })

  it('records a refused connection after its retry, and can be pointed elsewhere at any time', async () => {
    await start({ webhooks: { url: receiverUrl, retryDelayMs: 100 } })
    halaxy.webhooks.configure(null)
    expect(halaxy.webhooks.target()).toBeNull()
    halaxy.frontEnd.bookAppointment({ practitionerRoleId: 'PR-2001', ...slot })
    expect(halaxy.webhooks.deliveries()).toMatchObject([{ status: null, error: 'no webhook URL configured' }])

    // A port nothing listens on any more.
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const closedPort = (closed.address() as AddressInfo).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    halaxy.webhooks.configure({ url: `http://127.0.0.1:${closedPort}/nowhere/` })
    halaxy.frontEnd.bookAppointment({ practitionerRoleId: 'PR-2002', ...slot })
    halaxy.webhooks.configure({ url: receiverUrl.replace(/\/$/, ''), authorization: 'Bearer other' })
    halaxy.frontEnd.bookAppointment({ practitionerRoleId: 'PR-2003', ...slot })
    await halaxy.webhooks.flush()
    expect(halaxy.webhooks.deliveries().slice(1)).toMatchObject([
      { status: null, error: 'ECONNREFUSED', attempts: 2 },
      { status: 200, attempts: 1 },
    ])
    expect(received).toMatchObject([
      { path: '/webhooks/halaxy/appointment-created', authorization: 'Bearer other' },
    ])
  })
})
