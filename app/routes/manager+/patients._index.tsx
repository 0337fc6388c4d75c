import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { PageHeader } from '~/components/area-shell.tsx'
import { PatientsTable } from '~/components/patient-record.tsx'
import { listPatients } from '~/domain/patients/directory.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'

const POLICY = ROUTE_POLICIES['manager+/patients._index.tsx']

export const meta: MetaFunction = () => [{ title: 'Patients · Haven' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  const query = (new URL(request.url).searchParams.get('q') ?? '').slice(0, 100)
  return { query, patients: await listPatients({ query, viewerId: user.id }) }
}

export default function PatientsPage() {
  const { query, patients } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title="Patients">
        Search by name or email. Flagged patients need someone to reach out.
      </PageHeader>
      <Form method="get" role="search" className="mb-5 flex max-w-lg gap-2">
        <label htmlFor="patient-search" className="sr-only">
          Search patients
        </label>
        <input
          id="patient-search"
          type="search"
          name="q"
          defaultValue={query}
          placeholder="Name or email"
          className="block w-full rounded-md border border-stone-300 bg-white px-3 py-2 shadow-sm"
        />
        <button
          type="submit"
          className="rounded-md bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800"
        >
          Search
        </button>
      </Form>
      <PatientsTable patients={patients} basePath="/manager/patients" />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
