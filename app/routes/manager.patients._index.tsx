import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { PageHeader } from '~/components/area-shell.tsx'
import { Notice } from '~/components/forms.tsx'
import { PeopleTable } from '~/components/people-table.tsx'
import { requireUser } from '~/domain/identity/session.server.ts'
import { listPeople } from '~/domain/identity/staff.server.ts'
import { handleSignOutEverywhere } from '~/utils/sign-out-everywhere.server.ts'

export const meta: MetaFunction = () => [{ title: 'Patients · Haven' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { role: 'manager', permission: 'read:patient:any' })
  return { patients: await listPeople({ kind: 'patients' }) }
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireUser(request, { role: 'manager', permission: 'delete:session:any' })
  return handleSignOutEverywhere(actor, await request.formData())
}

export default function PatientsPage() {
  const { patients } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <>
      <PageHeader title="Patients">Everyone with a patient account.</PageHeader>
      {actionData?.notice ? (
        <div className="mb-4">
          <Notice>{actionData.notice}</Notice>
        </div>
      ) : null}
      <PeopleTable people={patients} caption="Patients" />
    </>
  )
}
