import { type LoaderFunctionArgs } from '@remix-run/node'
import { AreaShell } from '~/components/area-shell.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { requireUser } from '~/domain/identity/session.server.ts'
import { requireCurrentConsents } from '~/routes/patient+/__consent-gate.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: 'patient' })
  await requireCurrentConsents(request, user)
  return null
}

export default function PatientArea() {
  return (
    <AreaShell
      label="Your care"
      nav={[
        { to: '/patient', label: 'Overview', end: true },
        { to: '/patient/appointments', label: 'Appointments' },
        { to: '/patient/invoices', label: 'Invoices and receipts' },
        { to: '/patient/profile', label: 'Your details' },
      ]}
    />
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
