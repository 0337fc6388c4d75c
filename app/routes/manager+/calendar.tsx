import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { PageHeader } from '~/components/area-shell.tsx'
import { linkClass } from '~/components/forms.tsx'
import { WeekCalendar } from '~/components/week-calendar.tsx'
import {
  activePsychologists,
  calendarAppointments,
  calendarDays,
  weekBounds,
} from '~/domain/scheduling/calendar.server.ts'
import { DEFAULT_TIME_ZONE } from '~/domain/scheduling/directory.ts'
import { practiceTimeOff } from '~/domain/scheduling/time-off.server.ts'
import { halaxyBusyTime } from '~/domain/halaxy/remote-change.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'

const POLICY = ROUTE_POLICIES['manager+/calendar.tsx']

export const meta: MetaFunction = () => [{ title: 'Calendar · Haven' }]

const FilterSchema = z.object({
  week: z.coerce.number().int().min(-52).max(52).catch(0),
  psychologist: z.string().max(64).optional().catch(undefined),
})

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccess(request, POLICY.loader)
  const filter = FilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const bounds = weekBounds(new Date(), DEFAULT_TIME_ZONE, filter.week)
  const range = { psychologistId: filter.psychologist || undefined, from: bounds.from, to: bounds.to }
  const [psychologists, appointments, blocked, inHalaxy] = await Promise.all([
    activePsychologists(),
    calendarAppointments(range),
    practiceTimeOff(range),
    halaxyBusyTime(range),
  ])
  const timeOff = [...blocked, ...inHalaxy]
  return {
    ...filter,
    timeZone: DEFAULT_TIME_ZONE,
    psychologists,
    days: calendarDays(bounds.days, DEFAULT_TIME_ZONE, { appointments, timeOff }),
  }
}

export default function ManagerCalendar() {
  const { week, psychologist, days, timeZone, psychologists } = useLoaderData<typeof loader>()
  const query = (nextWeek: number) =>
    `?${new URLSearchParams({ week: String(nextWeek), ...(psychologist ? { psychologist } : {}) })}`
  return (
    <>
      <PageHeader title="Calendar">
        Every psychologist&apos;s sessions and time off, a week at a time.
      </PageHeader>
      <Form method="get" className="mb-4 flex flex-wrap items-end gap-3">
        <input type="hidden" name="week" value={week} />
        <div>
          <label htmlFor="psychologist" className="block text-sm font-medium text-stone-800">
            Psychologist
          </label>
          <select
            id="psychologist"
            name="psychologist"
            defaultValue={psychologist ?? ''}
            className="mt-1 rounded-md border border-stone-300 bg-white px-3 py-2"
          >
            <option value="">Everyone</option>
            {psychologists.map((person) => (
              <option key={person.id} value={person.id}>
                {person.name}
              </option>
            ))}
          </select>
        </div>
        <button
          type="submit"
          className="rounded-md bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800"
        >
          Show
        </button>
      </Form>
      <nav aria-label="Weeks" className="mb-4 flex gap-4 text-sm">
        <Link to={query(week - 1)} className={linkClass}>
          Previous week
        </Link>
        {week !== 0 ? (
          <Link to={query(0)} className={linkClass}>
            This week
          </Link>
        ) : null}
        <Link to={query(week + 1)} className={linkClass}>
          Next week
        </Link>
      </nav>
      <WeekCalendar
        days={days}
        timeZone={timeZone}
        options={{
          patientPath: '/manager/patients',
          appointmentPath: '/manager/appointments',
          showPsychologist: true,
        }}
      />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
