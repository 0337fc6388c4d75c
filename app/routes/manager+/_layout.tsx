import { type LoaderFunctionArgs } from '@remix-run/node'
import { AreaShell } from '~/components/area-shell.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { requireUser } from '~/domain/identity/session.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: 'manager' })
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
        { to: '/manager/billing', label: 'Billing' },
        { to: '/manager/halaxy', label: 'Halaxy settings' },
        { to: '/manager/sync', label: 'Halaxy sync' },
      ]}
    />
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
