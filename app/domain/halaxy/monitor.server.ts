// The manager's view of the Halaxy mirror: how many records are where, what each one is (in
// words a manager recognises, never clinical content), what Halaxy said about each attempt,
// and the ways to send records again. Sending again always goes through the outbox, so the
// push worker stays the only thing that speaks to Halaxy.
import { z } from 'zod'
import { Prisma, type HalaxyEntity, type SyncState } from '~/generated/prisma/client.ts'
import { DomainError } from '~/domain/errors.ts'
import { db } from '~/utils/db.server.ts'
import { enqueue } from '~/utils/jobs.server.ts'
import { halaxyResyncQueue } from '~/utils/queues.server.ts'
import { formatZonedTime } from '~/utils/time.ts'
import { audit } from '../audit/audit.server.ts'
import { STATUS_LABELS } from '../scheduling/appointment-state.ts'
import { isHalaxyConfigured, readHalaxyConfig, type HalaxyConfig } from './client.server.ts'
import { AWAITING_PERSON, awaitsPersonInHalaxy, describeSignedRecords } from './notes.server.ts'
import { isSignedRecordEntity, markForHalaxy, pushSoon, type MirroredEntity } from './outbox.server.ts'
import { INBOUND_ID } from './poll.server.ts'
import { SYNC_ENTITIES, SYNC_STATES } from './sync-states.ts'
import { halaxyWebhookSecret } from './webhooks.server.ts'

export { SYNC_ENTITIES, SYNC_STATES }
export const SYNC_PAGE_SIZE = 50
/** Records marked per transaction by the bulk actions: big enough to be quick, small enough not to hold locks long. */
export const SYNC_BATCH_SIZE = 250

const PROBLEM_STATES: SyncState[] = ['failed', 'needs_attention']
const RESYNCED_APPOINTMENT_STATUSES = ['confirmed', 'completed', 'no_show'] as const
const CANCELLED_STATUSES = ['cancelled', 'late_cancelled'] as const

// Filters come from the address bar: anything unexpected falls back to "all", page 1.
const SyncFilterSchema = z.object({
  state: z.enum(SYNC_STATES).optional().catch(undefined),
  entity: z.enum(SYNC_ENTITIES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
})
export type SyncFilter = z.infer<typeof SyncFilterSchema>

export function parseSyncFilter(searchParams: URLSearchParams): SyncFilter {
  return SyncFilterSchema.parse({
    state: searchParams.get('state') || undefined,
    entity: searchParams.get('entity') || undefined,
    page: searchParams.get('page') ?? 1,
  })
}

/** "3 minutes", "2 hours", "4 days": how long something has waited, in words. */
export function describeAge(ms: number) {
  const minutes = Math.floor(Math.max(0, ms) / 60_000)
  if (minutes < 1) return 'less than a minute'
  const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`
  if (minutes < 60) return plural(minutes, 'minute')
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return plural(hours, 'hour')
  return plural(Math.floor(hours / 24), 'day')
}

export async function syncOverview(now = new Date(), config: HalaxyConfig = readHalaxyConfig()) {
  const [groups, oldest] = await Promise.all([
    db.halaxyLink.groupBy({ by: ['state'], _count: { _all: true } }),
    db.halaxyLink.findFirst({
      where: { state: 'pending', pendingSince: { not: null } },
      orderBy: { pendingSince: 'asc' },
      select: { pendingSince: true },
    }),
  ])
  const counts = Object.fromEntries(SYNC_STATES.map((state) => [state, 0])) as Record<SyncState, number>
  for (const group of groups) counts[group.state] = group._count._all
  const oldestPendingSince = oldest?.pendingSince ?? null
  const oldestPendingAgeMs = oldestPendingSince ? now.getTime() - oldestPendingSince.getTime() : null
  return {
    configured: isHalaxyConfigured(config),
    counts,
    oldestPendingSince,
    oldestPendingAgeMs,
    oldestPendingAge: oldestPendingAgeMs === null ? null : describeAge(oldestPendingAgeMs),
  }
}

/** What the sync monitor shows of the inbound side: webhooks, the poll, busy time and drift. */
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

type LinkRow = {
  id: string
  entity: HalaxyEntity
  havenId: string
  halaxyId: string | null
  state: SyncState
  attempts: number
  lastError: string
  pendingSince: Date | null
  createSentAt: Date | null
  syncedAt: Date | null
  updatedAt: Date
  driftFields: string[]
  driftFoundAt: Date | null
}

const linkSelect = {
  id: true,
  entity: true,
  havenId: true,
  halaxyId: true,
  state: true,
  attempts: true,
  lastError: true,
  pendingSince: true,
  createSentAt: true,
  syncedAt: true,
  updatedAt: true,
  driftFields: true,
  driftFoundAt: true,
} satisfies Prisma.HalaxyLinkSelect

/**
 * What each linked Haven record is, for a manager: a patient's name; an appointment's time in
 * its own zone, who it is between and its status; an invoice's number; a note's title, patient
 * and author. Nothing clinical.
 */
async function describeRecords(links: LinkRow[]) {
  const idsOf = (entity: HalaxyEntity) => links.filter((link) => link.entity === entity).map((l) => l.havenId)
  const [patients, appointments, invoices, documents] = await Promise.all([
    db.user.findMany({ where: { id: { in: idsOf('patient') } }, select: { id: true, name: true } }),
    db.appointment.findMany({
      where: { id: { in: idsOf('appointment') } },
      select: {
        id: true,
        startsAt: true,
        timeZone: true,
        status: true,
        patient: { select: { name: true } },
        psychologist: { select: { name: true } },
      },
    }),
    db.invoice.findMany({
      where: { id: { in: idsOf('invoice') } },
      select: { id: true, number: true, patient: { select: { name: true } } },
    }),
    describeSignedRecords(links.filter((link) => isSignedRecordEntity(link.entity))),
  ])
  const descriptions = new Map<string, string>()
  for (const patient of patients) descriptions.set(`patient:${patient.id}`, patient.name)
  for (const appointment of appointments) {
    const when = formatZonedTime(appointment.startsAt, appointment.timeZone)
    descriptions.set(
      `appointment:${appointment.id}`,
      `${when}: ${appointment.patient.name} with ${appointment.psychologist.name} (${STATUS_LABELS[appointment.status]})`,
    )
  }
  for (const invoice of invoices)
    descriptions.set(`invoice:${invoice.id}`, `Invoice ${invoice.number} for ${invoice.patient.name}`)
  for (const [key, description] of documents) descriptions.set(key, description)
  return links.map((link) => ({
    id: link.id,
    entity: link.entity,
    havenId: link.havenId,
    record: descriptions.get(`${link.entity}:${link.havenId}`) ?? 'No longer in Haven',
    halaxyId: link.halaxyId,
    state: link.state,
    attempts: link.attempts,
    lastError: link.lastError,
    pendingSince: link.pendingSince,
    syncedAt: link.syncedAt,
    updatedAt: link.updatedAt,
    driftFields: link.driftFields,
    driftFoundAt: link.driftFoundAt,
    /** A note whose create may have reached Halaxy: a person looks there (lastError says where). */
    awaitsPerson: awaitsPersonInHalaxy(link),
  }))
}

export type SyncRecordRow = Awaited<ReturnType<typeof describeRecords>>[number]

/** One page of links, problems first (newest first), then waiting changes, then the synced. */
export async function syncRecords(filter: Partial<SyncFilter> = {}) {
  const page = filter.page ?? 1
  const conditions = [
    filter.state ? Prisma.sql`state = ${filter.state}::"SyncState"` : null,
    filter.entity ? Prisma.sql`entity = ${filter.entity}::"HalaxyEntity"` : null,
  ].filter((condition) => condition !== null)
  const where = conditions.length ? Prisma.sql`where ${Prisma.join(conditions, ' and ')}` : Prisma.empty
  const [ids, [{ count }]] = await Promise.all([
    db.$queryRaw<{ id: string }[]>`
      select id from "HalaxyLink" ${where}
      order by case state when 'failed' then 0 when 'needs_attention' then 0 when 'pending' then 1 else 2 end,
        "updatedAt" desc, id
      limit ${SYNC_PAGE_SIZE} offset ${(page - 1) * SYNC_PAGE_SIZE}`,
    db.$queryRaw<[{ count: number }]>`select count(*)::int as count from "HalaxyLink" ${where}`,
  ])
  const links = await db.halaxyLink.findMany({
    where: { id: { in: ids.map((row) => row.id) } },
    select: linkSelect,
  })
  const byId = new Map(links.map((link) => [link.id, link]))
  const ordered = ids.flatMap((row) => byId.get(row.id) ?? [])
  return {
    rows: await describeRecords(ordered),
    count,
    page,
    pageCount: Math.max(1, Math.ceil(count / SYNC_PAGE_SIZE)),
  }
}

/** One link with its history: every request Halaxy was sent for it, newest first; null when there is no such link. */
export async function syncRecord(linkId: string) {
  const link = await db.halaxyLink.findUnique({ where: { id: linkId }, select: linkSelect })
  if (!link) return null
  const [[row], history] = await Promise.all([
    describeRecords([link]),
    db.syncAttempt.findMany({
      where: { linkId },
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      take: 200,
      select: {
        id: true,
        at: true,
        operation: true,
        outcome: true,
        httpStatus: true,
        message: true,
        durationMs: true,
      },
    }),
  ])
  return { ...row!, retryable: isMirrored(link.entity), history }
}

function isMirrored(entity: HalaxyEntity): entity is MirroredEntity {
  return entity !== 'invoice'
}

/** Why a retry could not be queued, in words for the manager. */
export class SyncRetryRefusedError extends DomainError {
  constructor(message: string) {
    super('conflict', message)
  }
}

/** Sends one record again: marks it pending and queues its push. */
export async function retryLink(linkId: string, actorId: string, now = new Date()) {
  return db.$transaction(async (tx) => {
    const link = await tx.halaxyLink.findUnique({
      where: { id: linkId },
      select: { entity: true, havenId: true },
    })
    if (!link) throw new SyncRetryRefusedError('That record is no longer in the sync list.')
    if (!isMirrored(link.entity))
      throw new SyncRetryRefusedError(
        'Invoices are read back from Halaxy with their appointment: retry the appointment instead.',
      )
    await pushSoon(tx, link.entity, link.havenId, now)
    await audit(tx, { actorId, action: 'halaxy.retry', entity: 'HalaxyLink', entityId: linkId })
    return { entity: link.entity, havenId: link.havenId }
  })
}

type Mark = { entity: MirroredEntity; havenId: string }

async function markInBatches(marks: Mark[], now: Date) {
  for (let start = 0; start < marks.length; start += SYNC_BATCH_SIZE) {
    const batch = marks.slice(start, start + SYNC_BATCH_SIZE)
    await db.$transaction(
      async (tx) => {
        for (const mark of batch) await markForHalaxy(tx, mark.entity, mark.havenId, now)
      },
      { timeout: 60_000 },
    )
  }
}

async function recordAction(actorId: string, action: string, detail: Prisma.InputJsonValue) {
  await db.$transaction((tx) => audit(tx, { actorId, action, entity: 'HalaxyLink', detail }))
}

/** Sends again every record that failed or needs a person's attention. */
export async function retryAllFailed(actorId: string, now = new Date()) {
  const links = await db.halaxyLink.findMany({
    // Changes made in Halaxy, and notes that may already be there, wait for a person's
    // decision, record by record.
    where: {
      state: { in: PROBLEM_STATES },
      entity: { not: 'invoice' },
      driftFields: { isEmpty: true },
      NOT: AWAITING_PERSON,
    },
    orderBy: { updatedAt: 'asc' },
    select: { entity: true, havenId: true },
  })
  const marks = links.flatMap((link) =>
    isMirrored(link.entity) ? [{ entity: link.entity, havenId: link.havenId }] : [],
  )
  await markInBatches(marks, now)
  await recordAction(actorId, 'halaxy.retry_all_failed', { count: marks.length })
  return { count: marks.length }
}

/**
 * Backfills everything Halaxy should hold: every patient who has been seen (or booked) or has
 * finished intake, and every appointment that went ahead, is booked, or was cancelled after
 * it reached Halaxy. Patients go first so their appointments find them. Safe to run again:
 * each record has one link and one queued push.
 */
export async function fullResync(actorId: string, now = new Date()) {
  const cancelledInHalaxy = await db.halaxyLink.findMany({
    where: { entity: 'appointment', halaxyId: { not: null } },
    select: { havenId: true },
  })
  const [patients, appointments] = await Promise.all([
    db.user.findMany({
      where: {
        OR: [
          { patient: { intakeSubmittedAt: { not: null } } },
          { appointmentsAsPatient: { some: { status: { in: [...RESYNCED_APPOINTMENT_STATUSES] } } } },
        ],
      },
      orderBy: { id: 'asc' },
      select: { id: true },
    }),
    db.appointment.findMany({
      where: {
        OR: [
          { status: { in: [...RESYNCED_APPOINTMENT_STATUSES] } },
          {
            status: { in: [...CANCELLED_STATUSES] },
            id: { in: cancelledInHalaxy.map((link) => link.havenId) },
          },
        ],
      },
      orderBy: { startsAt: 'asc' },
      select: { id: true },
    }),
  ])
  await markInBatches(
    [
      ...patients.map((patient) => ({ entity: 'patient' as const, havenId: patient.id })),
      ...appointments.map((appointment) => ({ entity: 'appointment' as const, havenId: appointment.id })),
    ],
    now,
  )
  const counts = { patients: patients.length, appointments: appointments.length }
  await recordAction(actorId, 'halaxy.full_resync', counts)
  return counts
}

/** Queues a full re-sync (the worker runs fullResync): answers at once, whatever the practice's size. */
export async function requestFullResync(actorId: string) {
  await db.$transaction(async (tx) => {
    await enqueue(tx, halaxyResyncQueue, { actorId }, { singletonKey: 'full' })
    await audit(tx, { actorId, action: 'halaxy.full_resync_requested', entity: 'HalaxyLink' })
  })
}

/** Whether a full re-sync is queued or running (the monitor says so rather than offer another). */
export async function fullResyncInProgress() {
  const [row] = await db.$queryRaw<[{ running: boolean }]>`
    select case when to_regclass('pgboss.job') is null then false
      else exists (select 1 from pgboss.job where name = ${halaxyResyncQueue.name}
                   and state in ('created', 'retry', 'active')) end as running`
  return row.running
}

export type BadgeSyncState = SyncState

/** Each appointment's sync state, by id; an appointment with no link is absent (not yet in Halaxy). */
export async function syncStates(appointmentIds: readonly string[]): Promise<Record<string, BadgeSyncState>> {
  if (appointmentIds.length === 0) return {}
  const links = await db.halaxyLink.findMany({
    where: { entity: 'appointment', havenId: { in: [...appointmentIds] } },
    select: { havenId: true, state: true },
  })
  return Object.fromEntries(links.map((link) => [link.havenId, link.state]))
}
