import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { PageHeader } from '~/components/area-shell.tsx'
import { PatientsTable } from '~/components/patient-record.tsx'
import { listPatients } from '~/domain/patients/directory.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'

const POLICY = ROUTE_POLICIES['clinician+/patients._index.tsx']

export const meta: MetaFunction = () => [{ title: 'Your patients · Haven' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  return { patients: await listPatients({ psychologistId: user.id, viewerId: user.id }) }
}

export default function ClinicianPatients() {
  const { patients } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title="Your patients">People whose care team you are on.</PageHeader>
      <PatientsTable patients={patients} basePath="/clinician/patients" />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
