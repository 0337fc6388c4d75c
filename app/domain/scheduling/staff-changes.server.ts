// What psychologists and managers do to an appointment: move it or cancel it at any time
// with a reason, and record whether the patient attended. A psychologist acts only on their
// own appointments (scope.psychologistId); a manager on any.
import { db } from '~/utils/db.server.ts'
import { isOverlapViolation } from '~/utils/db-errors.server.ts'
import {
  isInsideNoticeWindow,
  staffMayChange,
  staffMayRecordAttendance,
  type ActionDecision,
} from './appointment-state.ts'
import {
  AppointmentActionError,
  BookingNotFoundError,
  HalaxyBusyConflictError,
  StaleAppointmentError,
  TimeOffConflictError,
} from './appointment-errors.ts'
import { recordAppointmentChange } from './appointment-writes.server.ts'
import { applyCancellation } from './cancellation.server.ts'
import { moveAppointment } from './reschedule.server.ts'

/** Whose appointments a member of staff may act on: one psychologist's, or (no id) anyone's. */
export type StaffScope = { psychologistId?: string }

const REASON_MAX = 500

function scoped(appointmentId: string, scope: StaffScope) {
  return { id: appointmentId, ...(scope.psychologistId ? { psychologistId: scope.psychologistId } : {}) }
}

async function loadForChange(input: { appointmentId: string; scope: StaffScope; version: number }) {
  const appointment = await db.appointment.findFirst({ where: scoped(input.appointmentId, input.scope) })
  if (!appointment) throw new BookingNotFoundError()
  if (appointment.version !== input.version) throw new StaleAppointmentError()
  return appointment
}

function allow(decision: ActionDecision) {
  if (!decision.allowed) throw new AppointmentActionError(decision.reason)
}

function requireReason(reason: string) {
  const trimmed = reason.trim()
  if (!trimmed) throw new AppointmentActionError('Give a reason for the change.')
  if (trimmed.length > REASON_MAX)
    throw new AppointmentActionError(`Keep the reason under ${REASON_MAX} characters.`)
  return trimmed
}

/**
 * Staff move an appointment to any future time (outside working hours too: they know their
 * day), unless another session or their time off is there.
 */
export async function rescheduleAppointmentAsStaff(input: {
  appointmentId: string
  scope: StaffScope
  actorId: string
  version: number
  start: Date
  reason: string
  now?: Date
}) {
  const now = input.now ?? new Date()
  const reason = requireReason(input.reason)
  const appointment = await loadForChange(input)
  allow(staffMayChange(appointment))
  if (input.start.getTime() <= now.getTime()) throw new AppointmentActionError('Choose a time in the future.')
  if (input.start.getTime() === appointment.startsAt.getTime())
    throw new AppointmentActionError('That is the time the session is already booked for.')
  try {
    await db.$transaction((tx) =>
      moveAppointment(tx, appointment, { start: input.start, actorId: input.actorId, reason, now }),
    )
  } catch (error) {
    if (isOverlapViolation(error))
      throw new AppointmentActionError('Another session is booked at that time. Choose another time.')
    if (error instanceof HalaxyBusyConflictError)
      throw new AppointmentActionError(
        'That time is booked in Halaxy (a session made there). Choose another time.',
      )
    if (error instanceof TimeOffConflictError)
      throw new AppointmentActionError(
        'That time is blocked as time off. Remove the time off first, or choose another time.',
      )
    throw error
  }
  return { from: appointment.startsAt, to: input.start }
}

/**
 * Staff cancel with a reason. A patient who rang to cancel inside the notice window can be
 * recorded as a late cancellation (the fee may apply); otherwise it is a cancellation
 * without charge.
 */
export async function cancelAppointmentAsStaff(input: {
  appointmentId: string
  scope: StaffScope
  actorId: string
  version: number
  reason: string
  lateByPatient: boolean
  now?: Date
}) {
  const now = input.now ?? new Date()
  const reason = requireReason(input.reason)
  const appointment = await loadForChange(input)
  allow(staffMayChange(appointment))
  if (
    input.lateByPatient &&
    !(appointment.status === 'confirmed' && isInsideNoticeWindow(appointment.startsAt, now))
  )
    throw new AppointmentActionError(
      'Only a confirmed session inside the notice window can be recorded as a late cancellation.',
    )
  await db.$transaction((tx) =>
    applyCancellation(tx, appointment, {
      kind: input.lateByPatient ? 'late_cancelled' : 'cancelled',
      actorId: input.actorId,
      reason,
      now,
    }),
  )
  return { late: input.lateByPatient }
}

/** The patient came (completed) or did not (no-show); a mistaken record can be corrected. */
export async function recordAttendance(input: {
  appointmentId: string
  scope: StaffScope
  actorId: string
  version: number
  outcome: 'completed' | 'no_show'
  now?: Date
}) {
  const now = input.now ?? new Date()
  const appointment = await loadForChange(input)
  allow(staffMayRecordAttendance(appointment, input.outcome, now))
  await db.$transaction(async (tx) => {
    const { count } = await tx.appointment.updateMany({
      where: { id: appointment.id, version: appointment.version },
      data: { status: input.outcome, version: { increment: 1 } },
    })
    if (count !== 1) throw new StaleAppointmentError()
    await recordAppointmentChange(tx, {
      appointmentId: appointment.id,
      version: appointment.version + 1,
      actorId: input.actorId,
      kind: input.outcome,
    })
  })
}

/** An appointment as staff see it: the session, the patient, what can be done, and its history. */
export async function appointmentForStaff(appointmentId: string, scope: StaffScope, now = new Date()) {
  const appointment = await db.appointment.findFirst({
    where: scoped(appointmentId, scope),
    include: {
      patient: { select: { id: true, name: true } },
      psychologist: { select: { id: true, name: true } },
      appointmentType: { select: { name: true } },
      location: { select: { name: true, address: true } },
      events: {
        orderBy: { at: 'asc' },
        include: { actor: { select: { name: true } } },
      },
    },
  })
  if (!appointment) return null
  return {
    id: appointment.id,
    version: appointment.version,
    status: appointment.status,
    start: appointment.startsAt.toISOString(),
    end: appointment.endsAt.toISOString(),
    timeZone: appointment.timeZone,
    modality: appointment.modality,
    fee: appointment.feeCents,
    holdExpiresAt: appointment.holdExpiresAt?.toISOString() ?? null,
    cancelReason: appointment.cancelReason,
    patient: appointment.patient,
    psychologist: appointment.psychologist,
    type: appointment.appointmentType.name,
    location: appointment.location,
    canChange: staffMayChange(appointment).allowed,
    lateCancellationPossible:
      appointment.status === 'confirmed' && isInsideNoticeWindow(appointment.startsAt, now),
    attendance: (['completed', 'no_show'] as const).filter(
      (outcome) => staffMayRecordAttendance(appointment, outcome, now).allowed,
    ),
    history: appointment.events.map((event) => ({
      at: event.at.toISOString(),
      kind: event.kind,
      actor: event.actor?.name ?? 'Haven',
      reason: event.reason,
      from: event.fromStartsAt?.toISOString() ?? null,
      to: event.toStartsAt?.toISOString() ?? null,
    })),
  }
}
