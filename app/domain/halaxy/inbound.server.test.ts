// What Halaxy tells Haven, against the local Halaxy stand-in and a real database: the webhook
// route (auth, one URL per event, payload checks), busy blocks from appointments made in
// Halaxy itself (and Haven's availability and bookings honouring them), drift on records
// Haven owns with both resolutions, invoices read back, and the poll that heals missed webhooks.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { action as webhookAction } from '~/routes/webhooks+/halaxy.$event.ts'
import { db } from '~/utils/db.server.ts'
import { getBoss } from '~/utils/jobs.server.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import { startHalaxyStandIn, type HalaxyStandIn } from '../../../tests/fakes/halaxy/server.ts'
import { queuedJobs } from '../../../tests/setup/jobs.ts'
import { feeCentsFor } from '../billing/fees.server.ts'
import { availableSlots } from '../scheduling/availability.server.ts'
import { bookAppointment, SlotUnavailableError } from '../scheduling/booking.server.ts'
import { HALAXY_STANDIN_DEFAULTS, HalaxyClient, readHalaxyConfig } from './client.server.ts'
import { type FhirAppointment, type FhirInvoice, type FhirPatient } from './fhir-types.ts'
import {
  applyFromHalaxy,
  inboundOverview,
  isAuthorizedWebhook,
  leaveHalaxyVersion,
  parseWebhookPayload,
  pollHalaxy,
  refreshFromHalaxy,
  sendHavenVersion,
  DriftResolutionError,
} from './inbound.server.ts'
import { feeMappingKey } from './mapping.ts'
import { pushToHalaxy } from './push.server.ts'

let halaxy: HalaxyStandIn
let client: HalaxyClient
let patientId: string
let managerId: string
let hannah: string
let standardId: string

beforeAll(async () => {
  await getBoss() // pg-boss's tables, for counting queued jobs
  await seedDemoPractice(db)
  const profile = await db.psychologistProfile.findFirstOrThrow({ where: { slug: 'hannah-kowalski' } })
  const standard = await db.appointmentType.findFirstOrThrow({ where: { name: 'Standard session' } })
  standardId = standard.id
  hannah = profile.userId
  const feeCents = await feeCentsFor(db, hannah, standard)
  const { defaultSeed } = await import('../../../tests/fakes/halaxy/server.ts')
  const [template] = defaultSeed().chargeItemDefinitions
  halaxy = await startHalaxyStandIn({
    seed: {
      chargeItemDefinitions: [
        {
          ...template!,
          id: 'CID-4002',
          propertyGroup: [
            { priceComponent: [{ type: 'base', amount: { value: feeCents / 100, currency: 'AUD' } }] },
          ],
        },
      ],
    },
  })
  client = new HalaxyClient({
    ...readHalaxyConfig(),
    baseUrl: halaxy.url,
    timeoutMs: 2_000,
    maxWaitMs: 5_000,
  })
  patientId = (await db.user.findUniqueOrThrow({ where: { email: 'patient1@haven.test' } })).id
  managerId = (await db.user.findUniqueOrThrow({ where: { email: 'manager@haven.test' } })).id
  await db.halaxyMapping.createMany({
    data: [
      { kind: 'psychologist', havenId: hannah, halaxyId: 'PR-2002', label: 'Sam Patel' },
      { kind: 'appointment_type', havenId: standardId, halaxyId: 'HS-3002', label: 'Standard session' },
      { kind: 'fee', havenId: feeMappingKey(hannah, standardId), halaxyId: 'CID-4002', label: '80110' },
    ],
  })
})

afterAll(async () => {
  await halaxy.stop()
})

beforeEach(() => halaxy.faults.clear())

const HOUR = 3_600_000

async function inPersonSlots() {
  const profile = await db.psychologistProfile.findFirstOrThrow({ where: { slug: 'hannah-kowalski' } })
  return (await availableSlots(profile, { durationMinutes: 50 })).filter(
    (slot) => slot.modality === 'in_person',
  )
}

async function book(nth: number) {
  const slot = (await inPersonSlots())[nth]!
  return bookAppointment({
    patientId,
    slug: 'hannah-kowalski',
    appointmentTypeId: standardId,
    locationId: slot.locationId,
    start: slot.start,
    requestKey: randomUUID(),
  })
}

/** What a clinician booking straight into Halaxy leaves there (no patient Haven knows). */
function madeInHalaxy(start: Date, minutes = 50, role = 'PR-2002') {
  return halaxy.store.put<FhirAppointment>({
    resourceType: 'Appointment',
    status: 'booked',
    start: start.toISOString(),
    end: new Date(start.getTime() + minutes * 60_000).toISOString(),
    minutesDuration: minutes,
    participant: [
      { actor: { type: 'PractitionerRole', reference: `PractitionerRole/${role}` }, status: 'accepted' },
    ],
  } as FhirAppointment)
}

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

describe('appointments made in Halaxy itself', () => {
  it('block that time in Haven until they are cancelled there', async () => {
    const slot = (await inPersonSlots())[3]!
    const made = madeInHalaxy(slot.start)
    await expect(refreshFromHalaxy({ resourceType: 'Appointment', halaxyId: made.id }, client)).resolves.toBe(
      'busy-block',
    )
    expect(await db.halaxyBusyBlock.findUnique({ where: { halaxyId: made.id } })).toMatchObject({
      psychologistId: hannah,
      startsAt: slot.start,
    })
    // Not offered, and refused if asked for anyway (a page left open).
    const offered = (await inPersonSlots()).map((s) => s.start.getTime())
    expect(offered).not.toContain(slot.start.getTime())
    await expect(
      bookAppointment({
        patientId,
        slug: 'hannah-kowalski',
        appointmentTypeId: standardId,
        locationId: slot.locationId,
        start: slot.start,
        requestKey: randomUUID(),
      }),
    ).rejects.toBeInstanceOf(SlotUnavailableError)

    // Cancelled in Halaxy: the time is free in Haven again.
    halaxy.store.put<FhirAppointment>({
      ...halaxy.store.get<FhirAppointment>('Appointment', made.id)!,
      status: 'cancelled',
    })
    await expect(refreshFromHalaxy({ resourceType: 'Appointment', halaxyId: made.id }, client)).resolves.toBe(
      'busy-block-removed',
    )
    expect((await inPersonSlots()).map((s) => s.start.getTime())).toContain(slot.start.getTime())
  })

  it('follows a move, drops a block Halaxy no longer has, and ignores practitioners Haven does not map', async () => {
    const start = new Date(Date.now() + 30 * 24 * HOUR)
    const made = madeInHalaxy(start, 30)
    await refreshFromHalaxy({ resourceType: 'Appointment', halaxyId: made.id }, client)
    const later = new Date(start.getTime() + 2 * HOUR)
    halaxy.store.put<FhirAppointment>({
      ...halaxy.store.get<FhirAppointment>('Appointment', made.id)!,
      start: later.toISOString(),
      end: new Date(later.getTime() + 30 * 60_000).toISOString(),
    })
    await refreshFromHalaxy({ resourceType: 'Appointment', halaxyId: made.id }, client)
    expect((await db.halaxyBusyBlock.findUniqueOrThrow({ where: { halaxyId: made.id } })).startsAt).toEqual(
      later,
    )
    // Deleted in Halaxy's front-end: the read answers 404.
    await expect(applyFromHalaxy({ resourceType: 'Appointment', halaxyId: made.id }, null)).resolves.toBe(
      'busy-block-removed',
    )
    const elsewhere = madeInHalaxy(new Date(start.getTime() + 5 * HOUR), 50, 'PR-2003')
    await expect(
      refreshFromHalaxy({ resourceType: 'Appointment', halaxyId: elsewhere.id }, client),
    ).resolves.toBe('not-ours')
    expect(await db.halaxyBusyBlock.count({ where: { halaxyId: elsewhere.id } })).toBe(0)
  })

  it('counts a session booked in Halaxy over one booked in Haven, for the monitor', async () => {
    expect((await inboundOverview()).clashes).toBe(0)
    const appointment = await book(12)
    const clash = madeInHalaxy(appointment.startsAt, 30)
    await expect(
      refreshFromHalaxy({ resourceType: 'Appointment', halaxyId: clash.id }, client),
    ).resolves.toBe('busy-block')
    expect((await inboundOverview()).clashes).toBe(1)
    await applyFromHalaxy({ resourceType: 'Appointment', halaxyId: clash.id }, null)
    expect((await inboundOverview()).clashes).toBe(0)
  })

  it('retries a read Halaxy cannot answer now', async () => {
    await halaxy.faults.set({ kind: '5xx', count: 1 })
    await expect(
      refreshFromHalaxy({ resourceType: 'Appointment', halaxyId: '100001' }, client),
    ).rejects.toThrow()
  })
})

describe('drift: records Haven owns, changed in Halaxy', () => {
  it('shows a patient changed in Halaxy by field name; sending Haven’s version puts it back', async () => {
    await pushToHalaxy('patient', patientId, client)
    const link = await db.halaxyLink.findUniqueOrThrow({
      where: { entity_havenId: { entity: 'patient', havenId: patientId } },
    })
    const halaxyId = link.halaxyId!
    const original = halaxy.store.get<FhirPatient>('Patient', halaxyId)!
    halaxy.store.put<FhirPatient>({
      ...original,
      telecom: [{ system: 'sms', value: '+61499999999', use: 'mobile' }],
    })

    await expect(refreshFromHalaxy({ resourceType: 'Patient', halaxyId }, client)).resolves.toBe('drift')
    const drifted = await db.halaxyLink.findUniqueOrThrow({
      where: { id: link.id },
      include: { attemptsLog: true },
    })
    expect(drifted).toMatchObject({ state: 'needs_attention', driftFields: ['telecom'] })
    expect(drifted.lastError).toMatch(/^Changed in Halaxy: phone or email\./)
    expect(JSON.stringify(drifted)).not.toContain('99999999')
    // The same change seen again (the poll after the webhook) is one finding, not two.
    await refreshFromHalaxy({ resourceType: 'Patient', halaxyId }, client)
    const notes = await db.syncAttempt.count({ where: { linkId: link.id, operation: 'halaxy-change' } })
    expect(notes).toBe(1)

    await sendHavenVersion(link.id, managerId)
    expect((await db.halaxyLink.findUniqueOrThrow({ where: { id: link.id } })).state).toBe('pending')
    await pushToHalaxy('patient', patientId, client)
    expect(halaxy.store.get<FhirPatient>('Patient', halaxyId)!.telecom).toEqual(original.telecom)
    expect(await db.halaxyLink.findUniqueOrThrow({ where: { id: link.id } })).toMatchObject({
      state: 'synced',
      driftFields: [],
    })
    expect(
      await db.auditEvent.count({ where: { action: 'halaxy.drift_overwritten', entityId: link.id } }),
    ).toBe(1)
  })

  it('leaves Halaxy’s version when the manager says so, and does not raise that version again', async () => {
    const link = await db.halaxyLink.findUniqueOrThrow({
      where: { entity_havenId: { entity: 'patient', havenId: patientId } },
    })
    const current = halaxy.store.get<FhirPatient>('Patient', link.halaxyId!)!
    halaxy.store.put<FhirPatient>({
      ...current,
      address: [
        {
          use: 'home',
          line: ['1 Other Street'],
          city: 'Elsewhere',
          state: 'NSW',
          postalCode: '2000',
          country: 'AU',
        },
      ],
    })
    await expect(
      refreshFromHalaxy({ resourceType: 'Patient', halaxyId: link.halaxyId! }, client),
    ).resolves.toBe('drift')
    await leaveHalaxyVersion(link.id, managerId)
    expect(await db.halaxyLink.findUniqueOrThrow({ where: { id: link.id } })).toMatchObject({
      state: 'synced',
      driftFields: [],
    })
    await expect(
      refreshFromHalaxy({ resourceType: 'Patient', halaxyId: link.halaxyId! }, client),
    ).resolves.toBe('dismissed')
    await expect(leaveHalaxyVersion(link.id, managerId)).rejects.toBeInstanceOf(DriftResolutionError)
  })

  it('finds an appointment moved or cancelled in Halaxy; Haven’s booking can be restored there', async () => {
    const appointment = await book(6)
    await pushToHalaxy('appointment', appointment.id, client)
    const link = await db.halaxyLink.findUniqueOrThrow({
      where: { entity_havenId: { entity: 'appointment', havenId: appointment.id } },
    })
    const halaxyId = link.halaxyId!
    // Haven's own booking, seen again by the poll, matches: no drift and no busy block.
    await expect(refreshFromHalaxy({ resourceType: 'Appointment', halaxyId }, client)).resolves.toBe(
      'in-step',
    )
    expect(await db.halaxyBusyBlock.count({ where: { halaxyId } })).toBe(0)

    const booked = halaxy.store.get<FhirAppointment>('Appointment', halaxyId)!
    const moved = new Date(appointment.startsAt.getTime() + HOUR)
    halaxy.store.put<FhirAppointment>({
      ...booked,
      start: moved.toISOString(),
      end: new Date(moved.getTime() + 50 * 60_000).toISOString(),
      status: 'cancelled',
      participant: booked.participant.map((participant) =>
        participant.actor.reference.includes('Patient')
          ? {
              ...participant,
              modifierExtension: [
                {
                  url: 'https://terminology.halaxy.com/StructureDefinition/appointment-participant-status',
                  valueCoding: { code: 'cancelled', display: 'cancelled' },
                },
              ],
            }
          : participant,
      ),
    })
    await expect(refreshFromHalaxy({ resourceType: 'Appointment', halaxyId }, client)).resolves.toBe('drift')
    expect((await db.halaxyLink.findUniqueOrThrow({ where: { id: link.id } })).driftFields).toEqual([
      'time',
      'status',
    ])

    await sendHavenVersion(link.id, managerId)
    await pushToHalaxy('appointment', appointment.id, client)
    const restored = halaxy.store.get<FhirAppointment>('Appointment', halaxyId)!
    expect(restored.status).toBe('booked')
    expect(new Date(restored.start).getTime()).toBe(appointment.startsAt.getTime())
    await expect(refreshFromHalaxy({ resourceType: 'Appointment', halaxyId }, client)).resolves.toBe(
      'in-step',
    )
  })

  it('links the invoice Halaxy raised and flags one changed there to another amount', async () => {
    const appointment = await book(8)
    await pushToHalaxy('appointment', appointment.id, client)
    const invoice = await db.invoice.findUniqueOrThrow({ where: { appointmentId: appointment.id } })
    const link = await db.halaxyLink.findUniqueOrThrow({
      where: { entity_havenId: { entity: 'invoice', havenId: invoice.id } },
    })
    expect(link).toMatchObject({ state: 'synced', halaxyId: expect.any(String) })
    const halaxyInvoice = halaxy.store.get<FhirInvoice>('Invoice', link.halaxyId!)!
    const more = { value: invoice.totalCents / 100 + 20, currency: 'AUD' }
    halaxy.store.put<FhirInvoice>({ ...halaxyInvoice, totalGross: more, totalNet: more })
    await expect(
      refreshFromHalaxy({ resourceType: 'Invoice', halaxyId: link.halaxyId! }, client),
    ).resolves.toBe('drift')
    const flagged = await db.halaxyLink.findUniqueOrThrow({ where: { id: link.id } })
    expect(flagged).toMatchObject({ state: 'needs_attention', driftFields: ['amount'] })
    expect(flagged.lastError).toMatch(/asks 20\.00 more than Haven's/)
    // Halaxy's invoices are read-only: the manager can only leave it (or fix it in Halaxy).
    await expect(sendHavenVersion(link.id, managerId)).rejects.toThrow(/cannot be written/)
  })
})

describe('the poll', () => {
  it('reads a newly mapped psychologist’s upcoming Halaxy sessions, then whatever changed since', async () => {
    const start = new Date(Date.now() + 40 * 24 * HOUR)
    const before = madeInHalaxy(start)
    const first = await pollHalaxy(client)
    expect(first.ok).toBe(true)
    // Each session is applied once, though both the backfill and the changes since list it.
    expect(first.counts['busy-block']).toBe(await db.halaxyBusyBlock.count())
    expect(await db.halaxyBusyBlock.count({ where: { halaxyId: before.id } })).toBe(1)
    expect((await db.halaxyInbound.findUniqueOrThrow({ where: { id: 'halaxy' } })).backfilledRoles).toEqual([
      'PR-2002',
    ])

    // A webhook that never came: the next poll finds the change by its lastUpdated.
    const after = madeInHalaxy(new Date(start.getTime() + 3 * HOUR))
    const requestsBefore = halaxy.requests.count('GET Appointment')
    const second = await pollHalaxy(client)
    expect(second.ok).toBe(true)
    expect(halaxy.requests.count('GET Appointment') - requestsBefore).toBe(1) // no second backfill
    expect(await db.halaxyBusyBlock.count({ where: { halaxyId: after.id } })).toBe(1)
  })

  it('keeps its place when Halaxy is down, and says so on the monitor', async () => {
    const cursor = (await db.halaxyInbound.findUniqueOrThrow({ where: { id: 'halaxy' } })).appointmentsCursor
    const missed = madeInHalaxy(new Date(Date.now() + 50 * 24 * HOUR))
    await halaxy.faults.set({ kind: '5xx' })
    const failed = await pollHalaxy(client)
    expect(failed.ok).toBe(false)
    const state = await db.halaxyInbound.findUniqueOrThrow({ where: { id: 'halaxy' } })
    expect(state.appointmentsCursor).toEqual(cursor)
    expect((await inboundOverview()).lastPollError).toMatch(/unavailable/)
    await halaxy.faults.clear()
    expect((await pollHalaxy(client)).ok).toBe(true)
    expect(await db.halaxyBusyBlock.count({ where: { halaxyId: missed.id } })).toBe(1)
    expect((await inboundOverview()).lastPollError).toBe('')
  })
})
