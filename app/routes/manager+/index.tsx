import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Card, PageHeader } from '~/components/area-shell.tsx'
import { countOpenRiskFlags } from '~/domain/patients/directory.server.ts'
import { db } from '~/utils/db.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'

const POLICY = ROUTE_POLICIES['manager+/index.tsx']

export const meta: MetaFunction = () => [{ title: 'Practice overview · Haven' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccess(request, POLICY.loader)
  const [psychologists, patients, failedMessages, openFlags] = await Promise.all([
    db.user.count({ where: { status: 'active', roles: { some: { role: { name: 'psychologist' } } } } }),
    db.user.count({ where: { status: 'active', roles: { some: { role: { name: 'patient' } } } } }),
    db.message.count({ where: { status: 'failed' } }),
    countOpenRiskFlags(),
  ])
  return { psychologists, patients, failedMessages, openFlags }
}

export default function ManagerHome() {
  const { psychologists, patients, failedMessages, openFlags } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title="Practice overview" />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Card title="Flagged for follow-up">
          <p className={`text-3xl font-semibold ${openFlags ? 'text-red-700' : 'text-stone-900'}`}>
            {openFlags}
          </p>
          <p className="mt-2">Patients whose answers suggest someone should reach out soon.</p>
        </Card>
        <Card title="Psychologists">
          <p className="text-3xl font-semibold text-stone-900">{psychologists}</p>
          <Link
            to="/manager/staff"
            className="mt-2 inline-block font-medium text-brand-700 underline underline-offset-4"
          >
            Manage staff
          </Link>
        </Card>
        <Card title="Patients">
          <p className="text-3xl font-semibold text-stone-900">{patients}</p>
          <Link
            to="/manager/patients"
            className="mt-2 inline-block font-medium text-brand-700 underline underline-offset-4"
          >
            See patients
          </Link>
        </Card>
        <Card title="Undelivered emails">
          <p className={`text-3xl font-semibold ${failedMessages ? 'text-red-700' : 'text-stone-900'}`}>
            {failedMessages}
          </p>
          <p className="mt-2">Emails that could not be delivered after every retry.</p>
        </Card>
      </div>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
