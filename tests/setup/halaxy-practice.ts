import { randomUUID } from 'node:crypto'
import { db } from '~/utils/db.server.ts'
import { feeCentsFor } from '../../app/domain/billing/fees.server.ts'
import { HalaxyClient, readHalaxyConfig } from '../../app/domain/halaxy/client.server.ts'
import { type FhirAppointment } from '../../app/domain/halaxy/fhir.ts'
import { feeMappingKey } from '../../app/domain/halaxy/mapping/appointment.ts'
import { availableSlots } from '../../app/domain/scheduling/availability.server.ts'
import { bookAppointment } from '../../app/domain/scheduling/booking.server.ts'
import { seedDemoPractice } from '../../prisma/seed.ts'
import { defaultSeed, startHalaxyStandIn } from '../fakes/halaxy/server.ts'

// The demo practice in this test file's database, with Hannah Kowalski and the standard session
// mapped to a Halaxy stand-in whose fee matches Haven's: what the inbound side's tests start from.
export async function startHalaxyPractice() {
  await seedDemoPractice(db)
  const profile = await db.psychologistProfile.findFirstOrThrow({ where: { slug: 'hannah-kowalski' } })
  const standard = await db.appointmentType.findFirstOrThrow({ where: { name: 'Standard session' } })
  const standardId = standard.id
  const hannah = profile.userId
  const feeCents = await feeCentsFor(db, hannah, standard)
  const [template] = defaultSeed().chargeItemDefinitions
  const halaxy = await startHalaxyStandIn({
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
  const client = new HalaxyClient({
    ...readHalaxyConfig(),
    baseUrl: halaxy.url,
    timeoutMs: 2_000,
    maxWaitMs: 5_000,
  })
  const patientId = (await db.user.findUniqueOrThrow({ where: { email: 'patient1@haven.test' } })).id
  const managerId = (await db.user.findUniqueOrThrow({ where: { email: 'manager@haven.test' } })).id
  await db.halaxyMapping.createMany({
    data: [
      { kind: 'psychologist', havenId: hannah, halaxyId: 'PR-2002', label: 'Sam Patel' },
      { kind: 'appointment_type', havenId: standardId, halaxyId: 'HS-3002', label: 'Standard session' },
      { kind: 'fee', havenId: feeMappingKey(hannah, standardId), halaxyId: 'CID-4002', label: '80110' },
    ],
  })

  async function inPersonSlots() {
    return (await availableSlots(profile, { durationMinutes: 50 })).filter(
      (slot) => slot.modality === 'in_person',
    )
  }

  /** Patient 1 books Hannah's nth in-person slot in Haven. */
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
    })
  }

  return { halaxy, client, patientId, managerId, hannah, standardId, inPersonSlots, book, madeInHalaxy }
}
