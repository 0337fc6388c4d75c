import { randomUUID } from 'node:crypto'
import { audit, type AccessContext } from '~/domain/audit/audit.server.ts'
import { DomainError, NotFoundError } from '~/domain/errors.ts'
import { type SessionUser } from '~/domain/identity/session.server.ts'
import { queueEmail } from '~/domain/notify/messages.server.ts'
import { FileNotFoundError, storePatientFile } from '~/domain/patients/files.server.ts'
import { db, type Tx } from '~/utils/db.server.ts'
import { isRecordLockViolation, isUniqueViolation } from '~/utils/db-errors.server.ts'
import { seal, unseal } from '~/utils/encryption.server.ts'
import {
  EMPTY_SUMMARY,
  hasSummaryWriting,
  parseSummaryContent,
  type SummaryContent,
  summaryContentText,
  WORKSHEET_FIELD,
} from './summaries.ts'
import { canWriteNotes } from './access.server.ts'

// The session summary the psychologist shares with the patient: written beside the clinical note
// (never part of it), sealed like it, and seen by the patient only once published. Publishing
// queues an email that says only that something new is there.
//
// After publishing, the psychologist may share a correction, which the patient sees marked as
// updated (and is emailed about); a plain save no longer reaches a shared summary. Jane and
// SimplePractice users fix a typo or a wrong link in what they shared rather than write a second
// document, and patients expect to be told when something they were given has changed. What was
// first shared, when and by whom, stays on record (a trigger), as does every change (the audit).
// A shared summary's worksheets do not change: the patient may already have downloaded them.

export class SummaryRefusedError extends DomainError {
  constructor(message: string, field?: string) {
    super('refused', message, field)
  }
}

export class StaleSummaryError extends DomainError {
  constructor() {
    super(
      'conflict',
      'This summary has changed since the page was opened. Check it as it is now, then save or share again.',
    )
  }
}

/** Not there, or not this person's session: the same answer, so a guessed id reveals nothing. */
export class SummaryNotFoundError extends NotFoundError {
  constructor() {
    super('We could not find that session.')
  }
}

const WORKSHEETS_KEPT =
  'Worksheets cannot change once the summary is shared: the patient may already have them.'

export const summaryContext = (summaryId: string) => `SessionSummary:${summaryId}:content`

/** Sessions a summary is shared for: ones that went ahead (held, or confirmed and under way). */
const SHAREABLE_STATUSES = ['confirmed', 'completed']

const sessionSelect = {
  id: true,
  patientId: true,
  psychologistId: true,
  startsAt: true,
  timeZone: true,
  status: true,
  patient: { select: { name: true, email: true } },
  psychologist: { select: { name: true } },
} as const

type Session = {
  id: string
  patientId: string
  psychologistId: string
  startsAt: Date
  status: string
}

const worksheetSelect = { id: true, fileName: true, mimeType: true, sizeBytes: true } as const

/** Why the summary cannot be written now, in words for the psychologist; null when it can. */
function whyNotWritable(session: Session, now: Date) {
  if (!SHAREABLE_STATUSES.includes(session.status))
    return 'Summaries are shared for sessions that went ahead; this one was cancelled, missed or never confirmed.'
  if (session.startsAt.getTime() > now.getTime())
    return 'This session has not started yet: write its summary once it has.'
  return null
}

function unsealSummary(summary: { id: string; contentCipher: Uint8Array; contentKeyId: string }) {
  return parseSummaryContent(
    unseal({ ciphertext: summary.contentCipher, keyId: summary.contentKeyId }, summaryContext(summary.id)),
  )
}

function sealSummary(summaryId: string, content: SummaryContent) {
  const sealed = seal(summaryContentText(content), summaryContext(summaryId))
  return { contentCipher: sealed.ciphertext, contentKeyId: sealed.keyId }
}

/** The session, if it exists and this person writes its summary; otherwise SummaryNotFoundError. */
export async function writersSession(user: SessionUser, appointmentId: string, client: Tx = db) {
  const session = await client.appointment.findUnique({ where: { id: appointmentId }, select: sessionSelect })
  // Whoever writes the session's note writes its summary (access.server.ts).
  if (!session || !(await canWriteNotes(user, session, client))) throw new SummaryNotFoundError()
  return session
}

/**
 * Everything the summary editor shows for one session (app/components/records/summary-editor.tsx),
 * for its psychologist. Opening a written summary is a read of health information: audited.
 */
export async function summaryForEditor(
  appointmentId: string,
  user: SessionUser,
  access: AccessContext,
  now = new Date(),
) {
  const session = await writersSession(user, appointmentId)
  const summary = await db.sessionSummary.findUnique({
    where: { appointmentId },
    include: { worksheets: { select: worksheetSelect, orderBy: { createdAt: 'asc' } } },
  })
  if (summary) {
    await audit(db, {
      actorId: user.id,
      action: 'summary.read',
      entity: 'session_summary',
      entityId: summary.id,
      patientId: session.patientId,
      access,
    })
  }
  return {
    appointmentId: session.id,
    patientId: session.patientId,
    patientName: session.patient.name,
    startsAt: session.startsAt.toISOString(),
    timeZone: session.timeZone,
    notWritable: whyNotWritable(session, now),
    /** 0 until the first save: the form sends it back, so a stale form is refused. */
    version: summary?.version ?? 0,
    content: summary ? unsealSummary(summary) : EMPTY_SUMMARY,
    publishedAt: summary?.publishedAt?.toISOString() ?? null,
    correctedAt: summary?.correctedAt?.toISOString() ?? null,
    worksheets: summary?.worksheets ?? [],
  }
}

export type SummaryForEditor = Awaited<ReturnType<typeof summaryForEditor>>

type UploadedFile = { name: string; bytes: Uint8Array }

type WriteSummaryInput = {
  /** save: keep the draft (only before sharing); share: publish it, or a correction once shared. */
  intent: 'save' | 'share'
  appointmentId: string
  user: SessionUser
  /** The version the form was opened at (0 for a summary not yet written). */
  version: number
  /** The patient the page showed: a summary is never written for anyone else. */
  patientId: string
  content: SummaryContent
  /** A worksheet to attach (drafts only). */
  worksheet?: UploadedFile
  access: AccessContext
  now?: Date
}

/**
 * Saves or shares the session's summary, and attaches a worksheet if one is given, in one
 * transaction: refused (nothing written) for someone else's session, another patient than the
 * page showed, a session that did not go ahead or has not started, or a stale form. Sharing
 * queues one email for this publication.
 */
export async function writeSummary(input: WriteSummaryInput) {
  const { intent, appointmentId, user, content, access, now = new Date() } = input
  return db.$transaction(async (tx) => {
    const session = await writersSession(user, appointmentId, tx)
    if (session.patientId !== input.patientId) {
      throw new SummaryRefusedError(
        'This summary is for a different patient than the page showed. Reload the page and check whose session it is.',
      )
    }
    const notWritable = whyNotWritable(session, now)
    if (notWritable) throw new SummaryRefusedError(notWritable)
    const current = await tx.sessionSummary.findUnique({
      where: { appointmentId },
      select: { id: true, version: true, publishedAt: true },
    })
    if ((current?.version ?? 0) !== input.version) throw new StaleSummaryError()
    if (current?.publishedAt && intent === 'save') {
      throw new SummaryRefusedError(
        'This summary is already shared with the patient: share your changes as a correction, so they see it was updated.',
      )
    }
    if (current?.publishedAt && input.worksheet)
      throw new SummaryRefusedError(WORKSHEETS_KEPT, WORKSHEET_FIELD)
    if (intent === 'share' && !hasSummaryWriting(content)) {
      throw new SummaryRefusedError('Write what you would like to share before sharing it.')
    }

    const id = current?.id ?? randomUUID()
    const version = input.version + 1
    const sealed = sealSummary(id, content)
    if (current) {
      const { count } = await tx.sessionSummary.updateMany({
        where: { id, version: current.version },
        data: { ...sealed, version },
      })
      if (count === 0) throw new StaleSummaryError()
    } else {
      try {
        await tx.sessionSummary.create({
          data: { id, appointmentId, patientId: session.patientId, authorId: user.id, ...sealed },
        })
      } catch (error) {
        // Someone else wrote the first version meanwhile.
        if (isUniqueViolation(error)) throw new StaleSummaryError()
        throw error
      }
    }
    // Before publishing: the database takes worksheets only on a draft.
    if (input.worksheet) {
      await storePatientFile(tx, {
        patientId: session.patientId,
        uploadedById: user.id,
        purpose: 'worksheet',
        summaryId: id,
        file: input.worksheet,
        access,
      })
    }
    const firstShare = intent === 'share' && !current?.publishedAt
    if (intent === 'share') {
      await tx.sessionSummary.update({
        where: { id },
        data: firstShare
          ? { publishedAt: now, publishedById: user.id }
          : // The patient is shown it as new again.
            { correctedAt: now, patientReadAt: null },
      })
      await queueEmail(tx, {
        template: 'summary-shared',
        to: session.patient.email,
        userId: session.patientId,
        appointmentId,
        // One email a publication, however the request or its job is repeated.
        dedupeKey: `summary-shared:${id}:${version}`,
      })
    }
    await audit(tx, {
      actorId: user.id,
      action: intent === 'save' ? 'summary.saved' : firstShare ? 'summary.published' : 'summary.corrected',
      entity: 'session_summary',
      entityId: id,
      patientId: session.patientId,
      access,
      detail: { version, worksheetAdded: input.worksheet !== undefined },
    })
    return { id, version, shared: intent === 'share', corrected: intent === 'share' && !firstShare }
  })
}

/** Takes a worksheet off a draft summary (a shared summary's worksheets stay). */
export async function removeWorksheet(input: {
  appointmentId: string
  user: SessionUser
  worksheetId: string
  access: AccessContext
}) {
  const { appointmentId, user, worksheetId, access } = input
  await db.$transaction(async (tx) => {
    const session = await writersSession(user, appointmentId, tx)
    const worksheet = await tx.storedFile.findFirst({
      where: { id: worksheetId, purpose: 'worksheet', summary: { appointmentId } },
      select: { id: true, summary: { select: { id: true, publishedAt: true } } },
    })
    if (!worksheet?.summary) throw new SummaryRefusedError('That worksheet is no longer attached.')
    if (worksheet.summary.publishedAt) throw new SummaryRefusedError(WORKSHEETS_KEPT)
    try {
      await tx.storedFile.delete({ where: { id: worksheet.id } })
    } catch (error) {
      // Shared from another tab meanwhile: the database keeps a shared summary's worksheets.
      if (isRecordLockViolation(error)) throw new SummaryRefusedError(WORKSHEETS_KEPT)
      throw error
    }
    await audit(tx, {
      actorId: user.id,
      action: 'summary.worksheet_removed',
      entity: 'session_summary',
      entityId: worksheet.summary.id,
      patientId: session.patientId,
      access,
      detail: { fileId: worksheet.id },
    })
  })
}

/**
 * A session's shared summary for its patient: null while nothing is shared. Reading it is
 * audited and marks what is shared now as read (the dashboard stops calling it new). Another
 * patient's session is not found.
 */
export async function patientSummary(
  patientId: string,
  appointmentId: string,
  access: AccessContext,
  now = new Date(),
) {
  const session = await db.appointment.findFirst({
    where: { id: appointmentId, patientId },
    select: sessionSelect,
  })
  if (!session) throw new SummaryNotFoundError()
  const about = {
    appointmentId: session.id,
    startsAt: session.startsAt.toISOString(),
    timeZone: session.timeZone,
    psychologist: session.psychologist.name,
  }
  const summary = await db.sessionSummary.findFirst({
    where: { appointmentId, patientId, publishedAt: { not: null } },
    include: { worksheets: { select: worksheetSelect, orderBy: { createdAt: 'asc' } } },
  })
  if (!summary) return { ...about, summary: null }
  const content = unsealSummary(summary)
  await db.$transaction(async (tx) => {
    await audit(tx, {
      actorId: patientId,
      action: 'summary.read',
      entity: 'session_summary',
      entityId: summary.id,
      patientId,
      access,
    })
    // Only the version shown: a correction shared meanwhile stays new.
    await tx.sessionSummary.updateMany({
      where: { id: summary.id, version: summary.version, patientReadAt: null },
      data: { patientReadAt: now },
    })
  })
  return {
    ...about,
    summary: {
      content,
      sharedAt: summary.publishedAt!.toISOString(),
      updatedAt: summary.correctedAt?.toISOString() ?? null,
      worksheets: summary.worksheets,
    },
  }
}

/**
 * The patient's shared summaries, newest session first, and whether each is new to them: for
 * their appointments list and dashboard. Nothing is unsealed.
 */
export async function sharedSummaries(patientId: string) {
  const summaries = await db.sessionSummary.findMany({
    where: { patientId, publishedAt: { not: null } },
    select: {
      appointmentId: true,
      patientReadAt: true,
      correctedAt: true,
      appointment: { select: { startsAt: true, timeZone: true, psychologist: { select: { name: true } } } },
    },
    orderBy: { appointment: { startsAt: 'desc' } },
  })
  return summaries.map((summary) => ({
    appointmentId: summary.appointmentId,
    startsAt: summary.appointment.startsAt.toISOString(),
    timeZone: summary.appointment.timeZone,
    psychologist: summary.appointment.psychologist.name,
    isNew: summary.patientReadAt === null,
    updated: summary.correctedAt !== null,
  }))
}

const worksheetFileSelect = {
  id: true,
  fileName: true,
  mimeType: true,
  sizeBytes: true,
  content: true,
} as const

async function auditedWorksheet(
  where: { id: string; patientId?: string; summary: { appointmentId: string; publishedAt?: { not: null } } },
  reader: { actorId: string; patientId: string; access: AccessContext },
) {
  return db.$transaction(async (tx) => {
    const file = await tx.storedFile.findFirst({
      where: { ...where, purpose: 'worksheet' },
      select: worksheetFileSelect,
    })
    if (!file) throw new FileNotFoundError()
    await audit(tx, {
      actorId: reader.actorId,
      action: 'file.read',
      entity: 'file',
      entityId: file.id,
      patientId: reader.patientId,
      access: reader.access,
    })
    return file
  })
}

/** A worksheet of the patient's own shared summary, for download; anything else is not found. */
export function sharedWorksheet(
  patientId: string,
  appointmentId: string,
  worksheetId: string,
  access: AccessContext,
) {
  return auditedWorksheet(
    { id: worksheetId, patientId, summary: { appointmentId, publishedAt: { not: null } } },
    { actorId: patientId, patientId, access },
  )
}

/** A worksheet of a summary this psychologist writes, shared or not; anything else is not found. */
export async function worksheetForWriter(
  user: SessionUser,
  appointmentId: string,
  worksheetId: string,
  access: AccessContext,
) {
  const session = await writersSession(user, appointmentId)
  return auditedWorksheet(
    { id: worksheetId, summary: { appointmentId } },
    { actorId: user.id, patientId: session.patientId, access },
  )
}
