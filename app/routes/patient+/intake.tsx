import { type LoaderFunctionArgs } from '@remix-run/node'
import { Outlet, useLoaderData, useSearchParams } from '@remix-run/react'
import { CrisisSupport } from '~/components/crisis-support.tsx'
import { requireUser } from '~/domain/identity/session.server.ts'
import { hasOpenRiskFlag } from '~/domain/patients/risk.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: 'patient' })
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
