// The Halaxy mirror's outbox: every change to a mirrored record marks its link pending and
// queues its push in the change's own transaction, so a change is never lost and a rolled-
// back change leaves nothing behind.
import { type HalaxyEntity } from '~/generated/prisma/client.ts'
import { type Tx } from '~/utils/db.server.ts'
import { enqueue, runSoon } from '~/utils/jobs.server.ts'
import { halaxyPushQueue, type QueueDefinition } from '~/utils/queues.server.ts'

/** What Haven pushes to Halaxy (invoices are Halaxy's own, only read back). */
export type MirroredEntity = Exclude<HalaxyEntity, 'invoice'>
/** Signed clinical records: each sent once, never changed (app/domain/halaxy/notes.server.ts). */
export type SignedRecordEntity = Extract<HalaxyEntity, 'clinical_note' | 'note_addendum'>

export function isSignedRecordEntity(entity: HalaxyEntity): entity is SignedRecordEntity {
  return entity === 'clinical_note' || entity === 'note_addendum'
}

/** Marks a record as changed since Halaxy last heard of it, and queues its push. */
export async function markForHalaxy(tx: Tx, entity: MirroredEntity, havenId: string, now = new Date()) {
  // pendingSince keeps the oldest unsynced change: the monitor's "waiting since".
  await tx.$executeRaw`
    insert into "HalaxyLink" (id, entity, "havenId", state, "pendingSince", "updatedAt")
    values (${`hl_${entity}_${havenId}`}, ${entity}::"HalaxyEntity", ${havenId}, 'pending', ${now}, ${now})
    on conflict (entity, "havenId") do update
      set state = 'pending',
          "pendingSince" = coalesce("HalaxyLink"."pendingSince", excluded."pendingSince"),
          "nextAttemptAt" = null,
          "updatedAt" = excluded."updatedAt"`
  await enqueue(tx, halaxyPushQueue, { entity, havenId }, { singletonKey: pushKey(entity, havenId) })
}

function pushKey(entity: MirroredEntity, havenId: string) {
  return `${entity}:${havenId}`
}

/**
 * A person asked for the record to be sent now (a retry on the sync monitor): a push waiting
 * out its retry backoff is brought forward rather than left to wait up to two minutes.
 */
export async function pushSoon(tx: Tx, entity: MirroredEntity, havenId: string, now = new Date()) {
  await markForHalaxy(tx, entity, havenId, now)
  await runSoon(tx, halaxyPushQueue as QueueDefinition<unknown>, pushKey(entity, havenId))
}
