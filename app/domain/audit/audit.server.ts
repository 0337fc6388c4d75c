import { type Prisma } from '~/generated/prisma/client.ts'
import { type Tx } from '~/utils/db.server.ts'

type AuditInput = {
  actorId: string | null
  action: string
  entity: string
  entityId?: string | null
  /** Field names, counts or ids only: never values of sensitive fields. */
  detail?: Prisma.InputJsonValue
}

/** Records who did what, in the same transaction as the change itself. */
export function audit(tx: Tx, event: AuditInput) {
  return tx.auditEvent.create({
    data: {
      actorId: event.actorId,
      action: event.action,
      entity: event.entity,
      entityId: event.entityId ?? null,
      detail: event.detail,
    },
  })
}
