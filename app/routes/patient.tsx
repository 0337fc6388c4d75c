import { type LoaderFunctionArgs } from '@remix-run/node'
import { AreaShell } from '~/components/area-shell.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { requireUser } from '~/domain/identity/session.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: 'patient' })
  return null
}

export default function PatientArea() {
  return <AreaShell label="Your care" nav={[{ to: '/patient', label: 'Overview', end: true }]} />
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
