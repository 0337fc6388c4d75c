import { type LoaderFunctionArgs } from '@remix-run/node'
import { AreaShell } from '~/components/area-shell.tsx'
import { SHOWS_FLASH_NOTICE } from '~/components/flash-notice.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['clinician+/_layout.tsx']

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccess(request, POLICY.loader)
  return null
}

export default function ClinicianArea() {
  return (
    <AreaShell
      label="Clinician"
      nav={[
        { to: '/clinician', label: 'Today', end: true },
        { to: '/clinician/calendar', label: 'Your week' },
        { to: '/clinician/patients', label: 'Your patients' },
        { to: '/clinician/invoices', label: 'Invoices' },
        { to: '/clinician/calendar-feed', label: 'Calendar feed' },
      ]}
    />
  )
}

export const handle = SHOWS_FLASH_NOTICE

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
