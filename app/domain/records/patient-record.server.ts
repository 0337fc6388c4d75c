import { type SessionUser } from '~/domain/identity/session.server.ts'
import { db } from '~/utils/db.server.ts'
import { noteListScope } from './access.server.ts'
import { type NoteStatus, type NoteTemplate } from './notes.ts'

// A patient's clinical record as their page lists it: which notes exist (never what they say,
// so the page unseals nothing), and who has read or written the patient's health information.

export type NoteListItem = {
  id: string
  appointmentId: string
  startsAt: string
  timeZone: string
  template: NoteTemplate
  status: NoteStatus
  author: string
  signedAt: string | null
  addenda: number
}

export type PatientNotes = { notes: NoteListItem[]; inError: number; allNotes: boolean }

/**
 * The notes of a patient this person may read, newest session first, or null when they may read
 * none. A psychologist sees their own sessions' notes (all of the patient's when the practice
 * lets the care team read each other's); a person granted `read:note:any` sees all.
 */
export async function patientNotes(patientId: string, user: SessionUser): Promise<PatientNotes | null> {
  const listed = await noteListScope(user, patientId)
  if (!listed) return null
  const allNotes = listed === 'all'
  const scope = allNotes ? {} : { appointment: { psychologistId: user.id } }
  const [notes, inError] = await Promise.all([
    db.clinicalNote.findMany({
      where: { patientId, current: true, ...scope },
      orderBy: { appointment: { startsAt: 'desc' } },
      select: {
        id: true,
        appointmentId: true,
        template: true,
        status: true,
        signedAt: true,
        author: { select: { name: true } },
        appointment: { select: { startsAt: true, timeZone: true } },
        _count: { select: { addenda: true } },
      },
    }),
    db.clinicalNote.count({ where: { patientId, current: null, ...scope } }),
  ])
  return {
    allNotes,
    inError,
    notes: notes.map((note) => ({
      id: note.id,
      appointmentId: note.appointmentId,
      startsAt: note.appointment.startsAt.toISOString(),
      timeZone: note.appointment.timeZone,
      template: note.template as NoteTemplate,
      status: note.status as NoteStatus,
      author: note.author.name,
      signedAt: note.signedAt?.toISOString() ?? null,
      addenda: note._count.addenda,
    })),
  }
}

/** How many access events the patient page shows. */
export const ACCESS_HISTORY_LIMIT = 100

export type AccessEvent = {
  id: string
  at: string
  who: string
  action: string
  ipAddress: string | null
  path: string | null
}

/**
 * Who read or wrote this patient's health information, newest first: the people, what, when and
 * from where. Shown on the patient's page, whose view is audited as one event naming it
 * (patient.record_viewed, `access_history`).
 */
export async function accessHistory(patientId: string): Promise<AccessEvent[]> {
  const events = await db.auditEvent.findMany({
    where: { patientId },
    orderBy: { at: 'desc' },
    take: ACCESS_HISTORY_LIMIT,
    select: {
      id: true,
      at: true,
      action: true,
      ipAddress: true,
      path: true,
      actor: { select: { name: true } },
    },
  })
  return events.map((event) => ({
    id: event.id,
    at: event.at.toISOString(),
    who: event.actor?.name ?? 'Haven (automatic)',
    action: event.action,
    ipAddress: event.ipAddress,
    path: event.path,
  }))
}
