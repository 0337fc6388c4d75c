import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { PageHeader } from '~/components/area-shell.tsx'
import { CrisisSupport } from '~/components/crisis-support.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { linkClass } from '~/components/forms.tsx'
import { AgreementsSummary, K10History, SummarySections } from '~/components/patient-summary.tsx'
import { hasOpenRiskFlag } from '~/domain/patients/risk.server.ts'
import { consentRows } from '~/domain/patients/consents.server.ts'
import { patientSummary } from '~/domain/patients/summary.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['patient+/profile.tsx']

export const meta: MetaFunction = () => [{ title: 'Your details · Haven' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  const [summary, consents, riskFlagged] = await Promise.all([
    patientSummary(user.id, { audience: 'patient' }),
    consentRows(user.id),
    hasOpenRiskFlag(user.id),
  ])
  return {
    summary,
    riskFlagged,
    consents,
  }
}

export default function ProfilePage() {
  const { summary, consents, riskFlagged } = useLoaderData<typeof loader>()
  const [searchParams] = useSearchParams()
  if (!summary) {
    return (
      <PageHeader title="Your details">
        You have not started your intake yet.{' '}
        <Link to="/patient/intake" className={linkClass}>
          Start it now
        </Link>
        .
      </PageHeader>
    )
  }
  return (
    <div className="max-w-3xl space-y-4">
      <PageHeader title="Your details">
        What you have told the practice. Keep it up to date; every change is recorded.
      </PageHeader>
      {riskFlagged ? <CrisisSupport announce={searchParams.has('support')} /> : null}
      <SummarySections
        sections={summary.sections}
        editPath={(step) => `/patient/intake/${step}?from=profile`}
        letterId={summary.letter?.id}
      />
      <AgreementsSummary consents={consents} changeTo="/patient/intake/consents" />
      {summary.k10 ? <K10History k10={summary.k10} /> : null}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
