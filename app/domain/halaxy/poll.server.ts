// The poll (every five minutes) that heals missed webhooks: whatever Halaxy changed since the
// last poll, read by `_lastUpdated`, and the upcoming appointments of a psychologist once, when
// first mapped (the backfill). Each record is applied as a webhook's would be.
import { db } from '~/utils/db.server.ts'
import { getHalaxyClient } from './client.server.ts'
import { halaxyVersion } from './drift.ts'
import { type FhirMeta } from './fhir.ts'
import { applyFromHalaxy, type InboundOutcome, type InboundResource } from './remote-change.server.ts'

/** The one HalaxyInbound row: the poll's cursors, and the webhooks' count beside them. */
export const INBOUND_ID = 'halaxy'

function inboundState() {
  // The id in both where and create: Prisma then upserts natively (ON CONFLICT), so two
  // webhooks arriving together cannot both try to create the one row.
  return db.halaxyInbound.upsert({ where: { id: INBOUND_ID }, create: { id: INBOUND_ID }, update: {} })
}

// Upcoming appointments read in full when a psychologist is first mapped.
const BACKFILL_DAYS = 400
// Re-reads a second behind the cursor: Halaxy's lastUpdated may be to the second, and
// applying a record twice changes nothing.
const CURSOR_OVERLAP_MS = 1_000
// A first poll looks back a day.
const FIRST_LOOK_BACK_MS = 24 * 60 * 60 * 1_000

type PollCounts = Partial<Record<InboundOutcome, number>>

function latest(resources: { meta?: FhirMeta }[], fallback: Date) {
  let cursor = fallback
  for (const resource of resources) {
    const stamp = Date.parse(resource.meta?.lastUpdated ?? '')
    if (!Number.isNaN(stamp) && stamp > cursor.getTime()) cursor = new Date(stamp)
  }
  return cursor
}

/**
 * The poll: upcoming appointments of newly mapped psychologists, then every appointment,
 * patient and invoice changed since the last poll. A failed read keeps the cursor where it
 * was (nothing is skipped) and is shown on the sync monitor.
 */
export async function pollHalaxy(client = getHalaxyClient(), now = new Date()) {
  const state = await inboundState()
  const counts: PollCounts = {}
  // A record read twice in one poll at the same version (backfill, then changed-since) is applied once.
  const applied = new Set<string>()
  const apply = async (resource: InboundResource & { id: string }) => {
    const key = `${resource.resourceType}/${resource.id}/${halaxyVersion(resource)}`
    if (applied.has(key)) return
    applied.add(key)
    const outcome = await applyFromHalaxy(
      { resourceType: resource.resourceType, halaxyId: resource.id },
      resource,
      now,
    )
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
    for (const appointment of upcoming.resource) await apply(appointment)
    backfilled.add(role)
    await db.halaxyInbound.update({ where: { id: INBOUND_ID }, data: { backfilledRoles: [...backfilled] } })
  }

  const since = (cursor: Date | null) =>
    new Date((cursor?.getTime() ?? now.getTime() - FIRST_LOOK_BACK_MS) - CURSOR_OVERLAP_MS)
  const sources = [
    {
      cursor: 'appointmentsCursor' as const,
      search: (after: Date) => client.searchAppointments({ updatedAfter: after }),
    },
    {
      cursor: 'patientsCursor' as const,
      search: (after: Date) => client.searchPatients({ updatedAfter: after }),
    },
    {
      cursor: 'invoicesCursor' as const,
      search: (after: Date) => client.searchInvoices({ updatedAfter: after }),
    },
  ]
  for (const source of sources) {
    const previous = state[source.cursor]
    const changed = await source.search(since(previous))
    if (!changed.ok) return failed(changed.error.message)
    for (const resource of changed.resource) await apply(resource)
    const next = latest(changed.resource, previous ?? new Date(now.getTime() - FIRST_LOOK_BACK_MS))
    await db.halaxyInbound.update({ where: { id: INBOUND_ID }, data: { [source.cursor]: next } })
  }
  await db.halaxyInbound.update({ where: { id: INBOUND_ID }, data: { lastPollAt: now, lastPollError: '' } })
  return { ok: true as const, counts }
}
