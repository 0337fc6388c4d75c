import { type LoaderFunctionArgs } from '@remix-run/node'
import { AreaShell } from '~/components/area-shell.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { requireUser } from '~/domain/identity/session.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: 'psychologist' })
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

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
