import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Card, PageHeader } from '~/components/area-shell.tsx'
import { CrisisSupport } from '~/components/crisis-support.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { linkClass, primaryButtonClass } from '~/components/forms.tsx'
import { patientQuestionnaires } from '~/domain/outcomes/responses.server.ts'
import { intakeProgress } from '~/domain/patients/intake.server.ts'
import { INTAKE_STEPS } from '~/domain/patients/intake.ts'
import { hasOpenRiskFlag } from '~/domain/patients/risk.server.ts'
import { sharedSummaries } from '~/domain/records/summaries.server.ts'
import { summaryPath } from '~/domain/records/summaries.ts'
import { patientAppointments } from '~/domain/scheduling/patient-appointments.server.ts'
import { formatDayHeading, formatSlotTime, zoneAbbreviation } from '~/utils/time.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['patient+/index.tsx']

export const meta: MetaFunction = () => [{ title: 'Your care · Haven' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  const [progress, riskFlagged, appointments, summaries, questionnaires] = await Promise.all([
    intakeProgress(user.id),
    hasOpenRiskFlag(user.id),
    patientAppointments(user.id),
    sharedSummaries(user.id),
    patientQuestionnaires(user.id),
  ])
  return {
    firstName: progress.preferredName || user.name.split(' ')[0] || user.name,
    intake: {
      submitted: progress.submitted,
      stepsDone: progress.intakeSteps.length,
      stepsTotal: INTAKE_STEPS.length,
    },
    riskFlagged,
    next: appointments.upcoming[0] ?? null,
    newSummaries: summaries.filter((summary) => summary.isNew),
    questionnairesDue: questionnaires.due.length,
  }
}

export default function PatientHome() {
  const { firstName, intake, riskFlagged, next, newSummaries, questionnairesDue } =
    useLoaderData<typeof loader>()
  return (
    <>
      {riskFlagged ? (
        <div className="mb-6">
          <CrisisSupport />
        </div>
      ) : null}
      <PageHeader title={`Hello, ${firstName}`}>
        Everything about your care with Haven, in one place.
      </PageHeader>
      <div className="grid gap-4 sm:grid-cols-2">
        {newSummaries.length > 0 ? (
          <Card title="New notes from your sessions">
            <ul className="space-y-1">
              {newSummaries.map((summary) => (
                <li key={summary.appointmentId}>
                  <Link to={summaryPath(summary.appointmentId)} className={linkClass}>
                    {summary.psychologist} {summary.updated ? 'updated the notes' : 'shared notes'} from your
                    session on {formatDayHeading(summary.startsAt, summary.timeZone)}
                  </Link>
                </li>
              ))}
            </ul>
          </Card>
        ) : null}
        <Card title="Your next appointment">
          {next ? (
            <p>
              <time dateTime={next.start}>
                {formatSlotTime(next.start, next.timeZone)} {zoneAbbreviation(next.start, next.timeZone)}
              </time>
              : {next.type} with {next.psychologist}
            </p>
          ) : (
            <p>You have no upcoming appointments.</p>
          )}
          <Link
            to={next ? '/patient/appointments' : '/psychologists'}
            className={`mt-2 inline-block ${linkClass}`}
          >
            {next ? 'See your appointments' : 'Book a session'}
          </Link>
        </Card>
        <Card title={intake.submitted ? 'Your details' : 'Before your first session'}>
          {intake.submitted ? (
            <>
              <p>Thank you: the practice has your intake. Keep your details up to date.</p>
              <Link to="/patient/profile" className={`mt-2 inline-block ${linkClass}`}>
                View or correct your details
              </Link>
            </>
          ) : (
            <>
              <p>
                A few questions about you, your Medicare card and your referral help your psychologist
                prepare. It takes about 10 minutes, and you can stop and come back.
              </p>
              {intake.stepsDone > 0 ? (
                <p className="mt-1 text-stone-600">
                  {intake.stepsDone} of {intake.stepsTotal} steps done.
                </p>
              ) : null}
              <Link
                to="/patient/intake"
                className="mt-3 inline-flex rounded-md bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800"
              >
                {intake.stepsDone > 0 ? 'Continue your intake' : 'Start your intake'}
              </Link>
            </>
          )}
        </Card>
        {questionnairesDue > 0 ? (
          <Card title="A short questionnaire">
            <p>
              Your psychologist has asked you to complete{' '}
              {questionnairesDue === 1
                ? 'a short questionnaire'
                : `${questionnairesDue} short questionnaires`}
              . It takes a few minutes.
            </p>
            <Link to="/patient/questionnaires" className={`mt-3 ${primaryButtonClass}`}>
              Open your questionnaires
            </Link>
          </Card>
        ) : null}
        {riskFlagged ? null : (
          <Card title="Need help now?">
            <p>
              Haven is not an emergency service. If you are in danger call <strong>000</strong>. For crisis
              support any time, call Lifeline on <strong>13 11 14</strong>.
            </p>
          </Card>
        )}
      </div>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
