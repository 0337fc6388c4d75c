// The appointment page that psychologists (their own) and managers (any) share: one loader
// and one action, each route supplying the guard and the scope.
import { data, redirect } from '@remix-run/node'
import { z } from 'zod'
import {
  AppointmentActionError,
  BookingNotFoundError,
  StaleAppointmentError,
} from '~/domain/scheduling/appointment-errors.ts'
import {
  appointmentForStaff,
  cancelAppointmentAsStaff,
  recordAttendance,
  rescheduleAppointmentAsStaff,
  type StaffScope,
} from '~/domain/scheduling/staff-changes.server.ts'
import { zonedDateTimeToInstant } from '~/domain/scheduling/zoned-time.ts'
import { readFormData } from '~/utils/form-data.server.ts'

const version = z.coerce.number().int().min(1)
const reason = z
  .string()
  .trim()
  .min(1, 'Give a reason for the change.')
  .max(500, 'Keep the reason under 500 characters.')

export const StaffAppointmentActionSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('reschedule'),
    version,
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Choose a date.'),
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Choose a time.'),
    reason,
  }),
  z.object({ intent: z.literal('cancel'), version, reason, late: z.literal('on').optional() }),
  z.object({ intent: z.literal('attendance'), version, outcome: z.enum(['completed', 'no_show']) }),
])

export type StaffAppointmentIntent = z.infer<typeof StaffAppointmentActionSchema>['intent']
type FieldErrors = Partial<Record<'date' | 'time' | 'reason', string[]>>

const DONE = { reschedule: 'moved', cancel: 'cancelled', attendance: 'attendance' } as const

export async function loadStaffAppointment(appointmentId: string, scope: StaffScope) {
  const appointment = await appointmentForStaff(appointmentId, scope)
  if (!appointment) throw new Response('Not found', { status: 404 })
  return appointment
}

function refused(intent: StaffAppointmentIntent | null, formError: string, fieldErrors: FieldErrors = {}) {
  return data({ intent, formError, fieldErrors }, { status: 400 })
}

export async function handleStaffAppointmentAction(
  request: Request,
  input: { appointmentId: string; scope: StaffScope; actorId: string },
) {
  const form = Object.fromEntries(await readFormData(request))
  const parsed = StaffAppointmentActionSchema.safeParse(form)
  if (!parsed.success) {
    const intent = StaffAppointmentActionSchema.options.find(
      (option) => option.shape.intent.value === form.intent,
    )
    if (!intent) return refused(null, 'That request was not understood.')
    const fieldErrors = z.flattenError(parsed.error).fieldErrors as FieldErrors & { version?: string[] }
    return refused(
      intent.shape.intent.value,
      fieldErrors.version ? 'That form is out of date. Reload the page.' : 'Check the highlighted fields.',
      fieldErrors,
    )
  }
  const action = parsed.data
  const common = { ...input, version: action.version }
  try {
    if (action.intent === 'reschedule') {
      const appointment = await loadStaffAppointment(input.appointmentId, input.scope)
      const [hours, minutes] = action.time.split(':').map(Number)
      const start = zonedDateTimeToInstant(
        { date: action.date, minute: hours! * 60 + minutes! },
        appointment.timeZone,
      )
      if (!start)
        return refused(action.intent, 'Check the highlighted fields.', {
          time: ['That time does not exist on that day: the clocks go forward. Choose another time.'],
        })
      await rescheduleAppointmentAsStaff({ ...common, start, reason: action.reason })
    } else if (action.intent === 'cancel') {
      await cancelAppointmentAsStaff({
        ...common,
        reason: action.reason,
        lateByPatient: action.late === 'on',
      })
    } else {
      await recordAttendance({ ...common, outcome: action.outcome })
    }
  } catch (error) {
    if (error instanceof StaleAppointmentError || error instanceof AppointmentActionError)
      return data({ intent: action.intent, formError: error.message, fieldErrors: {} }, { status: 409 })
    if (error instanceof BookingNotFoundError) throw new Response('Not found', { status: 404 })
    throw error
  }
  // Back to the page (a reload then cannot send the form again), saying what happened.
  return redirect(`${new URL(request.url).pathname}?done=${DONE[action.intent]}`)
}
