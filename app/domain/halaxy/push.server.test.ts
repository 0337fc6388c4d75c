// The mirror's worker against the local Halaxy stand-in: patient before appointment,
// reschedule and cancel as patches, permanent and retryable failures, and above all no
// duplicate when Halaxy's answer to a create is lost.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import { startHalaxyStandIn, type HalaxyStandIn } from '../../../tests/fakes/halaxy/server.ts'
import { availableSlots } from '../scheduling/availability.server.ts'
import { bookAppointment } from '../scheduling/booking.server.ts'
import { cancelAppointmentAsPatient } from '../scheduling/cancellation.server.ts'
import { rescheduleAppointmentAsStaff } from '../scheduling/staff-changes.server.ts'
import { HalaxyClient, readHalaxyConfig } from './client.server.ts'
import { feeCentsFor } from '../billing/fees.server.ts'
import { defaultSeed } from '../../../tests/fakes/halaxy/server.ts'
import { type FhirPatient } from './fhir.ts'
import { feeMappingKey } from './mapping/appointment.ts'
import { giveUpOnPush, pushToHalaxy, RetryableHalaxyError } from './push.server.ts'

let halaxy: HalaxyStandIn
let client: HalaxyClient
let patientId: string
let managerId: string
let hannah: string
let standard: { id: string; feeCents: number }
let hannahFeeCents: number

beforeAll(async () => {
  await seedDemoPractice(db)
  const profile = await db.psychologistProfile.findFirstOrThrow({ where: { slug: 'hannah-kowalski' } })
  standard = await db.appointmentType.findFirstOrThrow({ where: { name: 'Standard session' } })
  hannahFeeCents = await feeCentsFor(db, profile.userId, standard)
  // Halaxy's fees for the mapping: one the same as Haven's, and one that is not.
  const [template] = defaultSeed().chargeItemDefinitions
  const priced = (id: string, cents: number) => ({
    ...template!,
    id,
    propertyGroup: [
      { priceComponent: [{ type: 'base' as const, amount: { value: cents / 100, currency: 'AUD' } }] },
    ],
  })
  halaxy = await startHalaxyStandIn({
    seed: {
      chargeItemDefinitions: [priced('CID-4002', hannahFeeCents), priced('CID-9999', hannahFeeCents + 1_500)],
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
  hannah = profile.userId
  await db.halaxyMapping.createMany({
    data: [
      { kind: 'psychologist', havenId: hannah, halaxyId: 'PR-2002', label: 'Sam Patel' },
      { kind: 'appointment_type', havenId: standard.id, halaxyId: 'HS-3002', label: 'Standard session' },
      { kind: 'fee', havenId: feeMappingKey(hannah, standard.id), halaxyId: 'CID-4002', label: '80110' },
    ],
  })
})

afterAll(async () => {
  await halaxy.stop()
})

beforeEach(() => halaxy.faults.clear())

async function book(nth: number) {
  const profile = await db.psychologistProfile.findFirstOrThrow({ where: { slug: 'hannah-kowalski' } })
  const slot = (await availableSlots(profile, { durationMinutes: 50 })).filter(
    (s) => s.modality === 'in_person',
  )[nth]!
  return bookAppointment({
    patientId,
    slug: 'hannah-kowalski',
    appointmentTypeId: standard.id,
    locationId: slot.locationId,
    start: slot.start,
    requestKey: randomUUID(),
  })
}

const link = (entity: 'patient' | 'appointment', havenId: string) =>
  db.halaxyLink.findUniqueOrThrow({
    where: { entity_havenId: { entity, havenId } },
    include: { attemptsLog: true },
  })

describe('pushing to Halaxy', () => {
  it('creates the patient before booking their appointment, once, and books with the fee', async () => {
    const appointment = await book(0)
    await expect(pushToHalaxy('appointment', appointment.id, client)).resolves.toMatchObject({
      state: 'synced',
    })
    const patient = await link('patient', patientId)
    const booked = await link('appointment', appointment.id)
    expect(patient).toMatchObject({ state: 'synced', halaxyId: expect.any(String) })
    expect(booked).toMatchObject({ state: 'synced', halaxyId: expect.any(String), lastError: '' })
    expect(halaxy.store.all('Patient')).toHaveLength(1)
    expect(halaxy.store.all('Appointment')).toHaveLength(1)
    // Halaxy raised its own invoice for the booking.
    expect(halaxy.requests.count('POST Appointment/$book')).toBe(1)
    // Pushing again changes nothing and sends no create.
    await pushToHalaxy('appointment', appointment.id, client)
    await pushToHalaxy('patient', patientId, client)
    expect(halaxy.store.all('Patient')).toHaveLength(1)
    expect(halaxy.store.all('Appointment')).toHaveLength(1)
  })

  it('moves and then cancels the Halaxy appointment with patches, never a second booking', async () => {
    const appointment = await book(2)
    await pushToHalaxy('appointment', appointment.id, client)
    const newStart = new Date(appointment.startsAt.getTime() + 26 * 3_600_000)
    await rescheduleAppointmentAsStaff({
      appointmentId: appointment.id,
      scope: {},
      actorId: managerId,
      version: appointment.version,
      start: newStart,
      reason: 'Asked by phone',
    })
    expect((await link('appointment', appointment.id)).state).toBe('pending')
    await pushToHalaxy('appointment', appointment.id, client)
    const halaxyId = (await link('appointment', appointment.id)).halaxyId!
    const moved = halaxy.store.get('Appointment', halaxyId) as { start: string }
    expect(new Date(moved.start).getTime()).toBe(newStart.getTime())

    await cancelAppointmentAsPatient({
      appointmentId: appointment.id,
      patientId,
      version: appointment.version + 1,
    })
    await pushToHalaxy('appointment', appointment.id, client)
    expect((await link('appointment', appointment.id)).state).toBe('synced')
    expect(halaxy.requests.count('POST Appointment/$book')).toBe(2) // this test's one, plus the first test's
    expect(JSON.stringify(halaxy.store.get('Appointment', halaxyId))).toMatch(/cancelled/)
  })

  it('never creates a patient twice when Halaxy wrote it but the answer was lost', async () => {
    const person = await db.user.create({
      data: {
        email: `lost-${randomUUID()}@example.com`,
        name: 'Noor Rahimi',
        patient: {
          create: { legalFirstName: 'Noor', legalLastName: 'Rahimi', dateOfBirth: new Date('1991-04-12') },
        },
      },
    })
    halaxy.faults.set({ kind: 'drop-after-write', match: 'POST Patient', count: 1 })
    await expect(pushToHalaxy('patient', person.id, client)).rejects.toBeInstanceOf(RetryableHalaxyError)
    const before = halaxy.store.all('Patient').length
    // The retry looks before it creates, finds the patient Halaxy made, and links it.
    await expect(pushToHalaxy('patient', person.id, client)).resolves.toMatchObject({ state: 'synced' })
    expect(halaxy.store.all('Patient')).toHaveLength(before)
    const row = await link('patient', person.id)
    expect(row.attemptsLog.map((a) => `${a.operation}:${a.outcome}`)).toEqual([
      'create:retryable',
      'search:ok',
    ])
  })

  it('never takes a create answered without the patient for one made, and never makes a second', async () => {
    const person = await db.user.create({
      data: {
        email: `unnamed-${randomUUID()}@example.com`,
        name: 'Mina Sato',
        patient: {
          create: { legalFirstName: 'Mina', legalLastName: 'Sato', dateOfBirth: new Date('1988-09-30') },
        },
      },
    })
    halaxy.faults.set({ kind: 'outcome-answer', match: 'POST Patient', count: 1 })
    await expect(pushToHalaxy('patient', person.id, client)).rejects.toBeInstanceOf(RetryableHalaxyError)
    const made = halaxy.store
      .all<FhirPatient>('Patient')
      .filter((patient) => patient.name?.[0]?.family === 'Sato')
    expect(made).toHaveLength(1)
    // The retry looks before it creates, and links the patient the unreadable answer was about.
    await expect(pushToHalaxy('patient', person.id, client)).resolves.toMatchObject({
      state: 'synced',
      halaxyId: made[0]!.id,
    })
    expect(
      halaxy.store.all<FhirPatient>('Patient').filter((patient) => patient.name?.[0]?.family === 'Sato'),
    ).toHaveLength(1)
    const row = await link('patient', person.id)
    expect(row.halaxyId).toBe(made[0]!.id)
    expect(row.attemptsLog.map((a) => `${a.operation}:${a.outcome}`)).toEqual([
      'create:retryable',
      'search:ok',
    ])
  })

  it("flags for the manager a Halaxy invoice whose amount differs from Haven's", async () => {
    const appointment = await book(6)
    const key = feeMappingKey(hannah, standard.id)
    await db.halaxyMapping.update({
      where: { kind_havenId: { kind: 'fee', havenId: key } },
      data: { halaxyId: 'CID-9999' },
    })
    try {
      await expect(pushToHalaxy('appointment', appointment.id, client)).resolves.toMatchObject({
        state: 'synced',
        invoice: 'needs_attention',
      })
      // Booked all the same (Haven is the record); the invoice's difference is for a person to settle.
      expect(await link('appointment', appointment.id)).toMatchObject({
        state: 'synced',
        halaxyId: expect.any(String),
      })
      const invoice = await db.invoice.findUniqueOrThrow({ where: { appointmentId: appointment.id } })
      const invoiceLink = await db.halaxyLink.findUniqueOrThrow({
        where: { entity_havenId: { entity: 'invoice', havenId: invoice.id } },
      })
      expect(invoiceLink).toMatchObject({
        state: 'needs_attention',
        driftFields: ['amount'],
        halaxyId: expect.any(String),
      })
      expect(invoiceLink.lastError).toMatch(/asks 15\.00 more than Haven's/)
    } finally {
      await db.halaxyMapping.update({
        where: { kind_havenId: { kind: 'fee', havenId: key } },
        data: { halaxyId: 'CID-4002' },
      })
    }
  })

  it('stops on a permanent refusal and says why; retries a 5xx later', async () => {
    const appointment = await book(4)
    await db.halaxyMapping.delete({
      where: { kind_havenId: { kind: 'appointment_type', havenId: standard.id } },
    })
    try {
      await expect(pushToHalaxy('appointment', appointment.id, client)).resolves.toMatchObject({
        state: 'needs_attention',
      })
      expect((await link('appointment', appointment.id)).lastError).toBe(
        'Map the appointment type Standard session to Halaxy in Halaxy settings, then retry.',
      )
    } finally {
      await db.halaxyMapping.create({
        data: {
          kind: 'appointment_type',
          havenId: standard.id,
          halaxyId: 'HS-3002',
          label: 'Standard session',
        },
      })
    }
    halaxy.faults.set({ kind: '5xx', count: 1 })
    await db.halaxyLink.update({
      where: { entity_havenId: { entity: 'appointment', havenId: appointment.id } },
      data: { state: 'pending' },
    })
    await expect(pushToHalaxy('appointment', appointment.id, client)).rejects.toBeInstanceOf(
      RetryableHalaxyError,
    )
    await expect(pushToHalaxy('appointment', appointment.id, client)).resolves.toMatchObject({
      state: 'synced',
    })
  })

  it('shows a push as failed, with Halaxy’s last words, once every retry has run out', async () => {
    const appointment = await book(8)
    halaxy.faults.set({ kind: '5xx' })
    await expect(pushToHalaxy('appointment', appointment.id, client)).rejects.toBeInstanceOf(
      RetryableHalaxyError,
    )
    halaxy.faults.clear()
    expect((await link('appointment', appointment.id)).state).toBe('pending')
    await giveUpOnPush('appointment', appointment.id)
    const row = await link('appointment', appointment.id)
    expect(row.state).toBe('failed')
    expect(row.lastError).toMatch(/^Stopped after repeated failures\. Last: .+/)
  })
})
