// The appointment page that psychologists (their own) and managers (any) share: one loader
// and one action, each route supplying its row of the policy table and the scope.
import { type SessionUser } from '~/domain/identity/session.server.ts'
import { messagesForAppointment } from '~/domain/notify/message-views.server.ts'
import { noteStateOf } from '~/domain/records/notes.server.ts'
import { videoForStaff } from '~/domain/telehealth/room-events.server.ts'
import {
  appointmentForStaff,
  cancelAppointmentAsStaff,
  recordAttendance,
  rescheduleAppointmentAsStaff,
  type StaffScope,
} from '~/domain/scheduling/staff-changes.server.ts'
import { type ROUTE_POLICIES } from '~/routes/__policy.ts'
import { handleAction } from '~/utils/action.server.ts'
import { invariantResponse } from '~/utils/invariant.ts'
import { redirectWithNotice } from '~/utils/notice.server.ts'
import { moveStart, staffAppointmentSchema } from './appointment-schema.ts'

type StaffAppointmentPolicy = (typeof ROUTE_POLICIES)[
  'clinician+/appointments.$appointmentId.tsx' | 'manager+/appointments.$appointmentId.tsx']

const NOTICES = {
  reschedule: 'The session has moved. The patient will be told of the new time.',
  cancel: 'The session is cancelled. The patient will be told.',
  attendance: 'Attendance is recorded.',
} as const

/** The appointment as staff see it; outside the scope (another psychologist's) it is not found. */
async function appointmentInScope(appointmentId: string, scope: StaffScope) {
  const appointment = await appointmentForStaff(appointmentId, scope)
  invariantResponse(appointment, 'We could not find that appointment.', 404)
  return appointment
}

/**
 * The page: the appointment and, once it is known to be in scope, the messages about it and, for
 * a telehealth session, its video room and timeline (with Start session for its psychologist).
 */
export async function loadStaffAppointment(appointmentId: string, scope: StaffScope) {
  const appointment = await appointmentInScope(appointmentId, scope)
  const video =
    appointment.modality === 'telehealth'
      ? {
          ...(await videoForStaff({
            id: appointment.id,
            startsAt: new Date(appointment.start),
            endsAt: new Date(appointment.end),
          })),
          startSessionPath:
            scope.psychologistId && appointment.status === 'confirmed'
              ? `/clinician/appointments/${appointment.id}/session`
              : null,
        }
      : null
  // The session's note, for its psychologist: whether it is written (never what it says).
  const note = scope.psychologistId
    ? { state: await noteStateOf(appointment.id), path: `/clinician/appointments/${appointment.id}/note` }
    : null
  return { ...appointment, messages: await messagesForAppointment(appointment.id), video, note }
}

export async function handleStaffAppointmentAction(
  request: Request,
  input: {
    policy: StaffAppointmentPolicy
    appointmentId: string
    scopeOf: (actor: SessionUser) => StaffScope
  },
) {
  const { appointmentId, scopeOf } = input
  return handleAction(request, {
    policy: input.policy,
    load: (actor) => appointmentInScope(appointmentId, scopeOf(actor)),
    // A move's time is read in the session's own zone, so the form is checked against it.
    schema: (_actor, { timeZone }) => staffAppointmentSchema(timeZone),
    perform: async (action, actor, _submission, { timeZone }) => {
      const common = { appointmentId, scope: scopeOf(actor), actorId: actor.id, version: action.version }
      if (action.intent === 'reschedule') {
        // The schema has made sure the time exists in the session's zone.
        const start = moveStart(action, timeZone)!
        await rescheduleAppointmentAsStaff({ ...common, start, reason: action.reason })
      } else if (action.intent === 'cancel') {
        await cancelAppointmentAsStaff({
          ...common,
          reason: action.reason,
          lateByPatient: action.late === true,
        })
      } else {
        await recordAttendance({ ...common, outcome: action.outcome })
      }
      // Back to the page (a reload then cannot send the form again), saying what happened.
      return redirectWithNotice(new URL(request.url).pathname, NOTICES[action.intent])
    },
  })
}
