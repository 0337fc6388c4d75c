import { getFormProps, getInputProps, type SubmissionResult } from '@conform-to/react'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { z } from 'zod'
import { halaxyBusyTime } from '~/domain/halaxy/remote-change.server.ts'
import { PageHeader } from '~/components/area-shell.tsx'
import {
  DayCalendar,
  describeTimeOff,
  type CalendarOptions,
  type CalendarTimeOff,
} from '~/components/day-calendar.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import {
  ActionForm,
  type ActionReplyData,
  Field,
  FormAlert,
  linkClass,
  replyFor,
  SubmitButton,
  useValidatedForm,
} from '~/components/forms.tsx'
import { WeekCalendar } from '~/components/week-calendar.tsx'
import { isHalaxyConfigured, readHalaxyConfig } from '~/domain/halaxy/client.server.ts'
import { syncStates } from '~/domain/halaxy/monitor.server.ts'
import {
  calendarAppointments,
  calendarDays,
  dayBounds,
  todayIn,
  weekBounds,
  weekOffsetOf,
} from '~/domain/scheduling/calendar.server.ts'
import { DEFAULT_TIME_ZONE } from '~/domain/scheduling/directory.ts'
import { blockTimeOff, ownTimeOff, removeTimeOff } from '~/domain/scheduling/time-off.server.ts'
import { addDays, dateFromDayNumber, dayNumber } from '~/domain/scheduling/zoned-time.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { handleAction } from '~/utils/action.server.ts'
import { redirectWithNotice } from '~/utils/notice.server.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['clinician+/calendar.tsx']

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.view === 'day' ? 'Your day' : 'Your week'} · Haven` },
]

const MAX_WEEKS = 52
const DATE = /^\d{4}-\d{2}-\d{2}$/
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/
// Checks the shape first: Zod runs a refinement even after the regex fails, and a day number
// of "x" is NaN, which no date can be made from.
const isCalendarDate = (value: string) => DATE.test(value) && dateFromDayNumber(dayNumber(value)) === value

// The address bar is typed by people: anything unexpected falls back to this week.
const ViewSchema = z.object({
  view: z.enum(['week', 'day']).catch('week'),
  week: z.coerce.number().int().min(-MAX_WEEKS).max(MAX_WEEKS).catch(0),
  date: z.string().regex(DATE).refine(isCalendarDate).optional().catch(undefined),
})

type CalendarView = { view: 'day'; date: string } | { view: 'week'; week: number }

/** The view asked for, with both its week and a date, so switching views keeps the place. */
function calendarView(searchParams: URLSearchParams, now: Date) {
  const query = ViewSchema.parse(Object.fromEntries(searchParams))
  const today = todayIn(DEFAULT_TIME_ZONE, now)
  if (query.view === 'day') {
    const inRange = (date: string) => Math.abs(weekOffsetOf(date, DEFAULT_TIME_ZONE, now)) <= MAX_WEEKS
    const date = query.date && inRange(query.date) ? query.date : today
    return {
      view: 'day' as const,
      week: weekOffsetOf(date, DEFAULT_TIME_ZONE, now),
      date,
      today,
    }
  }
  const monday = weekBounds(now, DEFAULT_TIME_ZONE, query.week).days[0]!
  return {
    view: 'week' as const,
    week: query.week,
    date: query.week === 0 ? today : monday,
    today,
  }
}

const viewHref = (view: CalendarView) =>
  `/clinician/calendar?${view.view === 'day' ? `view=day&date=${view.date}` : `view=week&week=${view.week}`}`

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  const now = new Date()
  const view = calendarView(new URL(request.url).searchParams, now)
  const bounds =
    view.view === 'day'
      ? dayBounds(view.date, DEFAULT_TIME_ZONE)
      : weekBounds(new Date(), DEFAULT_TIME_ZONE, view.week)
  const filter = { psychologistId: user.id, from: bounds.from, to: bounds.to }
  const [appointments, ownBlocks, inHalaxy] = await Promise.all([
    calendarAppointments(filter),
    ownTimeOff(filter),
    halaxyBusyTime(filter),
  ])
  const timeOff = [...ownBlocks, ...inHalaxy]
  // The synced/not-yet badge, only where a Halaxy account is connected.
  const halaxy = isHalaxyConfigured(readHalaxyConfig())
    ? await syncStates(appointments.map((appointment) => appointment.id))
    : null
  const withSync = halaxy
    ? appointments.map((appointment) => ({ ...appointment, sync: halaxy[appointment.id] ?? null }))
    : appointments
  return {
    ...view,
    timeZone: DEFAULT_TIME_ZONE,
    now: now.toISOString(),
    days: calendarDays(bounds.days, DEFAULT_TIME_ZONE, { appointments: withSync, timeOff }),
  }
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))

const dateField = (required: string) =>
  z
    .string({ error: required })
    .regex(DATE, { error: 'Enter a date like 2026-12-03', abort: true })
    .refine(isCalendarDate, 'That date does not exist')

// Shared by the browser and the server. Times are wall-clock times in the practice's zone;
// the block runs without a break from its start to its end.
const BlockSchema = z
  .object({
    intent: z.literal('block'),
    date: dateField('Choose the date'),
    startTime: z.string().regex(TIME, 'Enter a time like 13:00').optional(),
    endTime: z.string().regex(TIME, 'Enter a time like 17:00').optional(),
    allDay: z.boolean().optional(),
    endDate: dateField('Choose the end date').optional(),
    reason: z.string().trim().max(200, 'Keep the reason under 200 characters').optional(),
  })
  .superRefine((value, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
    if (value.endDate && value.endDate < value.date)
      problem('endDate', 'The end date cannot be before the date')
    if (value.allDay) return
    if (!value.startTime) problem('startTime', 'Enter a start time, or tick "All day"')
    if (!value.endTime) problem('endTime', 'Enter an end time, or tick "All day"')
    if (
      value.startTime &&
      value.endTime &&
      (value.endDate ?? value.date) === value.date &&
      value.endTime <= value.startTime
    )
      problem('endTime', 'The end must be after the start')
  })

/** The block as wall-clock times: all day runs from the first midnight to the one after the last day. */
function requestedSpan(block: z.infer<typeof BlockSchema>) {
  const lastDate = block.endDate ?? block.date
  // BlockSchema has made sure both times are there unless it is all day.
  if (block.allDay || !block.startTime || !block.endTime)
    return { from: { date: block.date, minute: 0 }, until: { date: addDays(lastDate, 1), minute: 0 } }
  return {
    from: { date: block.date, minute: minutesOf(block.startTime) },
    until: { date: lastDate, minute: minutesOf(block.endTime) },
  }
}

const RemoveSchema = z.object({
  intent: z.literal('remove'),
  timeOffId: z
    .string({ error: 'That request was not understood. Nothing was changed.' })
    .min(1)
    .max(64, 'That request was not understood. Nothing was changed.'),
})

const ActionSchema = z.discriminatedUnion('intent', [BlockSchema, RemoveSchema])

export async function action({ request }: ActionFunctionArgs) {
  const now = new Date()
  const view = calendarView(new URL(request.url).searchParams, now)
  return handleAction(request, {
    policy: POLICY,
    schema: ActionSchema,
    perform: async (input, user) => {
      if (input.intent === 'remove') {
        await removeTimeOff({ psychologistId: user.id, timeOffId: input.timeOffId })
        return redirectWithNotice(
          viewHref(view),
          'Time off removed. Patients can book those times again, within your working hours.',
        )
      }
      await blockTimeOff({
        psychologistId: user.id,
        ...requestedSpan(input),
        timeZone: DEFAULT_TIME_ZONE,
        reason: input.reason,
      })
      return redirectWithNotice(
        viewHref({ view: 'day', date: input.date }),
        'Time off added. Patients are no longer offered those times.',
      )
    },
  })
}

function RemoveTimeOff({
  timeOff,
  timeZone,
  reply,
}: {
  timeOff: CalendarTimeOff
  timeZone: string
  reply: ActionReplyData
}) {
  const row = { timeOffId: timeOff.id }
  return (
    <ActionForm intent="remove" fields={row} row={row} reply={reply}>
      <button
        type="submit"
        className="rounded-md border border-stone-300 px-2 py-0.5 text-xs font-medium text-stone-800 hover:bg-stone-100"
      >
        Remove<span className="sr-only"> time off, {describeTimeOff(timeOff, timeZone)}</span>
      </button>
    </ActionForm>
  )
}

function BlockTimeOffForm({
  date,
  lastResult,
}: {
  date: string
  lastResult: SubmissionResult<string[]> | undefined
}) {
  const [form, fields] = useValidatedForm('block-time-off', BlockSchema, lastResult, { date })
  return (
    <section
      aria-labelledby="block-time-off-heading"
      className="mt-8 max-w-2xl rounded-xl border border-stone-200 bg-white p-5 shadow-sm"
    >
      <h2 id="block-time-off-heading" className="text-lg font-semibold text-stone-900">
        Block time off
      </h2>
      <p className="mt-1 text-sm text-stone-600">
        Patients are not offered times you block. Sessions already booked stay booked: move or cancel them
        first.
      </p>
      <Form method="post" {...getFormProps(form)} className="mt-4 space-y-4">
        <input type="hidden" name="intent" value="block" />
        <FormAlert id={form.errorId} errors={form.errors} />
        <div className="grid gap-4 sm:grid-cols-3">
          <Field
            label="Date"
            errors={fields.date.errors}
            inputProps={getInputProps(fields.date, { type: 'date' })}
          />
          <Field
            label="Start time"
            errors={fields.startTime.errors}
            inputProps={getInputProps(fields.startTime, { type: 'time' })}
          />
          <Field
            label="End time"
            errors={fields.endTime.errors}
            inputProps={getInputProps(fields.endTime, { type: 'time' })}
          />
        </div>
        <div className="flex items-center gap-2">
          <input
            {...getInputProps(fields.allDay, { type: 'checkbox' })}
            className="size-4 accent-brand-700"
          />
          <label htmlFor={fields.allDay.id} className="text-sm font-medium text-stone-800">
            All day (the times are not needed)
          </label>
        </div>
        <Field
          label="End date (optional)"
          hint="Only for time off over several days: it runs without a break from the start to the end."
          errors={fields.endDate.errors}
          inputProps={getInputProps(fields.endDate, { type: 'date' })}
        />
        <Field
          label="Reason (optional)"
          hint="A private note: only you see it."
          errors={fields.reason.errors}
          inputProps={getInputProps(fields.reason, { type: 'text' })}
        />
        <div className="max-w-xs">
          <SubmitButton pendingText="Blocking…">Block this time</SubmitButton>
        </div>
      </Form>
    </section>
  )
}

const navLinkClass = (current: boolean) =>
  `rounded-md px-3 py-1.5 text-sm font-medium ${current ? 'bg-brand-100 text-brand-800' : 'text-stone-700 hover:bg-stone-100'}`

export default function ClinicianCalendar() {
  const { view, week, date, today, timeZone, days, now } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const location = useLocation()
  const options: CalendarOptions = {
    patientPath: '/clinician/patients',
    appointmentPath: '/clinician/appointments',
    videoSessions: true,
    notes: { now },
    timeOffControls: (timeOff) => <RemoveTimeOff timeOff={timeOff} timeZone={timeZone} reply={actionData} />,
  }
  return (
    <>
      <PageHeader title={view === 'day' ? 'Your day' : 'Your week'}>
        Your sessions, in person and by video, and your time off.
      </PageHeader>
      <div className="mb-4 flex flex-wrap items-center gap-x-8 gap-y-3">
        <nav aria-label="Calendar view">
          <ul className="flex gap-1">
            <li>
              <Link
                to={viewHref({ view: 'day', date })}
                aria-current={view === 'day' ? 'page' : undefined}
                className={navLinkClass(view === 'day')}
              >
                Day
              </Link>
            </li>
            <li>
              <Link
                to={viewHref({ view: 'week', week })}
                aria-current={view === 'week' ? 'page' : undefined}
                className={navLinkClass(view === 'week')}
              >
                Week
              </Link>
            </li>
          </ul>
        </nav>
        {view === 'day' ? (
          <nav aria-label="Days" className="flex gap-4 text-sm">
            <Link to={viewHref({ view: 'day', date: addDays(date, -1) })} className={linkClass}>
              Previous day
            </Link>
            {date !== today ? (
              <Link to={viewHref({ view: 'day', date: today })} className={linkClass}>
                Today
              </Link>
            ) : null}
            <Link to={viewHref({ view: 'day', date: addDays(date, 1) })} className={linkClass}>
              Next day
            </Link>
          </nav>
        ) : (
          <nav aria-label="Weeks" className="flex gap-4 text-sm">
            <Link to={viewHref({ view: 'week', week: week - 1 })} className={linkClass}>
              Previous week
            </Link>
            {week !== 0 ? (
              <Link to={viewHref({ view: 'week', week: 0 })} className={linkClass}>
                This week
              </Link>
            ) : null}
            <Link to={viewHref({ view: 'week', week: week + 1 })} className={linkClass}>
              Next week
            </Link>
          </nav>
        )}
      </div>
      {view === 'day' ? (
        <DayCalendar day={days[0]!} timeZone={timeZone} options={options} />
      ) : (
        <WeekCalendar days={days} timeZone={timeZone} options={options} />
      )}
      {/* Remounted on each navigation (a block saved, another day opened): a fresh form, not the last one's values. */}
      <BlockTimeOffForm key={location.key} date={date} lastResult={replyFor(actionData, 'block')} />
    </>
  )
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusPages={{
        // Only removing time off answers 404: someone else's, or removed already (another tab).
        404: {
          title: 'That time off is not on your calendar',
          body: 'It may already have been removed. Nothing was changed. Your week shows your calendar as it is now.',
          alert: true,
        },
      }}
    />
  )
}
