import { Link } from '@remix-run/react'
import { Card } from '~/components/area-shell.tsx'
import { linkClass } from '~/components/forms.tsx'
import { accessActionWords, groupAccessEvents } from '~/domain/records/access-words.ts'
import { NOTE_TEMPLATE_LABELS } from '~/domain/records/notes.ts'
import { type AccessEvent, type PatientNotes } from '~/domain/records/patient-record.server.ts'
import { formatZonedTime } from '~/utils/time.ts'

/** The patient's notes as a list (dates, template, state): opening one is a separate, audited read. */
export function PatientNotesCard({
  record,
  notePath,
}: {
  record: PatientNotes
  /** Where a note opens, or null where this reader may see that notes exist but not open them. */
  notePath: ((note: PatientNotes['notes'][number]) => string) | null
}) {
  return (
    <Card title="Clinical notes">
      {record.notes.length === 0 ? (
        <p>No notes yet.</p>
      ) : (
        <table className="mt-1 w-full text-left text-sm">
          <caption className="sr-only">Session notes, newest first</caption>
          <thead className="text-stone-500">
            <tr>
              <th className="py-1 pr-3 font-medium">Session</th>
              <th className="py-1 pr-3 font-medium">Note</th>
              <th className="py-1 pr-3 font-medium">By</th>
              <th className="py-1 font-medium">State</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-100">
            {record.notes.map((note) => (
              <tr key={note.id}>
                <td className="py-1.5 pr-3">
                  {notePath ? (
                    <Link to={notePath(note)} className={linkClass}>
                      {formatZonedTime(note.startsAt, note.timeZone)}
                    </Link>
                  ) : (
                    formatZonedTime(note.startsAt, note.timeZone)
                  )}
                </td>
                <td className="py-1.5 pr-3">{NOTE_TEMPLATE_LABELS[note.template]}</td>
                <td className="py-1.5 pr-3">{note.author}</td>
                <td className="py-1.5">
                  {note.status === 'signed' ? 'Signed' : 'Draft'}
                  {note.addenda > 0 ? `, ${note.addenda} addend${note.addenda === 1 ? 'um' : 'a'}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {record.inError > 0 ? (
        <p className="mt-2 text-stone-600">
          {record.inError} note{record.inError === 1 ? '' : 's'} marked entered in error (kept, not shown
          here).
        </p>
      ) : null}
      {!record.allNotes ? (
        <p className="mt-2 text-stone-600">Only notes of your own sessions with this patient are listed.</p>
      ) : null}
    </Card>
  )
}

/** Who read or wrote the patient's health information: who, what, when and from where. */
export function AccessHistoryCard({ events, timeZone }: { events: AccessEvent[]; timeZone: string }) {
  const rows = groupAccessEvents(events)
  return (
    <Card title="Access history">
      <p>Every time staff opened or wrote this patient’s health information, newest first.</p>
      {rows.length === 0 ? (
        <p className="mt-2">Nobody has opened this record yet.</p>
      ) : (
        <table className="mt-2 w-full text-left text-sm">
          <caption className="sr-only">Access history, newest first</caption>
          <thead className="text-stone-500">
            <tr>
              <th className="py-1 pr-3 font-medium">When</th>
              <th className="py-1 pr-3 font-medium">Who</th>
              <th className="py-1 pr-3 font-medium">What</th>
              <th className="py-1 font-medium">From</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-100">
            {rows.map(({ first, last, count }) => (
              <tr key={first.id}>
                <td className="py-1.5 pr-3 whitespace-nowrap">
                  {count > 1
                    ? `${formatZonedTime(last.at, timeZone)} to ${formatZonedTime(first.at, timeZone)}`
                    : formatZonedTime(first.at, timeZone)}
                </td>
                <td className="py-1.5 pr-3">{first.who}</td>
                <td className="py-1.5 pr-3">
                  {accessActionWords(first.action)}
                  {count > 1 ? ` (${count} times)` : ''}
                </td>
                <td className="py-1.5 text-stone-600">
                  {first.ipAddress ?? 'Haven'}
                  {first.path ? <span className="block font-mono text-xs">{first.path}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  )
}
