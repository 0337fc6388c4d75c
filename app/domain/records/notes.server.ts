import { randomUUID } from 'node:crypto'
import { accessFrom, audit, type AccessContext } from '~/domain/audit/audit.server.ts'
import { DomainError, NotFoundError } from '~/domain/errors.ts'
import { mirrorSignedRecord } from '~/domain/halaxy/notes.server.ts'
import { type SessionUser } from '~/domain/identity/session.server.ts'
import { raiseRiskFlag } from '~/domain/patients/risk.server.ts'
import { db, type Tx } from '~/utils/db.server.ts'
import { isRecordLockViolation } from '~/utils/db-errors.server.ts'
import { contentHash, seal, unseal } from '~/utils/encryption.server.ts'
import { NO_RIGHTS, recordRightsFor, type RecordRights } from './access.server.ts'
import { addendumTitle, noteTitle, renderAddendumHtml, renderNoteHtml } from './note-html.ts'
import {
  type Attendance,
  FLAGGED_RISK_LEVELS,
  hasWriting,
  type NoteContent,
  noteContentText,
  type NoteTemplate,
  parseNoteContent,
  type RiskLevel,
  type SessionFacts,
} from './notes.ts'

// Clinical notes: one current note a session, drafted (saved as the psychologist types), then
// signed and locked. The database refuses changes to a signed note (a trigger); later changes are
// addenda. Every read and write is audited with the patient, the address and the path. Content is
// sealed before it reaches the database and unsealed only for the one note a page shows.

export { accessFrom }

export class NoteRefusedError extends DomainError {
  constructor(message: string, field?: string) {
    super('refused', message, field)
  }
}

export class NoteConflictError extends DomainError {
  constructor(message: string) {
    super('conflict', message)
  }
}

/** A form names a note that is not this session's current one (replaced, or another page's). */
export function assertCurrentNote(session: { noteId: string | null }, noteId: string) {
  if (session.noteId !== noteId) {
    throw new NoteConflictError('This page is out of date: the note changed since it was opened. Reload it.')
  }
}

/** The note's sealed text did not match the hash recorded when it was signed. */
export class NoteIntegrityError extends Error {}

const LOCKED_MESSAGE = 'This note is signed and locked. Add an addendum instead.'

export const noteContext = (noteId: string) => `ClinicalNote:${noteId}:content`
export const addendumContext = (addendumId: string) => `ClinicalNoteAddendum:${addendumId}:text`

const sessionSelect = {
  id: true,
  patientId: true,
  psychologistId: true,
  startsAt: true,
  endsAt: true,
  timeZone: true,
  modality: true,
  status: true,
  appointmentType: { select: { name: true } },
  patient: { select: { name: true } },
  psychologist: { select: { name: true } },
} as const

type SessionRow = {
  id: string
  patientId: string
  psychologistId: string
  startsAt: Date
  endsAt: Date
  timeZone: string
  modality: string
  status: string
  appointmentType: { name: string }
  patient: { name: string }
  psychologist: { name: string }
}

const ATTENDANCE_OF_STATUS: Record<string, Attendance> = {
  completed: 'attended',
  no_show: 'did_not_attend',
}

/** The session's facts as the note records them: from the appointment, never typed. */
export function sessionFacts(session: SessionRow): SessionFacts {
  return {
    startsAt: session.startsAt.toISOString(),
    endsAt: session.endsAt.toISOString(),
    timeZone: session.timeZone,
    modality: session.modality,
    appointmentType: session.appointmentType.name,
    durationMinutes: Math.round((session.endsAt.getTime() - session.startsAt.getTime()) / 60_000),
    attendance: ATTENDANCE_OF_STATUS[session.status] ?? 'not_recorded',
  }
}

/** Sessions a note may be written for: ones that were held (or missed), not cancelled or unconfirmed. */
const NOTEABLE_STATUSES = ['confirmed', 'completed', 'no_show']
/** A note may be opened this long before its session starts (to prepare it). */
const NOTE_OPENS_BEFORE_MS = 60 * 60_000

function assertNoteable(session: SessionRow, now: Date) {
  if (!NOTEABLE_STATUSES.includes(session.status)) {
    throw new NoteRefusedError(
      'Notes are written for sessions that went ahead; this one was cancelled or never confirmed.',
    )
  }
  if (session.startsAt.getTime() - NOTE_OPENS_BEFORE_MS > now.getTime()) {
    throw new NoteRefusedError(
      'This session is more than an hour away: its note opens an hour before it starts.',
    )
  }
}

type NoteRow = {
  id: string
  appointmentId: string
  patientId: string
  authorId: string
  template: string
  contentCipher: Uint8Array
  contentKeyId: string
  riskLevel: string
  status: string
  version: number
  contentHash: string | null
  signedAt: Date | null
  signedById: string | null
  enteredInErrorAt: Date | null
  enteredInErrorReason: string
  createdAt: Date
  updatedAt: Date
}

function unsealNote(note: NoteRow): NoteContent {
  const text = unseal({ ciphertext: note.contentCipher, keyId: note.contentKeyId }, noteContext(note.id))
  if (note.contentHash !== null && contentHash(text) !== note.contentHash) {
    throw new NoteIntegrityError(`Note ${note.id} does not match the content it was signed with`)
  }
  return parseNoteContent(text)
}

function sealNote(noteId: string, template: NoteTemplate, content: NoteContent) {
  const text = noteContentText(template, content)
  const sealed = seal(text, noteContext(noteId))
  return { text, contentCipher: sealed.ciphertext, contentKeyId: sealed.keyId }
}

export type NoteView = {
  id: string
  template: NoteTemplate
  status: 'draft' | 'signed'
  version: number
  riskLevel: RiskLevel
  content: NoteContent
  author: string
  signedBy: string | null
  signedAt: string | null
  contentHash: string | null
  updatedAt: string
  createdAt: string
  addenda: { id: string; author: string; createdAt: string; text: string }[]
}

export type InErrorNote = {
  id: string
  enteredInErrorAt: string
  reason: string
  by: string
  template: NoteTemplate
}

export type NoteWorkspace = {
  session: {
    id: string
    patientId: string
    patientName: string
    psychologistName: string
    facts: SessionFacts
    noteable: string | null
  }
  rights: RecordRights
  /** The current note, unless it is a draft someone else is writing (then only `draftBy`). */
  note: NoteView | null
  draftBy: string | null
  inError: InErrorNote[]
}

async function findSession(client: Tx, appointmentId: string) {
  return client.appointment.findUnique({ where: { id: appointmentId }, select: sessionSelect })
}

const noteSelect = {
  id: true,
  appointmentId: true,
  patientId: true,
  authorId: true,
  template: true,
  contentCipher: true,
  contentKeyId: true,
  riskLevel: true,
  status: true,
  version: true,
  contentHash: true,
  signedAt: true,
  signedById: true,
  enteredInErrorAt: true,
  enteredInErrorReason: true,
  createdAt: true,
  updatedAt: true,
  author: { select: { name: true } },
  signedBy: { select: { name: true } },
  addenda: {
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      textCipher: true,
      textKeyId: true,
      contentHash: true,
      createdAt: true,
      author: { select: { name: true } },
    },
  },
} as const

type NoteWithPeople = NoteRow & {
  author: { name: string }
  signedBy: { name: string } | null
  addenda: {
    id: string
    textCipher: Uint8Array
    textKeyId: string
    contentHash: string
    createdAt: Date
    author: { name: string }
  }[]
}

function noteView(note: NoteWithPeople): NoteView {
  return {
    id: note.id,
    template: note.template as NoteTemplate,
    status: note.status as 'draft' | 'signed',
    version: note.version,
    riskLevel: note.riskLevel as RiskLevel,
    content: unsealNote(note),
    author: note.author.name,
    signedBy: note.signedBy?.name ?? null,
    signedAt: note.signedAt?.toISOString() ?? null,
    contentHash: note.contentHash,
    updatedAt: note.updatedAt.toISOString(),
    createdAt: note.createdAt.toISOString(),
    addenda: note.addenda.map((addendum) => {
      const text = unseal(
        { ciphertext: addendum.textCipher, keyId: addendum.textKeyId },
        addendumContext(addendum.id),
      )
      if (contentHash(text) !== addendum.contentHash) {
        throw new NoteIntegrityError(`Addendum ${addendum.id} does not match the content it was written with`)
      }
      return {
        id: addendum.id,
        author: addendum.author.name,
        createdAt: addendum.createdAt.toISOString(),
        text,
      }
    }),
  }
}

function noteableReason(session: SessionRow, now: Date) {
  try {
    assertNoteable(session, now)
    return null
  } catch (error) {
    if (error instanceof NoteRefusedError) return error.message
    throw error
  }
}

/** A note's content was shown to this person: who, which note, whose, from where. */
function auditNoteRead(
  note: { id: string; patientId: string; addenda: unknown[] },
  user: SessionUser,
  access: AccessContext,
) {
  return audit(db, {
    actorId: user.id,
    action: 'note.read',
    entity: 'clinical_note',
    entityId: note.id,
    patientId: note.patientId,
    access,
    detail: { addenda: note.addenda.length },
  })
}

/** The session as a note's page heads it. */
function sessionHeader(session: SessionRow) {
  return {
    id: session.id,
    patientId: session.patientId,
    patientName: session.patient.name,
    psychologistName: session.psychologist.name,
    facts: sessionFacts(session),
  }
}

/**
 * The note page of one session: its facts, the current note (unsealed, and the read audited) and
 * the notes of it entered in error (never their content). Not theirs: NotFoundError.
 */
export async function noteWorkspace(
  appointmentId: string,
  user: SessionUser,
  access: AccessContext,
  now = new Date(),
): Promise<NoteWorkspace> {
  const session = await findSession(db, appointmentId)
  if (!session) throw new NotFoundError()
  const rights = await recordRightsFor(user, session)
  if (!rights.read) throw new NotFoundError()
  const notes = await db.clinicalNote.findMany({
    where: { appointmentId },
    orderBy: { createdAt: 'asc' },
    select: { ...noteSelect, enteredInErrorBy: { select: { name: true } } },
  })
  const found = notes.find((note) => note.enteredInErrorAt === null) ?? null
  // A draft is its author's until signed: others see that it is being written, not what.
  const current = found && (found.status === 'signed' || rights.write) ? found : null
  if (current) await auditNoteRead(current, user, access)
  return {
    session: { ...sessionHeader(session), noteable: noteableReason(session, now) },
    rights,
    note: current ? noteView(current) : null,
    draftBy: found && !current ? found.author.name : null,
    inError: notes
      .filter((note) => note.enteredInErrorAt !== null)
      .map((note) => ({
        id: note.id,
        enteredInErrorAt: note.enteredInErrorAt!.toISOString(),
        reason: note.enteredInErrorReason,
        by: note.enteredInErrorBy?.name ?? '',
        template: note.template as NoteTemplate,
      })),
  }
}

/**
 * What an action on the note page needs before its form is read: that the session is one whose
 * notes this person may read (else NotFoundError), and its current note's template. Unseals nothing.
 */
export async function noteSession(appointmentId: string, user: SessionUser) {
  const session = await findSession(db, appointmentId)
  if (!session || !(await recordRightsFor(user, session)).read) throw new NotFoundError()
  const current = await db.clinicalNote.findFirst({
    where: { appointmentId, current: true },
    select: { id: true, template: true },
  })
  return {
    timeZone: session.timeZone,
    noteId: current?.id ?? null,
    template: (current?.template ?? 'free') as NoteTemplate,
  }
}

const emptyContent = (facts: SessionFacts): NoteContent => ({ facts, sections: {}, riskPlan: '' })

/** Starts the session's note in a template. Only the session's psychologist; one current note a session. */
export async function startNote(
  appointmentId: string,
  template: NoteTemplate,
  user: SessionUser,
  access: AccessContext,
  now = new Date(),
) {
  return db.$transaction(async (tx) => {
    const session = await findSession(tx, appointmentId)
    if (!session) throw new NotFoundError()
    const rights = await recordRightsFor(user, session, tx)
    if (!rights.read) throw new NotFoundError()
    if (!rights.write)
      throw new NoteRefusedError('Only the psychologist who saw the patient writes this note.')
    assertNoteable(session, now)
    const existing = await tx.clinicalNote.findFirst({
      where: { appointmentId, current: true },
      select: { id: true },
    })
    if (existing) return existing.id
    const id = randomUUID()
    const sealed = sealNote(id, template, emptyContent(sessionFacts(session)))
    await tx.clinicalNote.create({
      data: {
        id,
        appointmentId,
        patientId: session.patientId,
        authorId: user.id,
        template,
        contentCipher: sealed.contentCipher,
        contentKeyId: sealed.contentKeyId,
      },
    })
    await audit(tx, {
      actorId: user.id,
      action: 'note.created',
      entity: 'clinical_note',
      entityId: id,
      patientId: session.patientId,
      access,
      detail: { template },
    })
    return id
  })
}

export type DraftInput = {
  version: number
  sections: Record<string, string>
  riskLevel: RiskLevel
  riskPlan: string
}

/** The session's current note for a write by its author, locked for the transaction. */
async function noteForWrite(tx: Tx, noteId: string, user: SessionUser) {
  const [locked] = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id FROM "ClinicalNote" WHERE id = ${noteId} FOR UPDATE`
  if (!locked) throw new NotFoundError()
  const note = await tx.clinicalNote.findUniqueOrThrow({ where: { id: noteId }, select: noteSelect })
  const session = await findSession(tx, note.appointmentId)
  const rights = session ? await recordRightsFor(user, session, tx) : NO_RIGHTS
  if (!session || !rights.read) throw new NotFoundError()
  return { note, session, rights }
}

function assertDraftWritable(
  found: { note: NoteRow; rights: RecordRights },
  version: number,
): asserts found is { note: NoteRow; rights: RecordRights } {
  const { note, rights } = found
  if (!rights.write) throw new NoteRefusedError('Only the psychologist who saw the patient edits this note.')
  if (note.enteredInErrorAt)
    throw new NoteRefusedError('This note was marked entered in error and cannot be edited.')
  if (note.status === 'signed') throw new NoteRefusedError(LOCKED_MESSAGE)
  if (note.version !== version) {
    throw new NoteConflictError(
      'This note was saved from another window since you opened it. Reload the page to see the latest draft before saving again.',
    )
  }
}

async function flagRisk(tx: Tx, patientId: string, riskLevel: RiskLevel) {
  if (FLAGGED_RISK_LEVELS.includes(riskLevel)) await raiseRiskFlag(tx, patientId, 'note_risk')
}

/**
 * Writes what the psychologist sees into their draft: sealed, its risk level (raising the flag
 * when high) and the version bumped; `sign` also signs it. Audited as either.
 */
async function writeDraft(
  noteId: string,
  input: DraftInput,
  user: SessionUser,
  access: AccessContext,
  sign: { at: Date } | null,
) {
  return db.$transaction(async (tx) => {
    const found = await noteForWrite(tx, noteId, user)
    assertDraftWritable(found, input.version)
    const { note, session } = found
    const template = note.template as NoteTemplate
    const content: NoteContent = {
      facts: sessionFacts(session),
      sections: input.sections,
      riskPlan: input.riskPlan,
    }
    if (sign && !hasWriting(template, content))
      throw new NoteRefusedError('Write the note before signing it.')
    const sealed = sealNote(note.id, template, content)
    const saved = await tx.clinicalNote.update({
      where: { id: note.id },
      data: {
        contentCipher: sealed.contentCipher,
        contentKeyId: sealed.contentKeyId,
        riskLevel: input.riskLevel,
        version: { increment: 1 },
        ...(sign
          ? {
              status: 'signed',
              signedAt: sign.at,
              signedById: user.id,
              contentHash: contentHash(sealed.text),
            }
          : {}),
      },
      select: { version: true, updatedAt: true },
    })
    await flagRisk(tx, session.patientId, input.riskLevel)
    await audit(tx, {
      actorId: user.id,
      action: sign ? 'note.signed' : 'note.draft_saved',
      entity: 'clinical_note',
      entityId: note.id,
      patientId: session.patientId,
      access,
      detail: sign ? undefined : { version: saved.version },
    })
    if (sign) await mirrorSignedRecord(tx, 'clinical_note', note.id, sign.at)
    return { version: saved.version, savedAt: saved.updatedAt.toISOString() }
  })
}

/** Saves a draft (as the psychologist types, or on Save). Returns the new version. */
export function saveDraft(noteId: string, input: DraftInput, user: SessionUser, access: AccessContext) {
  return writeDraft(noteId, input, user, access, null)
}

/**
 * Saves what the psychologist sees and signs it in one step: records who, when and the content's
 * hash. From then on the database refuses any change to it.
 */
export async function signNote(
  noteId: string,
  input: DraftInput,
  user: SessionUser,
  access: AccessContext,
  now = new Date(),
) {
  await writeDraft(noteId, input, user, access, { at: now })
}

/** Adds an addendum under a signed note: its author's, now, never changed afterwards. */
export async function addAddendum(noteId: string, text: string, user: SessionUser, access: AccessContext) {
  return lockRefusals(() =>
    db.$transaction(async (tx) => {
      const { note, session, rights } = await noteForWrite(tx, noteId, user)
      if (!rights.addend) throw new NoteRefusedError('Only the patient’s psychologists add to this note.')
      if (note.enteredInErrorAt) throw new NoteRefusedError('This note was marked entered in error.')
      if (note.status !== 'signed')
        throw new NoteRefusedError('A draft is edited, not amended: sign it first.')
      if (!text.trim()) throw new NoteRefusedError('Write the addendum first.', 'text')
      const id = randomUUID()
      const sealed = seal(text, addendumContext(id))
      await tx.clinicalNoteAddendum.create({
        data: {
          id,
          noteId,
          authorId: user.id,
          textCipher: sealed.ciphertext,
          textKeyId: sealed.keyId,
          contentHash: contentHash(text),
        },
      })
      await audit(tx, {
        actorId: user.id,
        action: 'note.addendum_added',
        entity: 'clinical_note',
        entityId: noteId,
        patientId: session.patientId,
        access,
        detail: { addendumId: id },
      })
      await mirrorSignedRecord(tx, 'note_addendum', id)
      return id
    }),
  )
}

/**
 * Marks a note written on the wrong record (or otherwise in error): kept, with who, when and why,
 * and hidden from normal views. The session may then have a new note.
 */
export async function markEnteredInError(
  noteId: string,
  reason: string,
  user: SessionUser,
  access: AccessContext,
  now = new Date(),
) {
  return lockRefusals(() =>
    db.$transaction(async (tx) => {
      const { note, session, rights } = await noteForWrite(tx, noteId, user)
      if (!rights.write)
        throw new NoteRefusedError('Only the psychologist who wrote this note marks it in error.')
      if (note.enteredInErrorAt) return
      if (!reason.trim()) throw new NoteRefusedError('Say why this note is in error.', 'reason')
      await tx.clinicalNote.update({
        where: { id: note.id },
        data: {
          enteredInErrorAt: now,
          enteredInErrorById: user.id,
          enteredInErrorReason: reason.trim(),
          current: null,
        },
      })
      await audit(tx, {
        actorId: user.id,
        action: 'note.entered_in_error',
        entity: 'clinical_note',
        entityId: note.id,
        patientId: session.patientId,
        access,
      })
    }),
  )
}

/** The database refused a change to a locked record: the same clear refusal the app gives. */
async function lockRefusals<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if (isRecordLockViolation(error)) throw new NoteRefusedError(LOCKED_MESSAGE)
    throw error
  }
}

/**
 * One note by its id, for a reader who is not writing it (a manager granted `read:note:any`, a
 * care-team colleague), audited. A draft is its author's until signed: only that it exists.
 */
export async function readNote(noteId: string, user: SessionUser, access: AccessContext) {
  const note = await db.clinicalNote.findUnique({
    where: { id: noteId },
    select: { ...noteSelect, enteredInErrorBy: { select: { name: true } } },
  })
  if (!note) throw new NotFoundError()
  const session = await findSession(db, note.appointmentId)
  if (!session) throw new NotFoundError()
  const rights = await recordRightsFor(user, session)
  if (!rights.read) throw new NotFoundError()
  const readable = note.status === 'signed' || rights.write
  if (readable) await auditNoteRead(note, user, access)
  return {
    session: sessionHeader(session),
    note: readable ? noteView(note) : null,
    draftBy: readable ? null : note.author.name,
    enteredInError: note.enteredInErrorAt
      ? {
          at: note.enteredInErrorAt.toISOString(),
          reason: note.enteredInErrorReason,
          by: note.enteredInErrorBy?.name ?? '',
        }
      : null,
  }
}

export type RecordDocument = { patientId: string; authorId: string; title: string; html: string; date: Date }

/**
 * A signed note as the document Halaxy stores (for the Halaxy push). Null for a draft or a note in
 * error: unsigned notes never leave Haven.
 */
export async function signedNoteDocument(noteId: string): Promise<RecordDocument | null> {
  const note = await db.clinicalNote.findUnique({ where: { id: noteId }, select: noteSelect })
  if (!note || note.status !== 'signed' || note.enteredInErrorAt || !note.signedAt) return null
  const view = noteView(note)
  return {
    patientId: note.patientId,
    authorId: note.authorId,
    title: noteTitle(view),
    html: renderNoteHtml({ ...view, author: view.signedBy ?? view.author, signedAt: note.signedAt }),
    date: note.signedAt,
  }
}

/** An addendum as the document Halaxy stores, under its note's title. */
export async function addendumDocument(addendumId: string): Promise<RecordDocument | null> {
  const addendum = await db.clinicalNoteAddendum.findUnique({
    where: { id: addendumId },
    select: { id: true, noteId: true, authorId: true, createdAt: true },
  })
  if (!addendum) return null
  const note = await db.clinicalNote.findUnique({ where: { id: addendum.noteId }, select: noteSelect })
  if (!note || note.status !== 'signed' || note.enteredInErrorAt) return null
  const view = noteView(note)
  const written = view.addenda.find((candidate) => candidate.id === addendum.id)!
  const document = { text: written.text, author: written.author, createdAt: addendum.createdAt, note: view }
  return {
    patientId: note.patientId,
    authorId: addendum.authorId,
    title: addendumTitle(document),
    html: renderAddendumHtml(document),
    date: addendum.createdAt,
  }
}

export type NoteState = 'none' | 'draft' | 'signed'

/** Whether a session's note is written, for links and lists: never its content. */
export async function noteStateOf(appointmentId: string): Promise<NoteState> {
  const note = await db.clinicalNote.findFirst({
    where: { appointmentId, current: true },
    select: { status: true },
  })
  return (note?.status as NoteState | undefined) ?? 'none'
}

/** How far back a session without a note is still listed as to write. */
const UNWRITTEN_WINDOW_MS = 30 * 24 * 60 * 60_000
const TO_DO_LIMIT = 25

export type NoteToDo = { appointmentId: string; patientName: string; startsAt: string; timeZone: string }

/**
 * A psychologist's notes to finish: their unsigned drafts, and their sessions of the last 30 days
 * that went ahead without a note. Names and times only.
 */
export async function notesToDo(psychologistId: string, now = new Date()) {
  const [drafts, unwritten] = await Promise.all([
    db.clinicalNote.findMany({
      where: { authorId: psychologistId, status: 'draft', current: true },
      orderBy: { createdAt: 'asc' },
      take: TO_DO_LIMIT,
      select: {
        appointment: {
          select: { id: true, startsAt: true, timeZone: true, patient: { select: { name: true } } },
        },
      },
    }),
    db.appointment.findMany({
      where: {
        psychologistId,
        status: { in: NOTEABLE_STATUSES as ('confirmed' | 'completed' | 'no_show')[] },
        startsAt: { lte: now, gte: new Date(now.getTime() - UNWRITTEN_WINDOW_MS) },
        notes: { none: { current: true } },
      },
      orderBy: { startsAt: 'asc' },
      take: TO_DO_LIMIT,
      select: { id: true, startsAt: true, timeZone: true, patient: { select: { name: true } } },
    }),
  ])
  const toDo = (session: {
    id: string
    startsAt: Date
    timeZone: string
    patient: { name: string }
  }): NoteToDo => ({
    appointmentId: session.id,
    patientName: session.patient.name,
    startsAt: session.startsAt.toISOString(),
    timeZone: session.timeZone,
  })
  return { drafts: drafts.map(({ appointment }) => toDo(appointment)), unwritten: unwritten.map(toDo) }
}
