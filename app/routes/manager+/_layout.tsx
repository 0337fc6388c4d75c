import { type LoaderFunctionArgs } from '@remix-run/node'
import { AreaShell } from '~/components/area-shell.tsx'
import { SHOWS_FLASH_NOTICE } from '~/components/flash-notice.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['manager+/_layout.tsx']

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccess(request, POLICY.loader)
  return null
}

export default function ManagerArea() {
  return (
    <AreaShell
      label="Practice"
      nav={[
        { to: '/manager', label: 'Overview', end: true },
        { to: '/manager/calendar', label: 'Calendar' },
        { to: '/manager/staff', label: 'Staff' },
        { to: '/manager/patients', label: 'Patients' },
        { to: '/manager/payments', label: 'Payments' },
        { to: '/manager/messages', label: 'Messages' },
        { to: '/manager/video', label: 'Video sessions' },
        { to: '/manager/records', label: 'Clinical records' },
        { to: '/manager/billing', label: 'Billing' },
        { to: '/manager/halaxy', label: 'Halaxy settings' },
        { to: '/manager/sync', label: 'Halaxy sync' },
      ]}
    />
  )
}

export const handle = SHOWS_FLASH_NOTICE

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
