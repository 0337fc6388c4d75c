import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { PageHeader } from '~/components/area-shell.tsx'
import { Notice } from '~/components/forms.tsx'
import { PeopleTable } from '~/components/people-table.tsx'
import { listPeople } from '~/domain/identity/staff.server.ts'
import { readFormData } from '~/utils/form-data.server.ts'
import { handleSignOutEverywhere } from '~/routes/manager+/__sign-out-everywhere.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['manager+/staff._index.tsx']

export const meta: MetaFunction = () => [{ title: 'Staff · Haven' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccess(request, POLICY.loader)
  return { staff: await listPeople({ kind: 'staff' }) }
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireAccess(request, POLICY.intents['sign-out-everywhere'])
  return handleSignOutEverywhere(actor, await readFormData(request))
}

export default function StaffPage() {
  const { staff } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const invited = searchParams.get('invited')
  return (
    <>
      <PageHeader title="Staff">Psychologists and managers at the practice.</PageHeader>
      <div className="mb-4 space-y-3">
        {invited ? <Notice>Invitation sent to {invited}. They will choose their own password.</Notice> : null}
        {actionData?.notice ? <Notice>{actionData.notice}</Notice> : null}
      </div>
      <p className="mb-4">
        <Link
          to="/manager/staff/new"
          className="inline-flex rounded-md bg-brand-700 px-4 py-2 font-medium text-white shadow-sm hover:bg-brand-800"
        >
          Add a staff member
        </Link>
      </p>
      <PeopleTable people={staff} caption="Staff members" />
    </>
  )
}
