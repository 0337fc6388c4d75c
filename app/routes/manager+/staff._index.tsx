import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { PageHeader } from '~/components/area-shell.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { PeopleTable } from '~/components/people-table.tsx'
import { listPeople } from '~/domain/identity/staff.server.ts'
import {
  SignOutEverywhereSchema,
  signOutPersonEverywhere,
} from '~/routes/manager+/__sign-out-everywhere.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { handleAction } from '~/utils/action.server.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['manager+/staff._index.tsx']

export const meta: MetaFunction = () => [{ title: 'Staff · Haven' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccess(request, POLICY.loader)
  return { staff: await listPeople({ kind: 'staff' }) }
}

export async function action({ request }: ActionFunctionArgs) {
  return handleAction(request, {
    policy: POLICY,
    schema: SignOutEverywhereSchema,
    perform: (input, actor) => signOutPersonEverywhere(request, actor, input),
  })
}

export default function StaffPage() {
  const { staff } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <>
      <PageHeader title="Staff">Psychologists and managers at the practice.</PageHeader>
      <p className="mb-4">
        <Link
          to="/manager/staff/new"
          className="inline-flex rounded-md bg-brand-700 px-4 py-2 font-medium text-white shadow-sm hover:bg-brand-800"
        >
          Add a staff member
        </Link>
      </p>
      <PeopleTable people={staff} caption="Staff members" reply={actionData} />
    </>
  )
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusPages={{
        // Only signing someone out answers 404: they are no longer there.
        404: {
          title: 'We could not find that person',
          body: 'Their account may have been removed. The staff list shows everyone at the practice now.',
        },
      }}
    />
  )
}
