import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Card, PageHeader } from '~/components/area-shell.tsx'
import { linkClass } from '~/components/forms.tsx'
import { DaySchedule } from '~/components/day-calendar.tsx'
import { NotesToDo } from '~/components/records/notes-to-do.tsx'
import { countOpenRiskFlags } from '~/domain/patients/directory.server.ts'
import { notesToDo } from '~/domain/records/notes.server.ts'
import {
  calendarAppointments,
  calendarDays,
  dayBounds,
  todayIn,
} from '~/domain/scheduling/calendar.server.ts'
import { DEFAULT_TIME_ZONE } from '~/domain/scheduling/directory.ts'
import { db } from '~/utils/db.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'

const POLICY = ROUTE_POLICIES['clinician+/index.tsx']

export const meta: MetaFunction = () => [{ title: 'Today · Haven clinician' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  const now = new Date()
  const today = dayBounds(todayIn(DEFAULT_TIME_ZONE, now), DEFAULT_TIME_ZONE)
  const [profile, openFlags, notes, sessions] = await Promise.all([
    db.psychologistProfile.findUnique({
      where: { userId: user.id },
      select: { registrationType: true, ahpraNumber: true, medicareProviderNumber: true },
    }),
    countOpenRiskFlags(user.id),
    notesToDo(user.id, now),
    calendarAppointments({ psychologistId: user.id, from: today.from, to: today.to }),
  ])
  const [day] = calendarDays(today.days, DEFAULT_TIME_ZONE, { appointments: sessions, timeOff: [] })
  return { name: user.name, profile, openFlags, notes, today: day!, now: now.toISOString() }
}

export default function ClinicianHome() {
  const { name, profile, openFlags, notes, today, now } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title={`Good to see you, ${name}`}>Your day at Haven.</PageHeader>
      <div className="grid gap-4 sm:grid-cols-2">
        {openFlags > 0 ? (
          <Card title="Flagged for follow-up">
            <p className="text-3xl font-semibold text-red-700">{openFlags}</p>
            <p className="mt-2">Answers from your patients suggest someone should reach out soon.</p>
            <Link to="/clinician/patients" className={`mt-2 inline-block ${linkClass}`}>
              See your patients
            </Link>
          </Card>
        ) : null}
        <NotesToDo notes={notes} />
        {/* Today, as the calendar shows it: Start session for a video session, Note once it has begun. */}
        <DaySchedule
          day={today}
          timeZone={DEFAULT_TIME_ZONE}
          options={{
            patientPath: '/clinician/patients',
            appointmentPath: '/clinician/appointments',
            videoSessions: true,
            notes: { now },
          }}
        />
        <Card title="Your registration">
          {profile ? (
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
              <dt className="text-stone-500">Registration</dt>
              <dd>
                {profile.registrationType === 'clinical'
                  ? 'Clinical psychologist'
                  : 'Registered psychologist'}
              </dd>
              <dt className="text-stone-500">AHPRA</dt>
              <dd>{profile.ahpraNumber}</dd>
              <dt className="text-stone-500">Medicare provider</dt>
              <dd>{profile.medicareProviderNumber ?? 'Not recorded yet'}</dd>
            </dl>
          ) : (
            <p>Your practice manager has not recorded your registration details yet.</p>
          )}
        </Card>
      </div>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
