// Appointments made in Halaxy itself, against the local Halaxy stand-in and a real database:
// they become busy time, and Haven's availability and bookings honour it.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { type HalaxyStandIn } from '../../../tests/fakes/halaxy/server.ts'
import { startHalaxyPractice } from '../../../tests/setup/halaxy-practice.ts'
import { SlotUnavailableError } from '../scheduling/appointment-errors.ts'
import { bookAppointment } from '../scheduling/booking.server.ts'
import { type HalaxyClient } from './client.server.ts'
import { type FhirAppointment } from './fhir.ts'
import { inboundOverview } from './monitor.server.ts'
import { applyFromHalaxy, refreshFromHalaxy } from './remote-change.server.ts'

type Practice = Awaited<ReturnType<typeof startHalaxyPractice>>

let halaxy: HalaxyStandIn
let client: HalaxyClient
let patientId: string
let hannah: string
let standardId: string
let inPersonSlots: Practice['inPersonSlots']
let book: Practice['book']
let madeInHalaxy: Practice['madeInHalaxy']

beforeAll(async () => {
  ;({ halaxy, client, patientId, hannah, standardId, inPersonSlots, book, madeInHalaxy } =
    await startHalaxyPractice())
})

afterAll(async () => {
  await halaxy.stop()
})

beforeEach(() => halaxy.faults.clear())

const HOUR = 3_600_000

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
