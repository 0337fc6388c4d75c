import { NOTE_TEMPLATE_LABELS, type NoteTemplate } from '~/domain/records/notes.ts'
import { formatShortDate } from '~/utils/time.ts'

// The titles a signed note and an addendum carry in Halaxy (and on the sync monitor): the session's
// day and the template, never any clinical content.

type Session = { startsAt: Date | string; timeZone: string }

/** "Session note 3 Dec 2026 (SOAP)": the session's day in its own zone. */
export function sessionNoteTitle(session: Session, template: NoteTemplate) {
  return `Session note ${formatShortDate(session.startsAt, session.timeZone)} (${NOTE_TEMPLATE_LABELS[template]})`
}

/** "Addendum to session note of 3 Dec 2026" */
export function addendumTitle(session: Session) {
  return `Addendum to session note of ${formatShortDate(session.startsAt, session.timeZone)}`
}
