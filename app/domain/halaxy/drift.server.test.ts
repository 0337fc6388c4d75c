// Drift on records Haven owns, changed in Halaxy, against the local Halaxy stand-in and a real
// database: found by field name, then resolved either way; invoices read back and compared.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { type HalaxyStandIn } from '../../../tests/fakes/halaxy/server.ts'
import { startHalaxyPractice } from '../../../tests/setup/halaxy-practice.ts'
import { type HalaxyClient } from './client.server.ts'
import { DriftResolutionError, leaveHalaxyVersion, sendHavenVersion } from './drift.server.ts'
import { type FhirAppointment, type FhirInvoice, type FhirPatient } from './fhir.ts'
import { pushToHalaxy } from './push.server.ts'
import { refreshFromHalaxy } from './remote-change.server.ts'

type Practice = Awaited<ReturnType<typeof startHalaxyPractice>>

let halaxy: HalaxyStandIn
let client: HalaxyClient
let patientId: string
let managerId: string
let book: Practice['book']

beforeAll(async () => {
  ;({ halaxy, client, patientId, managerId, book } = await startHalaxyPractice())
})

afterAll(async () => {
  await halaxy.stop()
})

beforeEach(() => halaxy.faults.clear())

const HOUR = 3_600_000

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
        participant.actor?.reference?.includes('Patient')
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
    expect(new Date(restored.start!).getTime()).toBe(appointment.startsAt.getTime())
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
