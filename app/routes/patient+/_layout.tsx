import { type LoaderFunctionArgs } from '@remix-run/node'
import { AreaShell } from '~/components/area-shell.tsx'
import { SHOWS_FLASH_NOTICE } from '~/components/flash-notice.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { requireCurrentConsents } from '~/routes/patient+/__consent-gate.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['patient+/_layout.tsx']

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
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
        { to: '/patient/questionnaires', label: 'Questionnaires' },
        { to: '/patient/invoices', label: 'Invoices and receipts' },
        { to: '/patient/profile', label: 'Your details' },
      ]}
    />
  )
}

export const handle = SHOWS_FLASH_NOTICE

// A patient page refused is refused here, for the whole area: the person is not a patient.
export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusPages={{
        403: {
          title: 'These pages are for patients',
          body: "They show a patient their own care: appointments, invoices and details. Your own pages start on Haven's home page.",
        },
      }}
    />
  )
}
