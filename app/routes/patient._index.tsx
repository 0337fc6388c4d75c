import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData, useSearchParams } from '@remix-run/react'
import { Card, PageHeader } from '~/components/area-shell.tsx'
import { Notice } from '~/components/forms.tsx'
import { requireUser } from '~/domain/identity/session.server.ts'

export const meta: MetaFunction = () => [{ title: 'Your care · Haven' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: 'patient' })
  return { firstName: user.name.split(' ')[0] ?? user.name }
}

export default function PatientHome() {
  const { firstName } = useLoaderData<typeof loader>()
  const [searchParams] = useSearchParams()
  return (
    <>
      {searchParams.get('welcome') ? (
        <div className="mb-6">
          <Notice>Your account is ready. Welcome to Haven.</Notice>
        </div>
      ) : null}
      <PageHeader title={`Hello, ${firstName}`}>
        Everything about your care with Haven, in one place.
      </PageHeader>
      <div className="grid gap-4 sm:grid-cols-2">
        <Card title="Your next appointment">
          <p>You have no upcoming appointments.</p>
        </Card>
        <Card title="Before your first session">
          <p>
            Your psychologist will ask a few questions about you and your referral before your first session.
            You will be able to complete them here.
          </p>
        </Card>
        <Card title="Need help now?">
          <p>
            Haven is not an emergency service. If you are in danger call <strong>000</strong>. For crisis
            support any time, call Lifeline on <strong>13 11 14</strong>.
          </p>
        </Card>
      </div>
    </>
  )
}
