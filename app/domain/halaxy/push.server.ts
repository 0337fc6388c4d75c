// The Halaxy mirror's worker: pushes one record's current state (re-read, never the job's
// copy), patient before appointment, and records every request. Halaxy has no idempotency
// and no delete, so a create is only ever sent once per link: the link notes the moment it
// was sent, and after an answer that never came the worker looks in Halaxy before creating.
import { db } from '~/utils/db.server.ts'
import { isUniqueViolation } from '~/utils/db-errors.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { formatAud } from '~/utils/money.ts'
import { getHalaxyClient, type HalaxyClient, type HalaxyError, type HalaxyResult } from './client.server.ts'
import { halaxyVersion } from './drift.ts'
import { type FhirParameters } from './fhir.ts'
import {
  bookParameters,
  cancelPatch,
  MissingHalaxyMappingsError,
  reschedulePatch,
  restorePatch,
} from './mapping/appointment.ts'
import { invoiceComparison } from './mapping/invoice.ts'
import {
  isSearchMatch,
  patientResource,
  patientSearchQuery,
  type HalaxyPatientInput,
} from './mapping/patient.ts'
import { type MirroredEntity, type SignedRecordEntity } from './outbox.server.ts'
import { type SyncOperation, type SyncOutcome } from './sync-states.ts'

/** A failure worth another try later (Halaxy down, slow, rate-limited): the job retries with backoff. */
export class RetryableHalaxyError extends Error {}

export type Link = NonNullable<Awaited<ReturnType<typeof db.halaxyLink.findUnique>>>

export async function linkFor(entity: MirroredEntity, havenId: string) {
  return db.halaxyLink.upsert({
    where: { entity_havenId: { entity, havenId } },
    create: { id: `hl_${entity}_${havenId}`, entity, havenId, state: 'pending', pendingSince: new Date() },
    update: {},
  })
}

/** Runs one request for a link and writes it down: the monitor's history of attempts. */
export async function attempt<T>(link: Link, operation: SyncOperation, send: () => Promise<HalaxyResult<T>>) {
  const started = performance.now()
  const result = await send()
  await db.syncAttempt.create({
    data: {
      linkId: link.id,
      operation,
      outcome: (result.ok ? 'ok' : result.error.retryable ? 'retryable' : 'permanent') satisfies SyncOutcome,
      httpStatus: result.ok ? 200 : result.error.status,
      message: result.ok ? '' : result.error.message.slice(0, 1_000),
      durationMs: Math.round(performance.now() - started),
    },
  })
  return result
}

/** Retryable: throw for the queue's backoff. Permanent: stop, and say why on the monitor. */
export async function fail(
  link: Link,
  error: HalaxyError | string,
  state: 'failed' | 'needs_attention' = 'failed',
) {
  if (typeof error !== 'string' && error.retryable) {
    await db.halaxyLink.update({
      where: { id: link.id },
      data: { attempts: { increment: 1 }, lastError: error.message.slice(0, 1_000) },
    })
    throw new RetryableHalaxyError(error.message)
  }
  const message = typeof error === 'string' ? error : error.message
  await db.halaxyLink.update({
    where: { id: link.id },
    data: { state, attempts: { increment: 1 }, lastError: message.slice(0, 1_000) },
  })
  logger.warn({ linkId: link.id, entity: link.entity, state }, 'halaxy push stopped')
  return { state, message }
}

/** Noted (and committed) before a create is sent: if its answer is lost, the next try searches first. */
export function noteCreateSent(link: Link) {
  return db.halaxyLink.update({ where: { id: link.id }, data: { createSentAt: new Date() } })
}

export async function synced(link: Link, halaxyId: string | null, startedAt: Date) {
  try {
    return await markSynced(link, halaxyId, startedAt)
  } catch (error) {
    // Another Haven record already owns that Halaxy record (two people matched one search).
    if (isUniqueViolation(error))
      return fail(
        link,
        `Halaxy record ${halaxyId} is already linked to another Haven record; link this one by hand.`,
        'needs_attention',
      )
    throw error
  }
}

async function markSynced(link: Link, halaxyId: string | null, startedAt: Date) {
  // A change made while this push ran keeps the link pending (its own job follows).
  const { count } = await db.halaxyLink.updateMany({
    where: { id: link.id, updatedAt: link.updatedAt },
    data: {
      halaxyId,
      state: 'synced',
      pendingSince: null,
      createSentAt: null,
      lastError: '',
      attempts: 0,
      syncedAt: startedAt,
      // Haven's version is in Halaxy again: any drift is settled.
      driftFields: [],
      driftFoundAt: null,
      driftVersion: null,
    },
  })
  if (count === 0) await db.halaxyLink.update({ where: { id: link.id }, data: { halaxyId } })
  // The inbound poll may have seen Haven's booking before its link was saved and taken it
  // for one made in Halaxy: it is Haven's own, never a busy block.
  if (link.entity === 'appointment' && halaxyId) await db.halaxyBusyBlock.deleteMany({ where: { halaxyId } })
  return { state: 'synced' as const, halaxyId }
}

export async function patientInput(patientId: string): Promise<HalaxyPatientInput | null> {
  const user = await db.user.findUnique({
    where: { id: patientId },
    select: {
      email: true,
      patient: {
        select: {
          legalFirstName: true,
          legalLastName: true,
          preferredName: true,
          dateOfBirth: true,
          gender: true,
          mobile: true,
          addressLine: true,
          suburb: true,
          state: true,
          postcode: true,
          emergencyName: true,
          emergencyRelationship: true,
          emergencyPhone: true,
        },
      },
    },
  })
  if (!user?.patient) return null
  return { email: user.email, ...user.patient }
}

/** Creates the patient once, or finds them after a create whose answer was lost, or updates them. */
async function pushPatient(client: HalaxyClient, link: Link) {
  const startedAt = new Date()
  const patient = await patientInput(link.havenId)
  if (!patient || !patient.legalLastName || !patient.legalFirstName)
    return fail(
      link,
      'The patient has not given their legal name yet, so they cannot be created in Halaxy.',
      'needs_attention',
    )
  const resource = patientResource(patient)
  if (link.halaxyId) {
    const { resourceType: _type, ...fields } = resource
    const patched = await attempt(link, 'patch', () => client.patchPatient(link.halaxyId!, fields))
    if (!patched.ok) return fail(link, patched.error)
    return synced(link, link.halaxyId, startedAt)
  }
  if (link.createSentAt) {
    const found = await attempt(link, 'search', () => client.searchPatients(patientSearchQuery(patient)))
    if (!found.ok) return fail(link, found.error)
    const matches = found.resource.filter((candidate) => isSearchMatch(candidate, patient))
    if (matches.length === 1) return synced(link, matches[0]!.id, startedAt)
    if (matches.length > 1)
      return fail(
        link,
        `Halaxy has ${matches.length} patients matching this one; link the right one by hand so no duplicate is made.`,
        'needs_attention',
      )
  }
  const sending = await noteCreateSent(link)
  const created = await attempt(sending, 'create', () => client.createPatient(resource))
  if (!created.ok) return fail(sending, created.error)
  return synced(sending, created.resource.id, startedAt)
}

async function pushAppointment(client: HalaxyClient, link: Link) {
  const startedAt = new Date()
  const appointment = await db.appointment.findUnique({
    where: { id: link.havenId },
    include: { invoice: { select: { id: true, totalCents: true } } },
  })
  if (!appointment) return fail(link, 'The appointment no longer exists in Haven.')
  const live =
    appointment.status === 'confirmed' ||
    appointment.status === 'completed' ||
    appointment.status === 'no_show'
  const cancelled = appointment.status === 'cancelled' || appointment.status === 'late_cancelled'

  if (!link.halaxyId && !live) return synced(link, null, startedAt) // never in Halaxy, nothing to undo
  if (link.halaxyId && cancelled) {
    const current = await attempt(link, 'read', () => client.readAppointment(link.halaxyId!))
    if (!current.ok) return fail(link, current.error)
    const patch = cancelPatch(current.resource, {
      lateCancellation: appointment.status === 'late_cancelled',
    })
    const patched = await attempt(link, 'cancel', () => client.patchAppointment(link.halaxyId!, patch))
    if (!patched.ok) return fail(link, patched.error)
    return synced(link, link.halaxyId, startedAt)
  }
  if (link.halaxyId && link.driftFields.includes('status')) {
    // Cancelled in Halaxy, and the manager kept Haven's booking: put it back first.
    const current = await attempt(link, 'read', () => client.readAppointment(link.halaxyId!))
    if (!current.ok) return fail(link, current.error)
    const restore = restorePatch(current.resource)
    const restored = await attempt(link, 'restore', () => client.patchAppointment(link.halaxyId!, restore))
    if (!restored.ok) return fail(link, restored.error)
  }
  if (link.halaxyId) {
    const patched = await attempt(link, 'reschedule', () =>
      client.patchAppointment(link.halaxyId!, reschedulePatch(appointment)),
    )
    if (!patched.ok) return fail(link, patched.error)
    return synced(link, link.halaxyId, startedAt)
  }

  // The patient first: Halaxy books against its own patient id.
  const halaxyPatientId = await patientHalaxyId(client, appointment.patientId)
  if (!halaxyPatientId) return fail(link, WAITING_FOR_PATIENT, 'needs_attention')
  const mappings = await db.halaxyMapping.findMany()
  let parameters: FhirParameters
  try {
    parameters = bookParameters(
      {
        id: appointment.id,
        startsAt: appointment.startsAt,
        endsAt: appointment.endsAt,
        timeZone: appointment.timeZone,
        modality: appointment.modality,
        psychologistId: appointment.psychologistId,
        appointmentTypeId: appointment.appointmentTypeId,
        locationId: appointment.locationId,
      },
      {
        halaxyPatientId,
        mappings,
      },
    )
  } catch (error) {
    if (error instanceof MissingHalaxyMappingsError)
      return fail(link, await missingMappingsInWords(error), 'needs_attention')
    throw error
  }
  if (link.createSentAt) {
    const found = await attempt(link, 'search', () =>
      client.searchAppointments({
        patient: halaxyPatientId,
        from: appointment.startsAt,
        to: appointment.endsAt,
      }),
    )
    if (!found.ok) return fail(link, found.error)
    const same = found.resource.filter(
      (candidate) =>
        candidate.start && new Date(candidate.start).getTime() === appointment.startsAt.getTime(),
    )
    if (same.length === 1) return afterBooking(client, link, same[0]!.id, appointment.invoice, startedAt)
    if (same.length > 1)
      return fail(
        link,
        'Halaxy has more than one appointment at this time for this patient; resolve it by hand.',
        'needs_attention',
      )
  }
  const sending = await noteCreateSent(link)
  const booked = await attempt(sending, 'book', () => client.bookAppointment(parameters))
  if (!booked.ok) return fail(sending, booked.error)
  return afterBooking(client, sending, booked.resource.id, appointment.invoice, startedAt)
}

export const WAITING_FOR_PATIENT = 'Waiting for the patient to reach Halaxy first (see the patient’s row).'

/**
 * The patient's Halaxy id, creating (or finding) them in Halaxy first when they are not there
 * yet; null when that needs a person (see the patient's row). Retryable failures throw.
 */
export async function patientHalaxyId(client: HalaxyClient, patientId: string) {
  const patientLink = await linkFor('patient', patientId)
  if (patientLink.halaxyId) return patientLink.halaxyId
  const outcome = await pushPatient(client, patientLink)
  return outcome.state === 'synced' && 'halaxyId' in outcome ? outcome.halaxyId : null
}

/** What to map, by the names the manager sees on the Halaxy settings page (not Haven's ids). */
export async function missingMappingsInWords(error: MissingHalaxyMappingsError) {
  const names = await Promise.all(
    error.missing.map(async (missing) =>
      missing.kind === 'psychologist'
        ? `the psychologist ${(await db.user.findUnique({ where: { id: missing.havenId } }))?.name ?? missing.havenId}`
        : `the appointment type ${(await db.appointmentType.findUnique({ where: { id: missing.havenId } }))?.name ?? missing.havenId}`,
    ),
  )
  return `Map ${names.join(' and ')} to Halaxy in Halaxy settings, then retry.`
}

/**
 * Halaxy raised its own invoice for the booking: read it back, store its id beside Haven's
 * invoice, and flag a different amount on that invoice's row for the manager.
 */
async function afterBooking(
  client: HalaxyClient,
  link: Link,
  halaxyId: string,
  havenInvoice: { id: string; totalCents: number } | null,
  startedAt: Date,
) {
  const outcome = await synced(link, halaxyId, startedAt)
  if (!havenInvoice || outcome.state !== 'synced') return outcome
  const invoices = await attempt(link, 'read-invoice', () => client.findInvoicesForAppointment(halaxyId))
  if (!invoices.ok) return outcome // the booking stands; the inbound poll reads the invoice later
  const [invoice] = invoices.resource
  if (!invoice) return outcome
  const invoiceLink = await linkInvoice(havenInvoice.id, invoice.id, startedAt)
  const comparison = invoiceComparison(havenInvoice, invoice)
  if (!comparison.matches && comparison.differenceCents !== null) {
    await db.halaxyLink.update({
      where: { id: invoiceLink.id },
      data: {
        state: 'needs_attention',
        driftFields: ['amount'],
        driftFoundAt: startedAt,
        driftVersion: halaxyVersion(invoice),
        lastError: invoiceDifference(comparison.halaxyInvoiceId, comparison.differenceCents),
      },
    })
    return { state: 'synced' as const, halaxyId, invoice: 'needs_attention' as const }
  }
  return outcome
}

/** What a manager reads when Halaxy's invoice differs from Haven's. */
export function invoiceDifference(halaxyInvoiceId: string, differenceCents: number) {
  const direction = differenceCents > 0 ? 'more' : 'less'
  return `Halaxy's invoice ${halaxyInvoiceId} asks ${formatAud(Math.abs(differenceCents), { bare: true })} ${direction} than Haven's: check the fee mapping, and correct the invoice in Halaxy (its invoices cannot be written through the API) or leave it as it is.`
}

/** Stores the id of the invoice Halaxy raised for a Haven invoice (Halaxy's invoices are read-only). */
export async function linkInvoice(havenInvoiceId: string, halaxyInvoiceId: string, now = new Date()) {
  return db.halaxyLink.upsert({
    where: { entity_havenId: { entity: 'invoice', havenId: havenInvoiceId } },
    create: {
      id: `hl_invoice_${havenInvoiceId}`,
      entity: 'invoice',
      havenId: havenInvoiceId,
      halaxyId: halaxyInvoiceId,
      state: 'synced',
      syncedAt: now,
    },
    update: { halaxyId: halaxyInvoiceId },
  })
}

/** The job: one record's push (signed notes and addenda: pushSignedRecord). */
export async function pushToHalaxy(
  entity: Exclude<MirroredEntity, SignedRecordEntity>,
  havenId: string,
  client = getHalaxyClient(),
) {
  const link = await linkFor(entity, havenId)
  if (link.state === 'synced' && !link.pendingSince) return { state: 'synced' as const }
  return entity === 'patient' ? pushPatient(client, link) : pushAppointment(client, link)
}

/** Every retry of a push failed (Halaxy down for days, or never answering): stop and show it. */
export async function giveUpOnPush(entity: MirroredEntity, havenId: string) {
  const link = await db.halaxyLink.findUnique({ where: { entity_havenId: { entity, havenId } } })
  if (!link || link.state !== 'pending') return
  await db.halaxyLink.update({
    where: { id: link.id },
    data: {
      state: 'failed',
      lastError: `Stopped after repeated failures. Last: ${link.lastError}`.slice(0, 1_000),
    },
  })
}
