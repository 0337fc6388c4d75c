// What Halaxy tells Haven: its webhooks (one URL per event, a static auth header, a payload
// naming the changed record and nothing more) and a periodic `_lastUpdated` poll that heals
// missed ones. Each changed record is read from Halaxy and applied:
//   - an appointment made in Halaxy itself for a mapped psychologist becomes a busy block, so
//     Haven never offers that time; cancelled or deleted, the block goes;
//   - a record Haven owns (linked) that a person changed in Halaxy is drift: shown to the
//     manager, who sends Haven's version again or leaves Halaxy's as it is.
// Haven's own pushes come back through the poll too; they match, so they change nothing.
import { timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import { audit } from '~/domain/audit/audit.server.ts'
import { DomainError } from '~/domain/errors.ts'
import { db, type Tx } from '~/utils/db.server.ts'
import { enqueue } from '~/utils/jobs.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { standInsEnabled } from '~/utils/standins.server.ts'
import { halaxyInboundQueue } from '../../../jobs/queues.ts'
import {
  getHalaxyClient,
  HALAXY_STANDIN_DEFAULTS,
  type HalaxyClient,
  type HalaxyResult,
} from './client.server.ts'
import {
  appointmentDrift,
  appointmentToBusyBlock,
  halaxyVersion,
  invoiceAppointmentId,
  invoiceComparison,
  patientDrift,
  patientResource,
  type HalaxyAppointment,
  type HalaxyInvoice,
} from './mapping.ts'
import { pushSoon } from './outbox.server.ts'
import { DRIFT_FIELD_LABELS, type DriftField } from './sync-states.ts'
import { invoiceDifference, linkInvoice, patientInput } from './push.server.ts'

export type InboundResourceType = 'Patient' | 'Appointment' | 'Invoice'

/** Halaxy's webhook events, each on its own URL (/webhooks/halaxy/<event>), and what they name. */
export const HALAXY_WEBHOOK_EVENTS = {
  'patient-created': 'Patient',
  'patient-updated': 'Patient',
  'appointment-created': 'Appointment',
  'appointment-updated': 'Appointment',
  'appointment-deleted': 'Appointment',
  'invoice-created': 'Invoice',
  'invoice-updated': 'Invoice',
  'invoice-deleted': 'Invoice',
} as const satisfies Record<string, InboundResourceType>

export type HalaxyWebhookEvent = keyof typeof HALAXY_WEBHOOK_EVENTS

export function isHalaxyWebhookEvent(event: string): event is HalaxyWebhookEvent {
  return Object.hasOwn(HALAXY_WEBHOOK_EVENTS, event)
}

/** The secret Halaxy's webhooks carry (their "Authentication Header"); the stand-in's by default in dev. */
export function halaxyWebhookSecret(env: Record<string, string | undefined> = process.env) {
  return (
    env.HALAXY_WEBHOOK_SECRET || (standInsEnabled(env) ? HALAXY_STANDIN_DEFAULTS.webhookSecret : undefined)
  )
}

/**
 * Whether a request's Authorization header carries the secret ("Bearer <secret>" or the bare
 * secret: Halaxy's form takes either). Compared in constant time; no secret set refuses all.
 */
export function isAuthorizedWebhook(header: string | null, secret: string | undefined) {
  if (!secret || !header) return false
  const given = Buffer.from(header.replace(/^Bearer\s+/i, '').trim())
  const expected = Buffer.from(secret)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

const halaxyId = /^[A-Za-z0-9\-.]{1,64}$/

// A subscription notification Bundle: entry[].resource.notificationEvent[].focus names the record.
const NotificationSchema = z.object({
  entry: z
    .array(
      z.object({
        resource: z.object({
          notificationEvent: z
            .array(
              z.object({ focus: z.object({ reference: z.string().min(1), type: z.string().optional() }) }),
            )
            .min(1),
        }),
      }),
    )
    .min(1),
})

export type WebhookReference = { resourceType: InboundResourceType; halaxyId: string }

/**
 * The records a webhook payload names, for this URL's event. A payload naming another kind of
 * record than its URL's, or none, is refused with the reason (Halaxy shows it to whoever set
 * the webhook up).
 */
export function parseWebhookPayload(
  event: HalaxyWebhookEvent,
  body: unknown,
): { ok: true; references: WebhookReference[] } | { ok: false; message: string } {
  const parsed = NotificationSchema.safeParse(body)
  if (!parsed.success)
    return {
      ok: false,
      message:
        'Expected a FHIR notification Bundle naming the changed record (entry[].resource.notificationEvent[].focus).',
    }
  const resourceType = HALAXY_WEBHOOK_EVENTS[event]
  const references = new Map<string, WebhookReference>()
  for (const entry of parsed.data.entry) {
    for (const notification of entry.resource.notificationEvent) {
      const parts = notification.focus.reference.split('/').filter(Boolean)
      const [type, id] = parts.slice(-2)
      if (type !== resourceType || !id || !halaxyId.test(id))
        return {
          ok: false,
          message: `The ${event} webhook names ${notification.focus.reference.slice(0, 200)}; expected a ${resourceType} reference.`,
        }
      references.set(id, { resourceType, halaxyId: id })
    }
  }
  return { ok: true, references: [...references.values()] }
}

const INBOUND_ID = 'halaxy'

async function inboundState(tx: Tx | typeof db = db) {
  // The id in both where and create: Prisma then upserts natively (ON CONFLICT), so two
  // webhooks arriving together cannot both try to create the one row.
  return tx.halaxyInbound.upsert({ where: { id: INBOUND_ID }, create: { id: INBOUND_ID }, update: {} })
}

/** A verified webhook: each named record is queued to be read (with the webhook's receipt), in one transaction. */
export async function receiveWebhook(references: WebhookReference[], now = new Date()) {
  await db.$transaction(async (tx) => {
    await tx.halaxyInbound.upsert({
      where: { id: INBOUND_ID },
      create: { id: INBOUND_ID, lastWebhookAt: now, webhooksReceived: 1 },
      update: { lastWebhookAt: now, webhooksReceived: { increment: 1 } },
    })
    for (const reference of references)
      await enqueue(tx, halaxyInboundQueue, reference, {
        singletonKey: `${reference.resourceType}:${reference.halaxyId}`,
      })
  })
}

/** A read Halaxy could not answer now (down, slow, rate-limited): the job retries later. */
export class RetryableInboundError extends Error {}

type ReadResult = HalaxyResult<unknown>

function read(client: HalaxyClient, reference: WebhookReference): Promise<ReadResult> {
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

export type InboundOutcome =
  'busy-block' | 'busy-block-removed' | 'not-ours' | 'in-step' | 'drift' | 'dismissed' | 'waiting' | 'refused'

/** Applies Halaxy's current copy of one record (null: Halaxy no longer has it). */
export async function applyFromHalaxy(
  reference: WebhookReference,
  resource: unknown,
  now = new Date(),
): Promise<InboundOutcome> {
  if (reference.resourceType === 'Appointment')
    return applyAppointment(reference.halaxyId, resource as HalaxyAppointment | null, now)
  if (reference.resourceType === 'Patient') return applyPatient(reference.halaxyId, resource, now)
  return applyInvoice(reference.halaxyId, resource as HalaxyInvoice | null, now)
}

// ───────────────────────────── appointments ─────────────────────────────

const LIVE = new Set(['confirmed', 'completed', 'no_show'])

async function applyAppointment(id: string, resource: HalaxyAppointment | null, now: Date) {
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

async function applyBusyBlock(id: string, resource: HalaxyAppointment | null, now: Date) {
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

// ───────────────────────────── patients ─────────────────────────────

async function applyPatient(id: string, resource: unknown, now: Date) {
  const link = await db.halaxyLink.findUnique({
    where: { entity_halaxyId: { entity: 'patient', halaxyId: id } },
  })
  // Halaxy's own patients (never booked through Haven) are Halaxy's business.
  if (!link) return 'not-ours'
  const patient = await patientInput(link.havenId)
  if (!patient) return 'not-ours'
  // Halaxy cannot delete a patient through its API; one gone from Halaxy is every field changed.
  const drift: DriftField[] = resource ? patientDrift(patientResource(patient), resource) : ['deleted']
  return recordDrift(link, drift, resource ? halaxyVersion(resource) : 'deleted', now)
}

// ───────────────────────────── invoices ─────────────────────────────

async function applyInvoice(id: string, resource: HalaxyInvoice | null, now: Date) {
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

// ───────────────────────────── drift ─────────────────────────────

function driftMessage(
  entity: string,
  fields: readonly string[],
  differenceCents?: number | null,
  halaxyInvoiceId?: string | null,
) {
  const what = fields.map((field) => DRIFT_FIELD_LABELS[field as DriftField] ?? field).join(', ')
  if (entity === 'invoice' && fields.includes('amount') && differenceCents != null && halaxyInvoiceId)
    return invoiceDifference(halaxyInvoiceId, differenceCents)
  if (entity === 'invoice') return `Changed in Halaxy: ${what}. Correct it in Halaxy, or leave it as it is.`
  return `Changed in Halaxy: ${what}. Haven holds the record: send Haven's version again, or leave Halaxy's as it is.`
}

type LinkRow = NonNullable<Awaited<ReturnType<typeof db.halaxyLink.findUnique>>>

/**
 * Drift found (or gone) on a linked record. A change of Haven's own still on its way (pending)
 * or a link already stopped for another reason is left alone: the push will settle it, or a
 * person already looks. A version the manager chose to leave is not raised again.
 */
async function recordDrift(
  link: LinkRow,
  fields: readonly string[],
  version: string | null,
  now: Date,
  differenceCents?: number | null,
): Promise<InboundOutcome> {
  const drifted = link.driftFields.length > 0
  if (link.state === 'pending') return 'waiting'
  if (link.state !== 'synced' && !drifted) return 'waiting'
  if (fields.length === 0) {
    if (!drifted) return 'in-step'
    // Put back in Halaxy as Haven has it (by a person there): nothing left to decide.
    await db.halaxyLink.update({
      where: { id: link.id },
      data: { state: 'synced', driftFields: [], driftFoundAt: null, driftVersion: null, lastError: '' },
    })
    await note(link.id, 'Halaxy matches Haven again.')
    return 'in-step'
  }
  if (version !== null && version === link.driftDismissedVersion) return 'dismissed'
  if (drifted && link.driftVersion === version && sameFields(link.driftFields, fields)) return 'drift'
  const message = driftMessage(link.entity, fields, differenceCents, link.halaxyId)
  await db.halaxyLink.update({
    where: { id: link.id },
    data: {
      state: 'needs_attention',
      driftFields: [...fields],
      driftFoundAt: now,
      driftVersion: version,
      lastError: message,
    },
  })
  await note(link.id, message)
  logger.info({ linkId: link.id, entity: link.entity, fields }, 'halaxy drift found')
  return 'drift'
}

function sameFields(a: readonly string[], b: readonly string[]) {
  return a.length === b.length && a.every((field) => b.includes(field))
}

/** Inbound findings join the record's history of attempts (field names only, never values). */
function note(linkId: string, message: string) {
  return db.syncAttempt.create({
    data: { linkId, operation: 'halaxy-change', outcome: 'drift', message: message.slice(0, 1_000) },
  })
}

/** Why a drift could not be resolved that way, in words for the manager. */
export class DriftResolutionError extends DomainError {
  constructor(message: string) {
    super('conflict', message)
  }
}

async function driftedLink(tx: Tx, linkId: string) {
  const link = await tx.halaxyLink.findUnique({ where: { id: linkId } })
  if (!link) throw new DriftResolutionError('That record is no longer in the sync list.')
  if (link.driftFields.length === 0)
    throw new DriftResolutionError('Nothing differs in Halaxy any more; the page was out of date.')
  return link
}

/** Who decided what about a change made in Halaxy (field names only). */
function auditResolution(
  tx: Tx,
  actorId: string,
  action: string,
  link: { id: string; driftFields: string[] },
) {
  return audit(tx, {
    actorId,
    action,
    entity: 'HalaxyLink',
    entityId: link.id,
    detail: { fields: link.driftFields },
  })
}

/**
 * The manager keeps Haven's record: it is pushed again over Halaxy's change. An appointment
 * deleted in Halaxy is booked again; one cancelled there is restored (the push reads the drift).
 */
export async function sendHavenVersion(linkId: string, actorId: string, now = new Date()) {
  return db.$transaction(async (tx) => {
    const link = await driftedLink(tx, linkId)
    if (link.entity === 'invoice')
      throw new DriftResolutionError(
        "Halaxy's invoices cannot be written through its API: correct the invoice in Halaxy, or leave it as it is.",
      )
    if (link.driftFields.includes('practitioner'))
      throw new DriftResolutionError(
        'It was given to another psychologist in Halaxy, which Haven cannot undo there: move it back in Halaxy, or leave it as it is.',
      )
    if (link.driftFields.includes('deleted'))
      await tx.halaxyLink.update({ where: { id: link.id }, data: { halaxyId: null, createSentAt: null } })
    await pushSoon(tx, link.entity, link.havenId, now)
    await auditResolution(tx, actorId, 'halaxy.drift_overwritten', link)
    return link
  })
}

/** The manager leaves Halaxy's copy as it is: this version is not raised again. */
export async function leaveHalaxyVersion(linkId: string, actorId: string) {
  return db.$transaction(async (tx) => {
    const link = await driftedLink(tx, linkId)
    await tx.halaxyLink.update({
      where: { id: link.id },
      data: {
        state: 'synced',
        driftFields: [],
        driftFoundAt: null,
        driftDismissedVersion: link.driftVersion,
        lastError: '',
      },
    })
    await auditResolution(tx, actorId, 'halaxy.drift_left', link)
    return link
  })
}

// ───────────────────────────── the poll ─────────────────────────────

// Upcoming appointments read in full when a psychologist is first mapped.
const BACKFILL_DAYS = 400
// Re-reads a second behind the cursor: Halaxy's lastUpdated may be to the second, and
// applying a record twice changes nothing.
const CURSOR_OVERLAP_MS = 1_000
// A first poll looks back a day.
const FIRST_LOOK_BACK_MS = 24 * 60 * 60 * 1_000

type PollCounts = Partial<Record<InboundOutcome, number>>

function latest(resources: unknown[], fallback: Date) {
  let cursor = fallback
  for (const resource of resources) {
    const stamp = Date.parse((resource as { meta?: { lastUpdated?: string } }).meta?.lastUpdated ?? '')
    if (!Number.isNaN(stamp) && stamp > cursor.getTime()) cursor = new Date(stamp)
  }
  return cursor
}

/**
 * The poll (every five minutes): upcoming appointments of newly mapped psychologists, then
 * every appointment, patient and invoice changed since the last poll. A failed read keeps the
 * cursor where it was (nothing is skipped) and is shown on the sync monitor.
 */
export async function pollHalaxy(client = getHalaxyClient(), now = new Date()) {
  const state = await inboundState()
  const counts: PollCounts = {}
  // A record read twice in one poll at the same version (backfill, then changed-since) is applied once.
  const applied = new Set<string>()
  const apply = async (resourceType: InboundResourceType, resource: { id?: string }) => {
    const key = `${resourceType}/${resource.id}/${halaxyVersion(resource)}`
    if (!resource.id || applied.has(key)) return
    applied.add(key)
    const outcome = await applyFromHalaxy({ resourceType, halaxyId: resource.id }, resource, now)
    counts[outcome] = (counts[outcome] ?? 0) + 1
  }
  const failed = async (message: string) => {
    await db.halaxyInbound.update({
      where: { id: INBOUND_ID },
      data: { lastPollAt: now, lastPollError: message.slice(0, 1_000) },
    })
    return { ok: false as const, message, counts }
  }

  const roles = await db.halaxyMapping.findMany({
    where: { kind: 'psychologist' },
    select: { halaxyId: true },
  })
  const backfilled = new Set(state.backfilledRoles)
  for (const { halaxyId: role } of roles) {
    if (backfilled.has(role)) continue
    const upcoming = await client.searchAppointments({
      practitionerRole: role,
      from: now,
      to: new Date(now.getTime() + BACKFILL_DAYS * 24 * 60 * 60 * 1_000),
    })
    if (!upcoming.ok) return failed(upcoming.error.message)
    for (const appointment of upcoming.resource) await apply('Appointment', appointment)
    backfilled.add(role)
    await db.halaxyInbound.update({ where: { id: INBOUND_ID }, data: { backfilledRoles: [...backfilled] } })
  }

  const since = (cursor: Date | null) =>
    new Date((cursor?.getTime() ?? now.getTime() - FIRST_LOOK_BACK_MS) - CURSOR_OVERLAP_MS)
  const sources = [
    {
      resourceType: 'Appointment' as const,
      cursor: 'appointmentsCursor' as const,
      search: (after: Date) => client.searchAppointments({ updatedAfter: after }),
    },
    {
      resourceType: 'Patient' as const,
      cursor: 'patientsCursor' as const,
      search: (after: Date) => client.searchPatients({ updatedAfter: after }),
    },
    {
      resourceType: 'Invoice' as const,
      cursor: 'invoicesCursor' as const,
      search: (after: Date) => client.searchInvoices({ updatedAfter: after }),
    },
  ]
  for (const source of sources) {
    const previous = state[source.cursor]
    const changed = await source.search(since(previous))
    if (!changed.ok) return failed(changed.error.message)
    const resources = changed.resource as { id?: string }[]
    for (const resource of resources) await apply(source.resourceType, resource)
    const next = latest(resources, previous ?? new Date(now.getTime() - FIRST_LOOK_BACK_MS))
    await db.halaxyInbound.update({ where: { id: INBOUND_ID }, data: { [source.cursor]: next } })
  }
  await db.halaxyInbound.update({ where: { id: INBOUND_ID }, data: { lastPollAt: now, lastPollError: '' } })
  return { ok: true as const, counts }
}

/** What the sync monitor shows of the inbound side. */
export async function inboundOverview(now = new Date()) {
  const [state, busyBlocks, drifted, [clashing]] = await Promise.all([
    db.halaxyInbound.findUnique({ where: { id: INBOUND_ID } }),
    db.halaxyBusyBlock.count({ where: { endsAt: { gt: now } } }),
    db.halaxyLink.count({ where: { driftFields: { isEmpty: false } } }),
    // Sessions booked in Halaxy over a time Haven had already booked: two people, one hour.
    db.$queryRaw<[{ count: number }]>`
      select count(*)::int as count from "HalaxyBusyBlock" b
      where b."endsAt" > ${now} and exists (
        select 1 from "Appointment" a
        where a."psychologistId" = b."psychologistId"
          and a.status in ('confirmed', 'completed', 'no_show')
          and a."startsAt" < b."endsAt" and a."endsAt" > b."startsAt")`,
  ])
  return {
    lastWebhookAt: state?.lastWebhookAt ?? null,
    webhooksReceived: state?.webhooksReceived ?? 0,
    lastPollAt: state?.lastPollAt ?? null,
    lastPollError: state?.lastPollError ?? '',
    upcomingBusyBlocks: busyBlocks,
    clashes: clashing.count,
    drifted,
    webhookSecretSet: Boolean(halaxyWebhookSecret()),
  }
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
