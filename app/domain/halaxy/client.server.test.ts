import { request as httpRequest } from 'node:http'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import {
  startHalaxyStandIn,
  type HalaxyStandIn,
  type HalaxyStandInOptions,
} from '../../../tests/fakes/halaxy/server.ts'
import {
  HALAXY_STANDIN_DEFAULTS,
  HALAXY_USER_AGENT,
  HalaxyClient,
  readHalaxyConfig,
  type HalaxyConfig,
} from './client.server.ts'
import {
  HALAXY_CANCELLED_NO_CHARGE,
  HALAXY_PARTICIPANT_STATUS,
  type FhirParameters,
  type FhirPatient,
} from './fhir.ts'
import { createVendorRateLimiter } from '../vendor-rate-limit.server.ts'

// The real client against the Halaxy stand-in (a local FHIR server), with the shared rate
// limiter on this file's PostgreSQL.

let halaxy: HalaxyStandIn

async function standIn(options: HalaxyStandInOptions = {}) {
  await halaxy?.stop()
  halaxy = await startHalaxyStandIn(options)
  return halaxy
}

function configFor(overrides: Partial<HalaxyConfig> = {}): HalaxyConfig {
  return {
    baseUrl: halaxy.url,
    clientId: HALAXY_STANDIN_DEFAULTS.clientId,
    clientSecret: HALAXY_STANDIN_DEFAULTS.clientSecret,
    userAgent: HALAXY_USER_AGENT,
    timeoutMs: 5_000,
    rateLimitPerMinute: 1_000,
    maxWaitMs: 10_000,
    ...overrides,
  }
}

const client = (overrides: Partial<HalaxyConfig> = {}) => {
  const config = configFor(overrides)
  return new HalaxyClient(config, {
    limiter: createVendorRateLimiter({ vendor: 'halaxy', limit: config.rateLimitPerMinute }),
  })
}

const patient = (overrides: Partial<FhirPatient> = {}): FhirPatient => ({
  resourceType: 'Patient',
  identifier: [{ system: 'https://haven.test/patient', value: 'haven-patient-1' }],
  name: [{ use: 'official', family: 'Nguyen', given: ['Lan'] }],
  gender: 'female',
  birthDate: '1990-04-12',
  telecom: [
    { system: 'email', value: 'lan.nguyen@example.com' },
    { system: 'phone', value: '+61412345678', use: 'mobile' },
  ],
  ...overrides,
})

function bookingParameters(
  patientId: string,
  overrides: { start?: string; end?: string; fee?: string } = {},
) {
  const start = overrides.start ?? '2027-03-01T10:00:00+11:00'
  const end = overrides.end ?? '2027-03-01T10:50:00+11:00'
  const parameters: FhirParameters = {
    resourceType: 'Parameters',
    parameter: [
      {
        name: 'appt-resource',
        resource: {
          resourceType: 'Appointment',
          start,
          end,
          minutesDuration: 50,
          participant: [{ actor: { reference: 'PractitionerRole/PR-2001' }, status: 'accepted' }],
        },
      },
      { name: 'patient-id', valueString: patientId },
      { name: 'healthcare-service-id', valueString: 'HS-3002' },
      { name: 'location-type', valueString: 'clinic' },
      { name: 'status', valueString: 'booked' },
    ],
  }
  if (overrides.fee)
    parameters.parameter.push({ name: 'charge-item-definition-id', valueString: overrides.fee })
  return parameters
}

async function createdPatientId(halaxyClient: HalaxyClient) {
  const created = await halaxyClient.createPatient(patient())
  if (!created.ok) throw new Error(created.error.message)
  return created.resource.id!
}

beforeEach(async () => {
  await db.vendorRequestSlot.deleteMany()
  await standIn()
})

afterEach(async () => {
  await halaxy.stop()
})

describe('authentication', () => {
  it('fetches one token and reuses it, also for concurrent first requests', async () => {
    const halaxyClient = client()

    const results = await Promise.all([
      halaxyClient.list('PractitionerRole'),
      halaxyClient.list('HealthcareService'),
      halaxyClient.list('Organization'),
    ])
    const later = await halaxyClient.list('ChargeItemDefinition')

    expect([...results, later].every((result) => result.ok)).toBe(true)
    expect(halaxy.requests.count('POST oauth/token')).toBe(1)
    expect(halaxy.requests.count()).toBe(5)
  })

  it('replaces an expired token once and sends the request again', async () => {
    const halaxyClient = client()
    const id = await createdPatientId(halaxyClient)
    halaxy.expireTokens()

    const read = await halaxyClient.readPatient(id)

    expect(read).toMatchObject({ ok: true, resource: { id, resourceType: 'Patient' } })
    expect(halaxy.requests.count('POST oauth/token')).toBe(2)
    expect(halaxy.requests.list().map((request) => `${request.key} ${request.status}`)).toEqual([
      'POST oauth/token 200',
      'POST Patient 201',
      `GET Patient/${id} 401`,
      'POST oauth/token 200',
      `GET Patient/${id} 200`,
    ])
  })

  it('does not loop when the new token is refused too', async () => {
    await standIn({ tokenTtlSeconds: 0 })
    const result = await client().list('Organization')

    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'auth',
        retryable: false,
        status: 401,
        message: 'The access token has expired',
        sent: false,
      },
    })
    expect(halaxy.requests.count('POST oauth/token')).toBe(2)
    expect(halaxy.requests.count('GET Organization')).toBe(2)
  })

  it('reports wrong credentials as a permanent auth failure, in Halaxy’s words', async () => {
    const result = await client({ clientSecret: 'wrong' }).list('Organization')

    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'auth',
        retryable: false,
        status: 401,
        message: 'Client authentication failed',
        sent: false,
      },
    })
    expect(halaxy.requests.count('GET Organization')).toBe(0)
  })

  it('always names Haven in the User-Agent; Halaxy refuses a request without one', async () => {
    await client().list('Organization')
    expect(new Set(halaxy.requests.list().map((request) => request.userAgent))).toEqual(
      new Set([HALAXY_USER_AGENT]),
    )

    const anonymous = await new Promise<number | undefined>((resolve, reject) => {
      const request = httpRequest(`${halaxy.url}Organization`, { method: 'GET' }, (response) => {
        response.resume()
        resolve(response.statusCode)
      })
      request.on('error', reject)
      request.end()
    })
    expect(anonymous).toBe(403)

    const result = await client({ userAgent: 'Haven' }).list('Organization')
    expect(result).toMatchObject({ ok: false, error: { kind: 'auth', status: 403, retryable: false } })
  })

  it('fails permanently, sending nothing, when not configured', async () => {
    const result = await client({ clientId: undefined }).list('Organization')

    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'auth',
        retryable: false,
        status: null,
        message: 'HALAXY_CLIENT_ID is not set',
        sent: false,
      },
    })
    expect(halaxy.requests.count()).toBe(0)
  })
})

describe('failures', () => {
  it('waits out a 429’s retry-after and then succeeds', async () => {
    const halaxyClient = client()
    await halaxyClient.list('Organization')
    await halaxy.faults.set({ kind: '429-burst', count: 1, match: 'GET PractitionerRole' })

    const started = Date.now()
    const result = await halaxyClient.list('PractitionerRole')

    expect(result.ok).toBe(true)
    expect(Date.now() - started).toBeGreaterThanOrEqual(950)
    expect(halaxy.requests.list().map((request) => `${request.key} ${request.status}`)).toEqual([
      'POST oauth/token 200',
      'GET Organization 200',
      'GET PractitionerRole 429',
      'GET PractitionerRole 200',
    ])
  })

  it('gives a 429 back, retryable with its retry-after, when waiting would take too long', async () => {
    await halaxy.faults.set({ kind: '429-burst', match: 'GET Organization' })

    const result = await client({ maxWaitMs: 500 }).list('Organization')

    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'rate_limited',
        retryable: true,
        status: 429,
        retryAfterSeconds: 1,
        message: 'Too many requests, slow down',
        sent: false,
      },
    })
  })

  it('answers every request with x-ratelimit-remaining and enforces its own limit', async () => {
    await standIn({ rateLimitPerMinute: 2 })
    const halaxyClient = client({ maxWaitMs: 0 })
    await halaxyClient.list('Organization')

    const result = await halaxyClient.list('Organization')

    expect(result).toMatchObject({ ok: false, error: { kind: 'rate_limited', retryable: true, status: 429 } })
    if (result.ok) return
    expect(result.error.retryAfterSeconds).toBeGreaterThan(50)
    // The limit is per client: a request without a token has its own, and every answer says what is left.
    const response = await fetch(`${halaxy.url}Organization`, {
      headers: { 'user-agent': HALAXY_USER_AGENT },
    })
    expect(response.status).toBe(401)
    expect(response.headers.get('x-ratelimit-remaining')).toBe('1')
    expect(halaxy.requests.list().map((request) => request.status)).toEqual([200, 200, 429, 401])
  })

  it('treats a 5xx as retryable (a 503 did nothing, so it is not "sent")', async () => {
    await halaxy.faults.set({ kind: '5xx', count: 1, match: 'POST Patient' })
    const halaxyClient = client()

    const failed = await halaxyClient.createPatient(patient())
    expect(failed).toEqual({
      ok: false,
      error: {
        kind: 'server',
        retryable: true,
        status: 503,
        message: 'Halaxy is temporarily unavailable, please try again',
        sent: false,
      },
    })
    expect(halaxy.store.all('Patient')).toHaveLength(0)

    expect((await halaxyClient.createPatient(patient())).ok).toBe(true)
  })

  it('treats a timeout on POST as retryable and possibly sent', async () => {
    await halaxy.faults.set({ kind: 'timeout', count: 1, match: 'POST Patient' })

    const started = Date.now()
    const result = await client({ timeoutMs: 300 }).createPatient(patient())

    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'timeout',
        retryable: true,
        status: null,
        message: 'Halaxy did not answer in time',
        sent: true,
      },
    })
    expect(Date.now() - started).toBeLessThan(2_000)
  })

  it('treats a lost answer after a write as retryable and sent; the patient is then found by search', async () => {
    await halaxy.faults.set({ kind: 'drop-after-write', count: 1, match: 'POST Patient' })
    const halaxyClient = client()

    const result = await halaxyClient.createPatient(patient())

    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'network', retryable: true, status: null, sent: true },
    })
    const stored = halaxy.store.all<FhirPatient>('Patient')
    expect(stored).toHaveLength(1)

    // What the caller does before creating again: look by name and birth date.
    const found = await halaxyClient.searchPatients({
      family: 'Nguyen',
      given: 'Lan',
      birthdate: '1990-04-12',
    })
    expect(found).toEqual({ ok: true, resource: [expect.objectContaining({ id: stored[0]!.id })] })
  })

  it('never takes a write answered without its record for the record: retryable and sent', async () => {
    await halaxy.faults.set({ kind: 'outcome-answer', count: 1, match: 'POST Patient' })
    const halaxyClient = client()

    const result = await halaxyClient.createPatient(patient())

    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'server',
        retryable: true,
        status: 201,
        message: expect.stringMatching(/^Halaxy's answer could not be read \(resourceType: /),
        sent: true,
      },
    })
    expect(halaxy.store.all('Patient')).toHaveLength(1)
  })

  it('refuses a search answer naming a record it cannot read, rather than skip or guess at it', async () => {
    const halaxyClient = client()
    await createdPatientId(halaxyClient)
    const [stored] = halaxy.store.all<FhirPatient>('Patient')
    // Written past the API's checks: a gender outside FHIR's codes.
    halaxy.store.put({ ...stored!, gender: 'Female' as FhirPatient['gender'] })

    const found = await halaxyClient.searchPatients({ family: 'Nguyen' })

    expect(found).toMatchObject({
      ok: false,
      error: { kind: 'server', retryable: true, status: 200, sent: false },
    })
    expect(!found.ok && found.error.message).toMatch(/^Halaxy's answer could not be read \(gender: /)
  })

  it('reports a refused connection as retryable and not sent, and recovers when Halaxy is back', async () => {
    const halaxyClient = client()
    await halaxyClient.list('Organization')
    await halaxy.faults.set({ kind: 'down' })

    const result = await halaxyClient.createPatient(patient())
    expect(result).toMatchObject({ ok: false, error: { kind: 'network', retryable: true, sent: false } })

    await halaxy.faults.clear()
    expect((await halaxyClient.createPatient(patient())).ok).toBe(true)
  })

  it('treats a validation error as permanent, with Halaxy’s message', async () => {
    const result = await client().createPatient(
      patient({ telecom: [{ system: 'phone', value: '0412 345 678', use: 'mobile' }] }),
    )

    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'validation',
        retryable: false,
        status: 422,
        message: 'Patient.telecom[0].value: phone numbers must be in international form (+61 and 9 digits)',
        sent: false,
      },
    })
  })

  it('reports an unknown id as not found, and refuses a malformed one without sending it', async () => {
    const halaxyClient = client()
    expect(await halaxyClient.readPatient('999999')).toMatchObject({
      ok: false,
      error: { kind: 'not_found', retryable: false, status: 404, message: 'Patient/999999 was not found' },
    })
    const before = halaxy.requests.count()
    expect(await halaxyClient.readPatient('../Organization')).toMatchObject({
      ok: false,
      error: { kind: 'validation', retryable: false, status: null },
    })
    expect(halaxy.requests.count()).toBe(before)
  })

  it('cannot delete anything, nor write invoices', async () => {
    const halaxyClient = client()
    const id = await createdPatientId(halaxyClient)

    const deleted = await halaxyClient.request('DELETE', `Patient/${id}`)
    expect(deleted).toMatchObject({
      ok: false,
      error: {
        kind: 'validation',
        retryable: false,
        status: 405,
        message: 'Halaxy resources cannot be deleted',
      },
    })
    expect(
      await halaxyClient.request('POST', 'Invoice', { body: { resourceType: 'Invoice' } }),
    ).toMatchObject({
      ok: false,
      error: { status: 405, retryable: false },
    })
    expect(halaxy.store.all('Patient')).toHaveLength(1)
  })
})

describe('patients', () => {
  it('drops identifiers on create, so Haven finds its patient by name and birth date or email', async () => {
    const halaxyClient = client()

    const created = await halaxyClient.createPatient(patient())

    expect(created.ok).toBe(true)
    if (!created.ok) return
    expect(created.resource.identifier).toBeUndefined()
    expect(created.resource).toMatchObject({ id: expect.any(String), birthDate: '1990-04-12' })
    expect(await halaxyClient.searchPatients({ family: 'nguyen', birthdate: '1990-04-12' })).toEqual({
      ok: true,
      resource: [created.resource],
    })
    expect(await halaxyClient.searchPatients({ email: 'Lan.Nguyen@example.com' })).toMatchObject({
      ok: true,
      resource: [{ id: created.resource.id }],
    })
    expect(await halaxyClient.searchPatients({ family: 'Nguyen', birthdate: '1991-04-12' })).toEqual({
      ok: true,
      resource: [],
    })
  })

  it('patches with merge-patch (null removes a field) and finds changes since a time', async () => {
    const halaxyClient = client()
    const id = await createdPatientId(halaxyClient)
    const since = new Date()
    await new Promise((resolve) => setTimeout(resolve, 5))

    const patched = await halaxyClient.patchPatient(id, { gender: null, birthDate: '1990-04-13' })

    expect(patched).toMatchObject({
      ok: true,
      resource: { id, birthDate: '1990-04-13', name: patient().name },
    })
    if (!patched.ok) return
    expect(patched.resource.gender).toBeUndefined()
    expect(halaxy.requests.list().at(-1)).toMatchObject({ key: `PATCH Patient/${id}`, status: 200 })
    expect(await halaxyClient.searchPatients({ updatedAfter: since })).toMatchObject({
      ok: true,
      resource: [{ id }],
    })
    expect(await halaxyClient.searchPatients({ updatedAfter: new Date(Date.now() + 1_000) })).toEqual({
      ok: true,
      resource: [],
    })
  })

  it('lists changes oldest change first, so a search cut short never skips one', async () => {
    const halaxyClient = client()
    const since = new Date(Date.now() - 1_000)
    const first = await createdPatientId(halaxyClient)
    const second = await createdPatientId(halaxyClient)
    // The first patient changes after the second was made: it is now the newer change.
    await halaxyClient.patchPatient(first, { birthDate: '1990-04-14' })
    const changed = await halaxyClient.searchPatients({ updatedAfter: since })
    expect(changed.ok && changed.resource.map((patient) => patient.id)).toEqual([second, first])
    expect(halaxy.requests.list().at(-1)!.query).toContain('_sort=_lastUpdated')
  })
})

describe('appointments', () => {
  it('books with $book, and Halaxy raises the invoice for the fee', async () => {
    const halaxyClient = client()
    const patientId = await createdPatientId(halaxyClient)

    const booked = await halaxyClient.bookAppointment(bookingParameters(patientId, { fee: 'CID-4001' }))

    expect(booked).toMatchObject({
      ok: true,
      resource: {
        resourceType: 'Appointment',
        status: 'booked',
        start: '2027-03-01T10:00:00+11:00',
        minutesDuration: 50,
        participant: expect.arrayContaining([
          expect.objectContaining({
            actor: expect.objectContaining({ reference: 'PractitionerRole/PR-2001' }),
          }),
          expect.objectContaining({ actor: { type: 'Patient', reference: `Patient/${patientId}` } }),
        ]),
      },
    })
    if (!booked.ok) return
    const invoices = await halaxyClient.findInvoicesForAppointment(booked.resource.id!)
    expect(invoices).toMatchObject({
      ok: true,
      resource: [
        {
          resourceType: 'Invoice',
          status: 'issued',
          subject: { reference: `Patient/${patientId}` },
          totalGross: { value: 260, currency: 'AUD' },
        },
      ],
    })
    expect(
      await halaxyClient.request('PATCH', `Invoice/${invoices.ok && invoices.resource[0]!.id}`, {
        body: { status: 'cancelled' },
      }),
    ).toMatchObject({ ok: false, error: { status: 405 } })
  })

  it('takes ids as references (absolute, as Halaxy writes them) and names the invoice on the patient', async () => {
    const halaxyClient = client()
    const patientId = await createdPatientId(halaxyClient)
    const base = 'https://au-api.halaxy.com/main/'
    const parameters = bookingParameters(patientId)
    parameters.parameter = parameters.parameter.map((parameter) =>
      parameter.name === 'patient-id'
        ? {
            name: 'patient-id',
            valueReference: { type: 'Patient', reference: `${base}Patient/${patientId}` },
          }
        : parameter,
    )
    parameters.parameter.push({
      name: 'charge-item-definition-id',
      valueReference: { type: 'ChargeItemDefinition', reference: `${base}ChargeItemDefinition/CID-4002` },
    })

    const booked = await halaxyClient.bookAppointment(parameters)
    if (!booked.ok) throw new Error(booked.error.message)
    const invoices = await halaxyClient.findInvoicesForAppointment(booked.resource.id!)
    if (!invoices.ok) throw new Error(invoices.error.message)

    expect(invoices.resource).toMatchObject([{ totalGross: { value: 200 } }])
    const patientParticipant = booked.resource.participant.find((p) => p.actor?.type === 'Patient')
    expect(patientParticipant).toMatchObject({
      actor: { reference: `Patient/${patientId}` },
      modifierExtension: [{ url: HALAXY_PARTICIPANT_STATUS, valueCoding: { code: 'booked' } }],
      extension: [{ valueReference: { reference: `Invoice/${invoices.resource[0]!.id}` } }],
    })
  })

  it('raises no invoice without a fee, and refuses a double booking as a conflict', async () => {
    const halaxyClient = client()
    const patientId = await createdPatientId(halaxyClient)
    const booked = await halaxyClient.bookAppointment(bookingParameters(patientId))
    expect(booked.ok).toBe(true)
    if (!booked.ok) return
    expect(await halaxyClient.findInvoicesForAppointment(booked.resource.id!)).toEqual({
      ok: true,
      resource: [],
    })

    const clash = await halaxyClient.bookAppointment(
      bookingParameters(patientId, { start: '2027-03-01T10:30:00+11:00', end: '2027-03-01T11:20:00+11:00' }),
    )
    expect(clash).toEqual({
      ok: false,
      error: {
        kind: 'conflict',
        retryable: false,
        status: 409,
        message: 'PractitionerRole/PR-2001 already has an appointment at that time',
        sent: false,
      },
    })
  })

  it('names the field Halaxy refused in a booking', async () => {
    const halaxyClient = client()
    const patientId = await createdPatientId(halaxyClient)

    const result = await halaxyClient.bookAppointment(
      bookingParameters(patientId, { start: '2027-03-01T10:00:00', end: '2027-03-01T10:50:00' }),
    )
    expect(result).toMatchObject({
      ok: false,
      error: {
        kind: 'validation',
        status: 422,
        message: 'Appointment.start: must be a date-time with a time zone offset',
      },
    })
    const unknownFee = await halaxyClient.bookAppointment(bookingParameters(patientId, { fee: 'CID-0' }))
    expect(unknownFee).toMatchObject({
      ok: false,
      error: { message: 'charge-item-definition-id: ChargeItemDefinition/CID-0 does not exist' },
    })
  })

  it('reschedules and cancels by merge-patch, and searches by practitioner, patient and date', async () => {
    const halaxyClient = client()
    const patientId = await createdPatientId(halaxyClient)
    const booked = await halaxyClient.bookAppointment(bookingParameters(patientId))
    if (!booked.ok) throw new Error(booked.error.message)
    const id = booked.resource.id!

    const moved = await halaxyClient.patchAppointment(id, {
      start: '2027-03-02T09:00:00+11:00',
      end: '2027-03-02T09:50:00+11:00',
    })
    expect(moved).toMatchObject({
      ok: true,
      resource: { start: '2027-03-02T09:00:00+11:00', status: 'booked' },
    })

    expect(
      await halaxyClient.searchAppointments({
        practitionerRole: 'PR-2001',
        from: new Date('2027-03-01T22:00:00Z'),
        to: '2027-03-02T23:00:00+11:00',
      }),
    ).toMatchObject({ ok: true, resource: [{ id }] })
    expect(
      await halaxyClient.searchAppointments({ patient: patientId, to: '2027-03-02T00:00:00+11:00' }),
    ).toEqual({
      ok: true,
      resource: [],
    })

    expect(await halaxyClient.patchAppointment(id, { status: 'cancelled' })).toMatchObject({
      ok: false,
      error: { kind: 'validation', retryable: false },
    })
    // As Halaxy takes it: only the patient participant, its status as a modifier extension coding.
    const cancelled = await halaxyClient.patchAppointment(id, {
      participant: [
        {
          actor: { type: 'Patient', reference: `https://au-api.halaxy.com/main/Patient/${patientId}` },
          modifierExtension: [
            {
              url: HALAXY_PARTICIPANT_STATUS,
              valueCoding: { code: HALAXY_CANCELLED_NO_CHARGE, display: HALAXY_CANCELLED_NO_CHARGE },
            },
          ],
        },
      ],
    })
    expect(cancelled).toMatchObject({ ok: true, resource: { id, status: 'cancelled' } })
    expect(await halaxyClient.readAppointment(id)).toMatchObject({
      ok: true,
      resource: { status: 'cancelled' },
    })
  })
})

describe('reference lists', () => {
  it('lists Halaxy’s clinics, practitioners, appointment types and fees, following pages', async () => {
    await standIn({ pageSize: 2 })
    const halaxyClient = client()

    const roles = await halaxyClient.list('PractitionerRole')
    expect(roles).toMatchObject({
      ok: true,
      resource: [{ id: 'PR-2001' }, { id: 'PR-2002' }, { id: 'PR-2003' }],
    })
    expect(halaxy.requests.count('GET PractitionerRole')).toBe(2)
    expect(await halaxyClient.list('Organization')).toMatchObject({ ok: true, resource: [{ id: 'CL-1001' }] })
    const fees = await halaxyClient.list('ChargeItemDefinition')
    expect(fees.ok && fees.resource.map((fee) => fee.code?.coding?.[0]?.code)).toEqual([
      '80010',
      '80110',
      '80000',
    ])
  })

  it('serves the reference data a test seeds', async () => {
    await standIn({
      seed: {
        organizations: [{ resourceType: 'Organization', id: 'CL-9', name: 'Haven Psychology Hobart' }],
      },
    })
    expect(await client().list('Organization')).toEqual({
      ok: true,
      resource: [expect.objectContaining({ id: 'CL-9', name: 'Haven Psychology Hobart' })],
    })
  })
})

describe('readHalaxyConfig', () => {
  it('reads Halaxy’s address and credentials, with a limit under Halaxy’s 500', () => {
    expect(
      readHalaxyConfig({
        HALAXY_BASE_URL: 'https://au-api.halaxy.com/main',
        HALAXY_CLIENT_ID: 'id',
        HALAXY_CLIENT_SECRET: 'secret',
      }),
    ).toEqual({
      baseUrl: 'https://au-api.halaxy.com/main/',
      clientId: 'id',
      clientSecret: 'secret',
      userAgent: HALAXY_USER_AGENT,
      timeoutMs: 15_000,
      rateLimitPerMinute: 480,
      maxWaitMs: 65_000,
    })
    expect(readHalaxyConfig({ HALAXY_RATE_LIMIT_PER_MINUTE: 100 }).rateLimitPerMinute).toBe(100)
  })

  it('points at the stand-in only when stand-ins are on', () => {
    const { webhookSecret: _inbound, ...connection } = HALAXY_STANDIN_DEFAULTS
    expect(readHalaxyConfig({ HAVEN_STANDINS: true })).toMatchObject(connection)
    expect(readHalaxyConfig({ HAVEN_STANDINS: false })).toMatchObject({
      baseUrl: undefined,
      clientId: undefined,
      clientSecret: undefined,
    })
  })
})
