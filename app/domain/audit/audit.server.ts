import { type Prisma } from '~/generated/prisma/client.ts'
import { CLIENT_IP_HEADER } from '~/utils/client-ip.server.ts'
import { type Tx } from '~/utils/db.server.ts'

/** Where a read or write came from: the client's address and the path (never the query string). */
export type AccessContext = { ipAddress: string | null; path: string }

type AuditInput = {
  actorId: string | null
  action: string
  entity: string
  entityId?: string | null
  /** Whose health information this touched: the patient's record lists it as access history. */
  patientId?: string | null
  access?: AccessContext
  /** Field names, counts or ids only: never values of sensitive fields. */
  detail?: Prisma.InputJsonValue
}

/** The request's origin for the audit trail. */
export function accessFrom(request: Request): AccessContext {
  // server.ts stamps the client's address (after the one trusted proxy) on this header.
  const address = request.headers.get(CLIENT_IP_HEADER)?.trim()
  return {
    ipAddress: address ? address.slice(0, 64) : null,
    path: new URL(request.url).pathname.slice(0, 300),
  }
}

/** Records who did what, in the same transaction as the change itself. */
export function audit(tx: Tx, event: AuditInput) {
  return tx.auditEvent.create({
    data: {
      actorId: event.actorId,
      action: event.action,
      entity: event.entity,
      entityId: event.entityId ?? null,
      // An event about a patient record is about that patient's health information.
      patientId: event.patientId ?? (event.entity === 'patient' ? (event.entityId ?? null) : null),
      ipAddress: event.access?.ipAddress ?? null,
      path: event.access?.path ?? null,
      detail: event.detail,
    },
  })
}
