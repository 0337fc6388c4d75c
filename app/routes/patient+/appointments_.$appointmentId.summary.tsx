import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { PageHeader } from '~/components/area-shell.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { linkClass } from '~/components/forms.tsx'
import { SummarySections } from '~/components/records/summary-sections.tsx'
import { accessFrom } from '~/domain/audit/audit.server.ts'
import { patientSummary } from '~/domain/records/summaries.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { orNotFound } from '~/utils/action.server.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'
import { formatZonedTime } from '~/utils/time.ts'

const POLICY = ROUTE_POLICIES['patient+/appointments_.$appointmentId.summary.tsx']

export const meta: MetaFunction = () => [{ title: 'Notes from your session · Haven' }]

// What the psychologist shared from one of the patient's own sessions; anyone else's is not found.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  return orNotFound(patientSummary(user.id, params.appointmentId ?? '', accessFrom(request)))
}

export default function SessionNotesPage() {
  const page = useLoaderData<typeof loader>()
  const when = (instant: string) => formatZonedTime(instant, page.timeZone)
  return (
    <div className="max-w-3xl space-y-6">
      <PageHeader title="Notes from your session">
        {page.psychologist}, <time dateTime={page.startsAt}>{when(page.startsAt)}</time>
      </PageHeader>
      {page.summary ? (
        <>
          <p className="text-sm text-stone-600">
            Shared <time dateTime={page.summary.sharedAt}>{when(page.summary.sharedAt)}</time>
            {page.summary.updatedAt ? (
              <>
                {' '}
                · <strong className="font-medium text-stone-800">Updated</strong>{' '}
                <time dateTime={page.summary.updatedAt}>{when(page.summary.updatedAt)}</time>
              </>
            ) : null}
          </p>
          <SummarySections
            content={page.summary.content}
            worksheets={page.summary.worksheets}
            worksheetHref={(id) => `/patient/appointments/${page.appointmentId}/summary/worksheets/${id}`}
          />
        </>
      ) : (
        <p className="text-stone-700">
          {page.psychologist} has not shared notes from this session. If they do, we will email you.
        </p>
      )}
      <p>
        <Link to="/patient/appointments" className={linkClass}>
          Back to your appointments
        </Link>
      </p>
    </div>
  )
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusPages={{
        404: {
          title: 'We could not find that session',
          body: 'Your sessions, and any notes shared from them, are listed on your appointments page.',
        },
      }}
    />
  )
}
