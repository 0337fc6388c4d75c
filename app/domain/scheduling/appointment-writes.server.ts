// What every write to a psychologist's calendar shares: taking the calendar's turn, the
// time-off check made under it, and the record of the change with the work that follows it.
import { type AppointmentEventKind } from '~/generated/prisma/client.ts'
import { type Tx } from '~/utils/db.server.ts'
import { enqueue } from '~/utils/jobs.server.ts'
import { appointmentChangedQueue } from '~/utils/queues.server.ts'
import { audit } from '../audit/audit.server.ts'
import { markForHalaxy } from '../halaxy/outbox.server.ts'
import { HalaxyBusyConflictError, TimeOffConflictError } from './appointment-errors.ts'

// Many patients may go for the same popular time at once: wait for a connection rather than
// fail (the losers then get a clean "just taken" from the constraint).
export const BURST_TRANSACTION = { maxWait: 10_000, timeout: 15_000 }

/**
 * Changes to one psychologist's appointments take turns. Concurrent writes that collide on
 * the exclusion constraint can deadlock each other (PostgreSQL checks it after writing);
 * taking turns means each attempt sees the last one's outcome and fails cleanly.
 */
export async function lockPsychologistCalendar(tx: Tx, psychologistId: string) {
  await tx.$queryRaw`select 1 from pg_advisory_xact_lock(hashtextextended(${psychologistId}, 0))`
}

/**
 * Everything that follows a change, in the change's own transaction: the history staff
 * see, the audit trail, and the job that later capabilities (messages, the video room,
 * the Halaxy mirror) act on.
 */
export async function recordAppointmentChange(
  tx: Tx,
  change: {
    appointmentId: string
    version: number
    actorId: string | null
    kind: AppointmentEventKind
    reason?: string
    fromStartsAt?: Date
    toStartsAt?: Date
    /** A booking held for payment: not mirrored until confirmed. */
    held?: boolean
  },
) {
  await tx.appointmentEvent.create({
    data: {
      appointmentId: change.appointmentId,
      actorId: change.actorId,
      kind: change.kind,
      reason: change.reason ?? '',
      fromStartsAt: change.fromStartsAt,
      toStartsAt: change.toStartsAt,
    },
  })
  await audit(tx, {
    actorId: change.actorId,
    action: `appointment.${change.kind}`,
    entity: 'appointment',
    entityId: change.appointmentId,
  })
  await enqueue(tx, appointmentChangedQueue, { appointmentId: change.appointmentId, version: change.version })
  // Halaxy mirrors sessions booked for real: a hold waiting for payment, or released, stays in Haven.
  if (change.kind !== 'hold_expired' && !(change.kind === 'booked' && change.held))
    await markForHalaxy(tx, 'appointment', change.appointmentId)
}

/**
 * Time off and sessions booked in Halaxy itself are not in the exclusion constraint, so they
 * are checked again under the calendar's lock (time off is blocked under the same lock): a
 * block made a moment ago always wins.
 */
export async function refuseTimeOff(tx: Tx, psychologistId: string, start: Date, end: Date) {
  const overlapping = { psychologistId, startsAt: { lt: end }, endsAt: { gt: start } }
  const [timeOff, inHalaxy] = await Promise.all([
    tx.timeOff.count({ where: overlapping }),
    tx.halaxyBusyBlock.count({ where: overlapping }),
  ])
  if (timeOff > 0) throw new TimeOffConflictError()
  if (inHalaxy > 0) throw new HalaxyBusyConflictError()
}
