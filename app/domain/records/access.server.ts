import { hasPermission } from '~/domain/identity/permissions.ts'
import { type SessionUser } from '~/domain/identity/session.server.ts'
import { db, type Tx } from '~/utils/db.server.ts'

// Who may read and write a patient's clinical record (notes, addenda, session summaries). The
// treating psychologist (the session's) writes; the patient's other psychologists read and add
// addenda only when the practice allows it; anyone else reads only with `read:note:any`, which is
// granted to a person, never to a role. Everyone else is answered as if the record did not exist.

export type RecordRights = {
  /** Read the note's content. */
  read: boolean
  /** Write, sign or mark in error the session's own note and summary. */
  write: boolean
  /** Add an addendum to a signed note. */
  addend: boolean
}

export const NO_RIGHTS: RecordRights = { read: false, write: false, addend: false }

type SessionRef = { patientId: string; psychologistId: string }

// One query after the other: `client` may be a transaction, whose one connection takes one query at a time.
async function careTeamMayWrite(client: Tx, user: SessionUser, patientId: string) {
  const practice = await client.practice.findUnique({
    where: { id: 'practice' },
    select: { notesCareTeamAccess: true },
  })
  if (!practice?.notesCareTeamAccess) return false
  const assignment = await client.careAssignment.findUnique({
    where: { patientId_psychologistId: { patientId, psychologistId: user.id } },
    select: { patientId: true },
  })
  return assignment !== null
}

/** What this person may do with the record of one session. */
export async function recordRightsFor(
  user: SessionUser,
  session: SessionRef,
  client: Tx = db,
): Promise<RecordRights> {
  if (hasPermission(user, 'read:note:own')) {
    if (session.psychologistId === user.id) {
      const writes = hasPermission(user, 'update:note:own')
      return { read: true, write: writes && hasPermission(user, 'create:note:own'), addend: writes }
    }
    if (await careTeamMayWrite(client, user, session.patientId)) {
      return { read: true, write: false, addend: hasPermission(user, 'update:note:own') }
    }
  }
  if (hasPermission(user, 'read:note:any')) return { read: true, write: false, addend: false }
  return NO_RIGHTS
}

/** Whether this person writes the session's note and summary (helpers for the summary and measures). */
export async function canWriteNotes(user: SessionUser, session: SessionRef, client: Tx = db) {
  return (await recordRightsFor(user, session, client)).write
}

/**
 * Which of a patient's notes this person may see listed (dates, state) on the patient's page:
 * `all` for a granted reader or a care-team psychologist the practice lets read them, `own` for a
 * psychologist who saw the patient (their own sessions' notes), null for anyone else. The same
 * rules as reading a note (recordRightsFor), decided once for the whole list.
 */
export async function noteListScope(user: SessionUser, patientId: string): Promise<'all' | 'own' | null> {
  if (hasPermission(user, 'read:note:any')) return 'all'
  if (!hasPermission(user, 'read:note:own')) return null
  if (await careTeamMayWrite(db, user, patientId)) return 'all'
  const own = await db.appointment.count({ where: { patientId, psychologistId: user.id } })
  return own > 0 ? 'own' : null
}
