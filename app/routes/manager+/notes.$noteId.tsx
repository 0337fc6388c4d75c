import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Card, PageHeader } from '~/components/area-shell.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { linkClass, Notice } from '~/components/forms.tsx'
import { SessionFactsList, SignedNote } from '~/components/records/note-page.tsx'
import { accessFrom } from '~/domain/audit/audit.server.ts'
import { NOTE_TEMPLATE_LABELS } from '~/domain/records/notes.ts'
import { readNote } from '~/domain/records/notes.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { orNotFound } from '~/utils/action.server.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'
import { formatZonedTime } from '~/utils/time.ts'

const POLICY = ROUTE_POLICIES['manager+/notes.$noteId.tsx']

export const meta: MetaFunction = () => [{ title: 'Session note · Haven' }]

// Read only, for a person granted `read:note:any`; the read is on the patient's access history.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  const read = await orNotFound(readNote(params.noteId ?? '', user, accessFrom(request)))
  return data(read, { headers: { 'Cache-Control': 'private, no-store' } })
}

export default function ManagerNotePage() {
  const { session, note, draftBy, enteredInError } = useLoaderData<typeof loader>()
  const timeZone = session.facts.timeZone
  return (
    <div className="max-w-3xl space-y-6">
      <PageHeader title={`Session note: ${session.patientName}`}>
        {formatZonedTime(session.facts.startsAt, timeZone)} with {session.psychologistName}.{' '}
        <Link to={`/manager/patients/${session.patientId}`} className={linkClass}>
          Back to the patient
        </Link>
      </PageHeader>
      {enteredInError ? (
        <Notice>
          Marked entered in error by {enteredInError.by} on {formatZonedTime(enteredInError.at, timeZone)}:{' '}
          {enteredInError.reason}
        </Notice>
      ) : null}
      <Card title="Session">
        <SessionFactsList facts={session.facts} />
      </Card>
      <Card title={note ? `${NOTE_TEMPLATE_LABELS[note.template]} note` : 'Clinical note'}>
        {note ? <SignedNote note={note} timeZone={timeZone} /> : <p>{draftBy} is still writing this note.</p>}
      </Card>
    </div>
  )
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusPages={{
        403: {
          title: 'Clinical notes are not open to you',
          body: 'Managers read clinical notes only when allowed in person (Practice › Clinical records).',
        },
        404: { title: 'We could not find that note', body: 'The link may be old.' },
      }}
    />
  )
}
