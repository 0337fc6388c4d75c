import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { Card, PageHeader } from '~/components/area-shell.tsx'
import { CrisisSupport } from '~/components/crisis-support.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { primaryButtonClass } from '~/components/forms.tsx'
import { patientQuestionnaires } from '~/domain/outcomes/responses.server.ts'
import { DEFAULT_TIME_ZONE } from '~/domain/scheduling/directory.ts'
import { hasOpenRiskFlag } from '~/domain/patients/risk.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'
import { formatShortDate, formatZonedTime } from '~/utils/time.ts'

const POLICY = ROUTE_POLICIES['patient+/questionnaires._index.tsx']

export const meta: MetaFunction = () => [{ title: 'Questionnaires · Haven' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  const [questionnaires, riskFlagged] = await Promise.all([
    patientQuestionnaires(user.id),
    hasOpenRiskFlag(user.id),
  ])
  return { ...questionnaires, riskFlagged, timeZone: DEFAULT_TIME_ZONE }
}

export default function Questionnaires() {
  const { due, completed, riskFlagged, timeZone } = useLoaderData<typeof loader>()
  const [searchParams] = useSearchParams()
  return (
    <div className="max-w-2xl space-y-6">
      {riskFlagged ? (
        <CrisisSupport
          announce={searchParams.has('support')}
          afterwards="You can keep using your account and book as usual."
        />
      ) : null}
      <PageHeader title="Questionnaires">
        Short questionnaires your psychologist asks you to complete, so you can both see how things are going.
      </PageHeader>
      <Card title="To complete">
        {due.length === 0 ? (
          <p>Nothing to complete right now. We will email you when your psychologist asks for one.</p>
        ) : (
          <ul className="space-y-3">
            {due.map((questionnaire) => (
              <li
                key={questionnaire.assignmentId}
                className="flex flex-wrap items-center justify-between gap-3"
              >
                <span>
                  <strong>{questionnaire.name}</strong>, {questionnaire.questions} questions
                  {questionnaire.session
                    ? `, before your session on ${formatZonedTime(questionnaire.session.startsAt, questionnaire.session.timeZone)}`
                    : ''}
                </span>
                <Link
                  to={`/patient/questionnaires/${questionnaire.assignmentId}`}
                  className={primaryButtonClass}
                >
                  Start<span className="sr-only"> the {questionnaire.name}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Card>
      {completed.length > 0 ? (
        <Card title="Completed">
          <ul className="space-y-1">
            {completed.map((response) => (
              <li key={response.id}>
                {response.name},{' '}
                <time dateTime={response.completedAt}>{formatShortDate(response.completedAt, timeZone)}</time>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
