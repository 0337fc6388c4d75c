import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HALAXY_STANDIN_CLIENT, startHalaxyStandIn, type HalaxyStandIn } from './server.ts'

// The stand-in's own quirks, spoken to with plain fetch (the client's tests cover the rest).

let halaxy: HalaxyStandIn
const userAgent = 'Haven tests (tests@haven.test)'

beforeEach(async () => {
  halaxy = await startHalaxyStandIn()
})

afterEach(async () => {
  await halaxy.stop()
})

async function token() {
  const response = await fetch(`${halaxy.url}oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': userAgent },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: HALAXY_STANDIN_CLIENT.clientId,
      client_secret: HALAXY_STANDIN_CLIENT.clientSecret,
    }),
  })
  const body = (await response.json()) as { access_token: string; token_type: string; expires_in: number }
  expect(body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 900 })
  return body.access_token
}

async function call(method: string, path: string, body?: unknown, contentType = 'application/fhir+json') {
  const response = await fetch(`${halaxy.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await token()}`,
      'user-agent': userAgent,
      ...(body === undefined ? {} : { 'content-type': contentType }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  }
}

const outcome = (code: string, diagnostics: string) => ({
  resourceType: 'OperationOutcome',
  issue: [{ severity: 'error', code, diagnostics }],
})

describe('the Halaxy stand-in', () => {
  it('serves its base at /main/ and needs a bearer token', async () => {
    expect(halaxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/main\/$/)
    const response = await fetch(`${halaxy.url}Patient`, { headers: { 'user-agent': userAgent } })
    expect(response.status).toBe(401)
    expect(response.headers.get('content-type')).toContain('application/fhir+json')
    expect(await response.json()).toEqual(outcome('login', 'A valid bearer token is required'))
  })

  it('patches only with merge-patch and keeps identifiers out on patch too', async () => {
    const created = await call('POST', 'Patient', {
      resourceType: 'Patient',
      name: [{ family: 'Smith', given: ['Jo'] }],
    })
    expect(created.status).toBe(201)
    expect(created.headers.get('location')).toBe(`${halaxy.url}Patient/${created.body.id}`)

    const wrongType = await call('PATCH', `Patient/${created.body.id}`, { gender: 'male' })
    expect(wrongType.status).toBe(415)

    const patched = await call(
      'PATCH',
      `Patient/${created.body.id}`,
      { gender: 'male', identifier: [{ value: 'x' }] },
      'application/merge-patch+json',
    )
    expect(patched.status).toBe(200)
    expect(patched.body).toMatchObject({ gender: 'male', meta: { versionId: '2' } })
    expect(patched.body.identifier).toBeUndefined()
  })

  it('refuses PUT, DELETE and unknown resources with an OperationOutcome', async () => {
    expect(await call('DELETE', 'Appointment/1')).toMatchObject({
      status: 405,
      body: outcome('not-supported', 'Halaxy resources cannot be deleted'),
    })
    expect((await call('PUT', 'Patient/1', { resourceType: 'Patient' })).status).toBe(405)
    expect((await call('GET', 'Practitioner')).status).toBe(404)
    expect((await call('POST', 'Appointment', { resourceType: 'Appointment' })).status).toBe(405)
  })

  it('answers a malformed search parameter with 400', async () => {
    expect(await call('GET', 'Patient?birthdate=12%2F04%2F1990')).toMatchObject({
      status: 400,
      body: outcome('invalid', 'birthdate: must be a date (YYYY-MM-DD)'),
    })
  })

  it('counts fault hits, and a dropped $book still made the appointment and its invoice', async () => {
    const created = await call('POST', 'Patient', { resourceType: 'Patient', name: [{ family: 'Lee' }] })
    await halaxy.faults.set({ kind: 'drop-after-write', count: 1, match: 'POST Appointment/$book' })
    expect(halaxy.faults.active()).toEqual([
      { kind: 'drop-after-write', count: 1, match: 'POST Appointment/$book' },
    ])

    await expect(
      call('POST', 'Appointment/$book', {
        resourceType: 'Parameters',
        parameter: [
          {
            name: 'appt-resource',
            resource: {
              resourceType: 'Appointment',
              start: '2027-05-03T09:00:00+10:00',
              end: '2027-05-03T09:50:00+10:00',
              participant: [{ actor: { reference: 'PractitionerRole/PR-2002' } }],
            },
          },
          { name: 'patient-id', valueString: created.body.id },
          { name: 'charge-item-definition-id', valueString: 'CID-4002' },
        ],
      }),
    ).rejects.toThrow()

    expect(halaxy.faults.active()).toEqual([])
    expect(halaxy.store.all('Appointment')).toHaveLength(1)
    expect(halaxy.store.all('Invoice')).toMatchObject([{ totalGross: { value: 200, currency: 'AUD' } }])
    expect(halaxy.requests.count('POST Appointment/$book')).toBe(1)
    expect(halaxy.requests.list().at(-1)).toMatchObject({ outcome: 'dropped', status: 201 })
  })

  it('keeps a document it cannot give back, and refuses one that names no patient or author', async () => {
    const patient = await call('POST', 'Patient', { resourceType: 'Patient', name: [{ family: 'Lee' }] })
    const html = Buffer.from('<p>Signed note</p>').toString('base64')
    const document = {
      resourceType: 'DocumentReference',
      status: 'current',
      docStatus: 'preliminary',
      subject: { reference: `Patient/${patient.body.id}` },
      author: [{ reference: 'PractitionerRole/PR-2002' }],
      description: 'Session note 3 Dec 2026 (SOAP)',
      content: [{ attachment: { contentType: 'text/html', data: html } }],
    }
    const created = await call('POST', 'DocumentReference', document)
    expect(created).toMatchObject({ status: 201, body: { ...document, id: expect.any(String) } })
    expect(halaxy.store.all('DocumentReference')).toHaveLength(1)
    expect(await call('GET', `DocumentReference/${created.body.id}`)).toMatchObject({
      status: 405,
      body: outcome(
        'not-supported',
        'DocumentReference can only be created: Halaxy documents cannot be read back or changed through the API',
      ),
    })
    expect((await call('GET', 'DocumentReference?patient=1')).status).toBe(405)
    const refusals: [Record<string, unknown>, string][] = [
      [
        { subject: { reference: 'Patient/999' } },
        'DocumentReference.subject: must be a Patient of this account',
      ],
      [
        { author: [{ reference: 'PractitionerRole/PR-9' }] },
        'DocumentReference.author: must be one PractitionerRole of this account',
      ],
      [{ docStatus: 'amended' }, 'DocumentReference.docStatus: must be one of preliminary, final'],
      [{ description: ' ' }, 'DocumentReference.description: a title is required'],
      [
        { content: [{ attachment: { contentType: 'text/plain', data: html } }] },
        'DocumentReference.content: one text/html attachment is required',
      ],
      [
        { content: [{ attachment: { contentType: 'text/html', data: '<p>' } }] },
        'DocumentReference.content[0].attachment.data: must be base64',
      ],
    ]
    for (const [change, diagnostics] of refusals) {
      expect(await call('POST', 'DocumentReference', { ...document, ...change })).toMatchObject({
        status: 422,
        body: outcome('invalid', diagnostics),
      })
    }
    expect(halaxy.store.all('DocumentReference')).toHaveLength(1)

    // Halaxy failing after it wrote: the document is there, the answer says otherwise.
    await halaxy.faults.set({ kind: '500-after-write', count: 1, match: 'POST DocumentReference' })
    expect((await call('POST', 'DocumentReference', document)).status).toBe(500)
    expect(halaxy.store.all('DocumentReference')).toHaveLength(2)
  })

  it('goes down and comes back on the same address', async () => {
    await halaxy.faults.set({ kind: 'down' })
    await expect(fetch(`${halaxy.url}Patient`)).rejects.toThrow()
    await halaxy.faults.clear()
    expect((await fetch(`${halaxy.url}Patient`, { headers: { 'user-agent': userAgent } })).status).toBe(401)
  })
})
