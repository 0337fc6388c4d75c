import { db, type Tx } from '~/utils/db.server.ts'
import { settleInvoiceOnCancellation } from '../billing/refunds.server.ts'
import { AppointmentActionError, BookingNotFoundError, StaleAppointmentError } from './appointment-errors.ts'
import { isInsideNoticeWindow, patientMayCancel } from './appointment-state.ts'
import { recordAppointmentChange } from './appointment-writes.server.ts'

/**
 * Cancels an appointment in the caller's transaction, if it is still at the version the
 * person saw: a stale form changes nothing.
 */
export async function applyCancellation(
  tx: Tx,
  appointment: { id: string; version: number },
  change: { kind: 'cancelled' | 'late_cancelled'; actorId: string; reason: string; now: Date },
) {
  const { count } = await tx.appointment.updateMany({
    where: { id: appointment.id, version: appointment.version },
    data: {
      status: change.kind,
      cancelledAt: change.now,
      cancelReason: change.reason,
      version: { increment: 1 },
    },
  })
  if (count !== 1) throw new StaleAppointmentError()
  await settleInvoiceOnCancellation(tx, {
    appointmentId: appointment.id,
    late: change.kind === 'late_cancelled',
    actorId: change.actorId,
    now: change.now,
  })
  await recordAppointmentChange(tx, {
    appointmentId: appointment.id,
    version: appointment.version + 1,
    actorId: change.actorId,
    kind: change.kind,
    reason: change.reason,
  })
}

/**
 * A patient cancels. Free with enough notice; inside the notice window it is a late
 * cancellation, which may carry the fee. A stale form (older version) changes nothing.
 */
export async function cancelAppointmentAsPatient(input: {
  appointmentId: string
  patientId: string
  version: number
  now?: Date
}) {
  const now = input.now ?? new Date()
  return db.$transaction(async (tx) => {
    const appointment = await tx.appointment.findFirst({
      where: { id: input.appointmentId, patientId: input.patientId },
    })
    if (!appointment) throw new BookingNotFoundError()
    if (appointment.version !== input.version) throw new StaleAppointmentError()
    const decision = patientMayCancel(appointment, now)
    if (!decision.allowed) throw new AppointmentActionError(decision.reason)
    const late = appointment.status === 'confirmed' && isInsideNoticeWindow(appointment.startsAt, now)
    await applyCancellation(tx, appointment, {
      kind: late ? 'late_cancelled' : 'cancelled',
      actorId: input.patientId,
      reason: 'Cancelled by the patient',
      now,
    })
    return { late }
  })
}
