// One record changed in Halaxy (a webhook named it, or the poll found it): read from Halaxy
// and applied.
//   - an appointment made in Halaxy itself for a mapped psychologist becomes a busy block, so
//     Haven never offers that time; cancelled or deleted, the block goes;
//   - a record Haven owns (linked) that a person changed in Halaxy is drift: shown to the
//     manager, who sends Haven's version again or leaves Halaxy's as it is (drift.server.ts).
// Haven's own pushes come back through the poll too; they match, so they change nothing.
import { db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { getHalaxyClient, type HalaxyClient } from './client.server.ts'
import { appointmentDrift, halaxyVersion, patientDrift } from './drift.ts'
import { recordDrift, type DriftOutcome } from './drift.server.ts'
import { type FhirAppointment, type FhirInvoice, type FhirPatient } from './fhir.ts'
import { appointmentToBusyBlock } from './mapping/appointment.ts'
import { invoiceAppointmentId, invoiceComparison } from './mapping/invoice.ts'
import { patientResource } from './mapping/patient.ts'
import { linkInvoice, patientInput } from './push.server.ts'
import { type WebhookReference } from './webhooks.server.ts'

/** Halaxy's current copy of a record Haven reads. */
export type InboundResource = FhirPatient | FhirAppointment | FhirInvoice

export type InboundOutcome = 'busy-block' | 'busy-block-removed' | 'not-ours' | 'refused' | DriftOutcome

/** A read Halaxy could not answer now (down, slow, rate-limited): the job retries later. */
class RetryableInboundError extends Error {}

function read(client: HalaxyClient, reference: WebhookReference) {
  if (reference.resourceType === 'Patient') return client.readPatient(reference.halaxyId)
  if (reference.resourceType === 'Appointment') return client.readAppointment(reference.halaxyId)
  return client.readInvoice(reference.halaxyId)
}

/** The job: reads the record a webhook named and applies it. Gone from Halaxy (deleted) counts too. */
export async function refreshFromHalaxy(
  reference: WebhookReference,
  client = getHalaxyClient(),
  now = new Date(),
) {
  const result = await read(client, reference)
  if (!result.ok) {
    if (result.error.kind === 'not_found') return applyFromHalaxy(reference, null, now)
    if (result.error.retryable) throw new RetryableInboundError(result.error.message)
    logger.warn(
      { resourceType: reference.resourceType, kind: result.error.kind },
      'halaxy inbound read refused',
    )
    return 'refused' as const
  }
  return applyFromHalaxy(reference, result.resource, now)
}

/** Applies Halaxy's current copy of one record (null: Halaxy no longer has it). */
export async function applyFromHalaxy(
  reference: WebhookReference,
  resource: InboundResource | null,
  now = new Date(),
): Promise<InboundOutcome> {
  const { halaxyId } = reference
  if (resource?.resourceType === 'Appointment' || (!resource && reference.resourceType === 'Appointment'))
    return applyAppointment(halaxyId, resource, now)
  if (resource?.resourceType === 'Patient' || (!resource && reference.resourceType === 'Patient'))
    return applyPatient(halaxyId, resource, now)
  return applyInvoice(halaxyId, resource, now)
}

// ───────────────────────────── appointments ─────────────────────────────

const LIVE = new Set(['confirmed', 'completed', 'no_show'])

async function applyAppointment(id: string, resource: FhirAppointment | null, now: Date) {
  const link = await db.halaxyLink.findUnique({
    where: { entity_halaxyId: { entity: 'appointment', halaxyId: id } },
  })
  if (link) {
    // Haven's own appointment: never a busy block (one may linger from before the link was saved).
    await db.halaxyBusyBlock.deleteMany({ where: { halaxyId: id } })
    const appointment = await db.appointment.findUnique({
      where: { id: link.havenId },
      select: { startsAt: true, endsAt: true, status: true, psychologistId: true },
    })
    if (!appointment) return 'not-ours'
    const role = await db.halaxyMapping.findUnique({
      where: { kind_havenId: { kind: 'psychologist', havenId: appointment.psychologistId } },
    })
    const drift = appointmentDrift(
      {
        startsAt: appointment.startsAt,
        endsAt: appointment.endsAt,
        live: LIVE.has(appointment.status),
        practitionerRoleId: role?.halaxyId,
      },
      resource,
    )
    return recordDrift(link, drift, resource ? halaxyVersion(resource) : 'deleted', now)
  }
  return applyBusyBlock(id, resource, now)
}

async function applyBusyBlock(id: string, resource: FhirAppointment | null, now: Date) {
  const block = resource ? appointmentToBusyBlock({ ...resource, id }) : null
  if (!block || block.cancelled || block.endsAt <= now) {
    const { count } = await db.halaxyBusyBlock.deleteMany({ where: { halaxyId: id } })
    return count > 0 ? 'busy-block-removed' : 'not-ours'
  }
  const psychologist = await db.halaxyMapping.findFirst({
    where: { kind: 'psychologist', halaxyId: block.practitionerRoleId },
    select: { havenId: true },
  })
  if (!psychologist) {
    // Not (or no longer) one of Haven's psychologists.
    await db.halaxyBusyBlock.deleteMany({ where: { halaxyId: id } })
    return 'not-ours'
  }
  await db.halaxyBusyBlock.upsert({
    where: { halaxyId: id },
    create: {
      halaxyId: id,
      psychologistId: psychologist.havenId,
      startsAt: block.startsAt,
      endsAt: block.endsAt,
    },
    update: { psychologistId: psychologist.havenId, startsAt: block.startsAt, endsAt: block.endsAt },
  })
  return 'busy-block'
}

/**
 * Sessions booked in Halaxy itself, for the calendars (beside time off): whose and when only.
 * Halaxy's own details of them (who, what) stay in Halaxy.
 */
export async function halaxyBusyTime(filter: { psychologistId?: string; from: Date; to: Date }) {
  const blocks = await db.halaxyBusyBlock.findMany({
    where: {
      psychologistId: filter.psychologistId,
      startsAt: { lt: filter.to },
      endsAt: { gt: filter.from },
    },
    orderBy: { startsAt: 'asc' },
    select: {
      halaxyId: true,
      startsAt: true,
      endsAt: true,
      psychologist: { select: { id: true, name: true } },
    },
  })
  return blocks.map((block) => ({
    kind: 'time_off' as const,
    source: 'halaxy' as const,
    id: `halaxy-${block.halaxyId}`,
    start: block.startsAt.toISOString(),
    end: block.endsAt.toISOString(),
    psychologist: block.psychologist,
  }))
}

// ───────────────────────────── patients ─────────────────────────────

async function applyPatient(id: string, resource: FhirPatient | null, now: Date) {
  const link = await db.halaxyLink.findUnique({
    where: { entity_halaxyId: { entity: 'patient', halaxyId: id } },
  })
  // Halaxy's own patients (never booked through Haven) are Halaxy's business.
  if (!link) return 'not-ours'
  const patient = await patientInput(link.havenId)
  if (!patient) return 'not-ours'
  // Halaxy cannot delete a patient through its API; one gone from Halaxy is every field changed.
  const drift = resource ? patientDrift(patientResource(patient), resource) : ['deleted']
  return recordDrift(link, drift, resource ? halaxyVersion(resource) : 'deleted', now)
}

// ───────────────────────────── invoices ─────────────────────────────

async function applyInvoice(id: string, resource: FhirInvoice | null, now: Date) {
  let link = await db.halaxyLink.findUnique({
    where: { entity_halaxyId: { entity: 'invoice', halaxyId: id } },
  })
  if (!link && resource) {
    // An invoice Halaxy raised for one of Haven's bookings, not yet linked: link it now.
    const appointmentId = invoiceAppointmentId(resource)
    const appointmentLink = appointmentId
      ? await db.halaxyLink.findUnique({
          where: { entity_halaxyId: { entity: 'appointment', halaxyId: appointmentId } },
        })
      : null
    const invoice = appointmentLink
      ? await db.invoice.findUnique({
          where: { appointmentId: appointmentLink.havenId },
          select: { id: true },
        })
      : null
    if (invoice) link = await linkInvoice(invoice.id, id, now)
  }
  if (!link) return 'not-ours'
  const invoice = await db.invoice.findUnique({ where: { id: link.havenId }, select: { totalCents: true } })
  if (!invoice) return 'not-ours'
  if (!resource) return recordDrift(link, ['deleted'], 'deleted', now)
  const comparison = invoiceComparison(invoice, { ...resource, id })
  const drift = !comparison.matches && comparison.differenceCents !== null ? ['amount'] : []
  return recordDrift(link, drift, halaxyVersion(resource), now, comparison.differenceCents)
}
