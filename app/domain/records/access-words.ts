// The access history in words: what each audited action on a patient's record means to a reader.
// An action not listed here is shown by its code.
export const ACCESS_ACTION_WORDS: Record<string, string> = {
  'patient.record_viewed': 'Opened the patient record',
  'patient.list_viewed': 'Saw the patient in a list',
  'care_team.assigned': 'Added a psychologist to the care team',
  'care_team.unassigned': 'Removed a psychologist from the care team',
  'note.created': 'Started a session note',
  'note.draft_saved': 'Saved a draft note',
  'note.signed': 'Signed a session note',
  'note.read': 'Read a session note',
  'note.addendum_added': 'Added an addendum to a note',
  'note.entered_in_error': 'Marked a note entered in error',
}

export function accessActionWords(action: string) {
  return ACCESS_ACTION_WORDS[action] ?? action
}

export type AccessRow<E extends { who: string; action: string; ipAddress: string | null; at: string }> = {
  first: E
  /** The earliest of a run of the same person doing the same thing from the same place. */
  last: E
  count: number
}

/**
 * Consecutive events of one person doing the same thing from the same address (a draft saving
 * itself as it is typed) shown as one row with a count.
 */
export function groupAccessEvents<
  E extends { who: string; action: string; ipAddress: string | null; at: string },
>(events: E[]): AccessRow<E>[] {
  const rows: AccessRow<E>[] = []
  for (const event of events) {
    const row = rows.at(-1)
    if (
      row &&
      row.first.who === event.who &&
      row.first.action === event.action &&
      row.first.ipAddress === event.ipAddress
    ) {
      row.last = event
      row.count += 1
    } else {
      rows.push({ first: event, last: event, count: 1 })
    }
  }
  return rows
}
