// Drift on the records Haven owns in Halaxy: found when the inbound side reads a change a
// person made there (recordDrift), then decided by the manager: send Haven's version again,
// or leave Halaxy's as it is. Field names only, never values.
import { DomainError } from '~/domain/errors.ts'
import { audit } from '~/domain/audit/audit.server.ts'
import { db, type Tx } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { pushSoon } from './outbox.server.ts'
import { invoiceDifference } from './push.server.ts'
import { DRIFT_FIELD_LABELS, type DriftField, type SyncOperation, type SyncOutcome } from './sync-states.ts'

export type DriftOutcome = 'in-step' | 'drift' | 'dismissed' | 'waiting'

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
export async function recordDrift(
  link: LinkRow,
  fields: readonly string[],
  version: string | null,
  now: Date,
  differenceCents?: number | null,
): Promise<DriftOutcome> {
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
    data: {
      linkId,
      operation: 'halaxy-change' satisfies SyncOperation,
      outcome: 'drift' satisfies SyncOutcome,
      message: message.slice(0, 1_000),
    },
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
