// Signed clinical notes and their addenda, sent to Halaxy when the practice turns it on: each one
// once, as a DocumentReference, through the mirror's outbox and link table. Halaxy cannot read
// documents back or delete them, so a create whose answer was lost is never sent again by
// itself: the sync monitor asks the manager to look in Halaxy and say whether it is there.
// Drafts never leave Haven.
import { type HalaxyEntity, type Prisma } from '~/generated/prisma/client.ts'
import { audit } from '~/domain/audit/audit.server.ts'
import { DomainError } from '~/domain/errors.ts'
import { type NoteTemplate } from '~/domain/records/notes.ts'
import { renderNoteHtml } from '~/domain/records/note-html.ts'
import { db, type Tx } from '~/utils/db.server.ts'
import { getHalaxyClient } from './client.server.ts'
import { bareId, type FhirDocumentReference, referenceTo } from './fhir.ts'
import { MissingHalaxyMappingsError } from './mapping/appointment.ts'
import { addendumTitle, sessionNoteTitle } from './notes.ts'
import { isSignedRecordEntity, markForHalaxy, pushSoon, type SignedRecordEntity } from './outbox.server.ts'
import {
  attempt,
  fail,
  linkFor,
  missingMappingsInWords,
  noteCreateSent,
  patientHalaxyId,
  RetryableHalaxyError,
  synced,
  WAITING_FOR_PATIENT,
} from './push.server.ts'

/** Whether the practice sends signed notes to Halaxy (Halaxy settings; off until turned on). */
export async function noteMirroringEnabled(client: Tx = db) {
  const practice = await client.practice.findUnique({
    where: { id: 'practice' },
    select: { halaxyNoteMirroring: true },
  })
  return practice?.halaxyNoteMirroring ?? false
}

/** The manager turns note mirroring on or off; notes signed from then on follow it. */
export async function setNoteMirroring(enabled: boolean, actorId: string) {
  await db.$transaction(async (tx) => {
    await tx.practice.update({ where: { id: 'practice' }, data: { halaxyNoteMirroring: enabled } })
    await audit(tx, {
      actorId,
      action: enabled ? 'halaxy.note_mirroring_on' : 'halaxy.note_mirroring_off',
      entity: 'practice',
      entityId: 'practice',
    })
  })
}

/**
 * Called in the transaction that signs a note or adds an addendum: when the practice sends notes
 * to Halaxy, marks the record's link pending and queues its push (the outbox). False when off.
 */
export async function mirrorSignedRecord(
  tx: Tx,
  entity: SignedRecordEntity,
  havenId: string,
  now = new Date(),
) {
  if (!(await noteMirroringEnabled(tx))) return false
  await markForHalaxy(tx, entity, havenId, now)
  return true
}

type SignedRecord = {
  noteId: string
  patientId: string
  authorId: string
  signed: boolean
  enteredInError: boolean
  date: Date | null
  title: string
  html: () => string
}

/** A note or addendum as Halaxy is sent it; its content is unsealed only when it is about to go. */
async function signedRecord(entity: SignedRecordEntity, havenId: string): Promise<SignedRecord | null> {
  if (entity === 'clinical_note') {
    const note = await db.clinicalNote.findUnique({
      where: { id: havenId },
      include: { appointment: { select: { startsAt: true, timeZone: true } } },
    })
    if (!note) return null
    return {
      noteId: note.id,
      patientId: note.patientId,
      authorId: note.authorId,
      signed: note.status === 'signed',
      enteredInError: note.enteredInErrorAt !== null,
      date: note.signedAt,
      title: sessionNoteTitle(note.appointment, note.template as NoteTemplate),
      html: () => renderNoteHtml(note),
    }
  }
  const addendum = await db.clinicalNoteAddendum.findUnique({
    where: { id: havenId },
    include: { note: { include: { appointment: { select: { startsAt: true, timeZone: true } } } } },
  })
  if (!addendum) return null
  return {
    noteId: addendum.noteId,
    patientId: addendum.note.patientId,
    authorId: addendum.authorId,
    signed: addendum.note.status === 'signed',
    enteredInError: addendum.note.enteredInErrorAt !== null,
    date: addendum.createdAt,
    title: addendumTitle(addendum.note.appointment),
    html: () => renderNoteHtml(addendum),
  }
}

/** Preliminary: the practitioner may finalise it in Halaxy; Haven keeps the signed record. */
function documentReference(input: {
  halaxyPatientId: string
  practitionerRoleId: string
  date: Date
  title: string
  html: string
}): FhirDocumentReference {
  return {
    resourceType: 'DocumentReference',
    status: 'current',
    docStatus: 'preliminary',
    subject: referenceTo('Patient', input.halaxyPatientId),
    date: input.date.toISOString(),
    author: [referenceTo('PractitionerRole', input.practitionerRoleId)],
    description: input.title,
    content: [
      {
        attachment: {
          contentType: 'text/html',
          data: Buffer.from(input.html, 'utf8').toString('base64'),
          title: input.title,
        },
      },
    ],
  }
}

/** What the link says once a create's answer is lost (the monitor adds where to look). */
function lostAnswer(halaxySaid: string) {
  return `Halaxy may have this note: the answer to sending it never came (${halaxySaid}). Halaxy cannot show Haven its notes, so Haven does not send it again by itself.`
}

/** The job: one signed note's or addendum's push, sent at most once. */
export async function pushSignedRecord(
  entity: SignedRecordEntity,
  havenId: string,
  client = getHalaxyClient(),
) {
  const startedAt = new Date()
  const link = await linkFor(entity, havenId)
  if (link.state === 'synced' && !link.pendingSince) return { state: 'synced' as const }
  // Already in Halaxy, or perhaps: never again without a person's word.
  if (link.halaxyId) return synced(link, link.halaxyId, startedAt)
  if (link.createSentAt) return fail(link, lostAnswer('the push stopped while sending'), 'needs_attention')

  const record = await signedRecord(entity, havenId)
  if (!record) return fail(link, 'This note is not in Haven.')
  if (!record.signed || !record.date) return fail(link, 'Only signed notes are sent to Halaxy.')
  // Marked entered in error before it went: it never goes.
  if (record.enteredInError) return synced(link, null, startedAt)
  if (!(await noteMirroringEnabled()))
    return fail(link, 'Sending notes to Halaxy was turned off before this one went. Turn it on and retry.')

  const role = await db.halaxyMapping.findUnique({
    where: { kind_havenId: { kind: 'psychologist', havenId: record.authorId } },
  })
  if (!role) {
    const missing = new MissingHalaxyMappingsError([
      { kind: 'psychologist', havenId: record.authorId, halaxyResource: 'PractitionerRole' },
    ])
    return fail(link, await missingMappingsInWords(missing), 'needs_attention')
  }
  const halaxyPatientId = await patientHalaxyId(client, record.patientId)
  if (!halaxyPatientId) {
    // The patient's own row says why; the note waits and tries again.
    await db.halaxyLink.update({ where: { id: link.id }, data: { lastError: WAITING_FOR_PATIENT } })
    throw new RetryableHalaxyError(WAITING_FOR_PATIENT)
  }

  const document = documentReference({
    halaxyPatientId,
    practitionerRoleId: bareId(role.halaxyId),
    date: record.date,
    title: record.title,
    html: record.html(),
  })
  const sending = await noteCreateSent(link)
  const created = await attempt(sending, 'create', () => client.createDocumentReference(document))
  if (created.ok) {
    await db.$transaction((tx) =>
      audit(tx, {
        actorId: null,
        action: 'note.sent_to_halaxy',
        entity: 'clinical_note',
        entityId: record.noteId,
        patientId: record.patientId,
        detail: { [entity === 'clinical_note' ? 'noteId' : 'addendumId']: havenId },
      }),
    )
    return synced(sending, created.resource.id, startedAt)
  }
  if (created.error.sent) return fail(sending, lostAnswer(created.error.message), 'needs_attention')
  // Refused, or never reached Halaxy: nothing was made there, so it may be sent again.
  const unsent = await db.halaxyLink.update({ where: { id: sending.id }, data: { createSentAt: null } })
  return fail(unsent, created.error)
}

/** A note whose create may or may not have reached Halaxy: only a person can tell. */
export const AWAITING_PERSON = {
  entity: { in: ['clinical_note', 'note_addendum'] },
  state: 'needs_attention',
  halaxyId: null,
  createSentAt: { not: null },
} satisfies Prisma.HalaxyLinkWhereInput

export function awaitsPersonInHalaxy(link: {
  entity: HalaxyEntity
  state: string
  halaxyId: string | null
  createSentAt: Date | null
}) {
  return (
    isSignedRecordEntity(link.entity) &&
    link.state === 'needs_attention' &&
    link.halaxyId === null &&
    link.createSentAt !== null
  )
}

export class NoteDecisionRefusedError extends DomainError {
  constructor() {
    super('conflict', 'This note no longer waits for that answer. Reload the page to see where it is.')
  }
}

/** The manager found the note in Halaxy: it is there, and is not sent again. */
export async function confirmNoteInHalaxy(linkId: string, actorId: string, now = new Date()) {
  await db.$transaction(async (tx) => {
    const { count } = await tx.halaxyLink.updateMany({
      where: { id: linkId, ...AWAITING_PERSON },
      data: {
        state: 'synced',
        createSentAt: null,
        pendingSince: null,
        lastError: '',
        attempts: 0,
        syncedAt: now,
      },
    })
    if (count === 0) throw new NoteDecisionRefusedError()
    await audit(tx, { actorId, action: 'halaxy.note_found_in_halaxy', entity: 'HalaxyLink', entityId: linkId })
  })
}

/** The manager looked and the note is not in Halaxy: it is sent again (once). */
export async function sendNoteAgain(linkId: string, actorId: string, now = new Date()) {
  await db.$transaction(async (tx) => {
    const link = await tx.halaxyLink.findFirst({ where: { id: linkId, ...AWAITING_PERSON } })
    if (!link || !isSignedRecordEntity(link.entity)) throw new NoteDecisionRefusedError()
    await tx.halaxyLink.update({ where: { id: link.id }, data: { createSentAt: null } })
    await pushSoon(tx, link.entity, link.havenId, now)
    await audit(tx, { actorId, action: 'halaxy.note_not_in_halaxy', entity: 'HalaxyLink', entityId: linkId })
  })
}

export type SignedRecordDescription = { title: string; patientName: string; authorName: string }

/** What the sync monitor says a note or addendum is (never its content), keyed `entity:havenId`. */
export async function describeSignedRecords(links: { entity: HalaxyEntity; havenId: string }[]) {
  const idsOf = (entity: SignedRecordEntity) =>
    links.filter((link) => link.entity === entity).map((link) => link.havenId)
  const session = { select: { startsAt: true, timeZone: true } } as const
  const [notes, addenda] = await Promise.all([
    db.clinicalNote.findMany({
      where: { id: { in: idsOf('clinical_note') } },
      select: {
        id: true,
        template: true,
        appointment: session,
        patient: { select: { name: true } },
        author: { select: { name: true } },
      },
    }),
    db.clinicalNoteAddendum.findMany({
      where: { id: { in: idsOf('note_addendum') } },
      select: {
        id: true,
        author: { select: { name: true } },
        note: { select: { appointment: session, patient: { select: { name: true } } } },
      },
    }),
  ])
  const descriptions = new Map<string, SignedRecordDescription>()
  for (const note of notes) {
    descriptions.set(`clinical_note:${note.id}`, {
      title: sessionNoteTitle(note.appointment, note.template as NoteTemplate),
      patientName: note.patient.name,
      authorName: note.author.name,
    })
  }
  for (const addendum of addenda) {
    descriptions.set(`note_addendum:${addendum.id}`, {
      title: addendumTitle(addendum.note.appointment),
      patientName: addendum.note.patient.name,
      authorName: addendum.author.name,
    })
  }
  return descriptions
}
