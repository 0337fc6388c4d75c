// The staff appointment page's forms, checked by the same schemas in the browser and on the
// server (client-safe: no .server).
import { z } from 'zod'
import { zonedDateTimeToInstant } from '~/domain/scheduling/zoned-time.ts'

const DATE = /^\d{4}-\d{2}-\d{2}$/
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/

const version = z.coerce
  .number({ error: 'That form is out of date. Reload the page.' })
  .int()
  .min(1, 'That form is out of date. Reload the page.')
const reason = z
  .string({ error: 'Give a reason for the change.' })
  .trim()
  .min(1, 'Give a reason for the change.')
  .max(500, 'Keep the reason under 500 characters.')

/** The instant a wall-clock date and time name in the session's zone; null in the hour the clocks skip. */
export function moveStart(move: { date: string; time: string }, timeZone: string) {
  const [hours, minutes] = move.time.split(':').map(Number)
  return zonedDateTimeToInstant({ date: move.date, minute: hours! * 60 + minutes! }, timeZone)
}

/** Moving the session: a date and time in the session's own zone, and why. */
export const rescheduleSchema = (timeZone: string) =>
  z
    .object({
      intent: z.literal('reschedule'),
      version,
      date: z.string({ error: 'Choose a date.' }).regex(DATE, 'Choose a date.'),
      time: z.string({ error: 'Choose a time.' }).regex(TIME, 'Choose a time.'),
      reason,
    })
    .superRefine((move, ctx) => {
      if (DATE.test(move.date) && TIME.test(move.time) && !moveStart(move, timeZone))
        ctx.addIssue({
          code: 'custom',
          path: ['time'],
          message: 'That time does not exist on that day: the clocks go forward. Choose another time.',
        })
    })

export const cancelSchema = z.object({
  intent: z.literal('cancel'),
  version,
  reason,
  late: z.boolean().optional(),
})

export const attendanceSchema = z.object({
  intent: z.literal('attendance'),
  version,
  outcome: z.enum(['completed', 'no_show']),
})

/** Every form of the page, told apart by its intent: what the action parses. */
export const staffAppointmentSchema = (timeZone: string) =>
  z.discriminatedUnion('intent', [rescheduleSchema(timeZone), cancelSchema, attendanceSchema])
