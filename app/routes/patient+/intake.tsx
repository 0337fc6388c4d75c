import { type LoaderFunctionArgs } from '@remix-run/node'
import { Outlet, useLoaderData, useSearchParams } from '@remix-run/react'
import { CrisisSupport } from '~/components/crisis-support.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { hasOpenRiskFlag } from '~/domain/patients/risk.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['patient+/intake.tsx']

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  return { riskFlagged: await hasOpenRiskFlag(user.id) }
}

export default function IntakeLayout() {
  const { riskFlagged } = useLoaderData<typeof loader>()
  const [searchParams] = useSearchParams()
  return (
    <div className="max-w-2xl space-y-6">
      {riskFlagged ? <CrisisSupport announce={searchParams.has('support')} /> : null}
      <Outlet />
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
