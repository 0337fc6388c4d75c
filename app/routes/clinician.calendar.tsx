import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { PageHeader } from '~/components/area-shell.tsx'
import { linkClass } from '~/components/forms.tsx'
import { WeekCalendar } from '~/components/week-calendar.tsx'
import { requireUser } from '~/domain/identity/session.server.ts'
import { calendarAppointments, weekBounds } from '~/domain/scheduling/calendar.server.ts'
import { DEFAULT_TIME_ZONE } from '~/domain/scheduling/directory.ts'

export const meta: MetaFunction = () => [{ title: 'Your week · Haven' }]

const WeekSchema = z.object({ week: z.coerce.number().int().min(-52).max(52).catch(0) })

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: 'psychologist', permission: 'read:appointment:own' })
  const { week } = WeekSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const bounds = weekBounds(new Date(), DEFAULT_TIME_ZONE, week)
  return {
    week,
    days: bounds.days,
    timeZone: DEFAULT_TIME_ZONE,
    entries: await calendarAppointments({ psychologistId: user.id, from: bounds.from, to: bounds.to }),
  }
}

export default function ClinicianCalendar() {
  const { week, days, timeZone, entries } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title="Your week">Your sessions, in person and by video.</PageHeader>
      <nav aria-label="Weeks" className="mb-4 flex gap-4 text-sm">
        <Link to={`?week=${week - 1}`} className={linkClass}>
          Previous week
        </Link>
        {week !== 0 ? (
          <Link to="?week=0" className={linkClass}>
            This week
          </Link>
        ) : null}
        <Link to={`?week=${week + 1}`} className={linkClass}>
          Next week
        </Link>
      </nav>
      <WeekCalendar days={days} entries={entries} timeZone={timeZone} patientPath="/clinician/patients" />
    </>
  )
}
