import { Link } from '@remix-run/react'
import { Card } from '~/components/area-shell.tsx'
import { linkClass } from '~/components/forms.tsx'
import { type NoteToDo } from '~/domain/records/notes.server.ts'
import { formatZonedTime } from '~/utils/time.ts'

function ToDoList({ label, items, action }: { label: string; items: NoteToDo[]; action: string }) {
  if (items.length === 0) return null
  return (
    <>
      <h3 className="mt-3 font-medium text-stone-800">{label}</h3>
      <ul className="mt-1 space-y-1">
        {items.map((item) => (
          <li key={item.appointmentId}>
            <Link to={`/clinician/appointments/${item.appointmentId}/note`} className={linkClass}>
              {action}
              <span className="sr-only">:</span> {item.patientName}
            </Link>
            , {formatZonedTime(item.startsAt, item.timeZone)}
          </li>
        ))}
      </ul>
    </>
  )
}

/** The psychologist's dashboard: unsigned drafts and sessions still without a note. */
export function NotesToDo({ notes }: { notes: { drafts: NoteToDo[]; unwritten: NoteToDo[] } }) {
  const total = notes.drafts.length + notes.unwritten.length
  return (
    <Card title="Notes to finish">
      {total === 0 ? (
        <p>All caught up: every session of the last 30 days has a signed note.</p>
      ) : (
        <>
          <ToDoList label="Drafts to sign" items={notes.drafts} action="Finish and sign" />
          <ToDoList label="Sessions without a note" items={notes.unwritten} action="Write note" />
        </>
      )}
    </Card>
  )
}
