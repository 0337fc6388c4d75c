// Signed clinical notes and their addenda, sent to Halaxy when the practice turns it on: each one
// once, as a DocumentReference, through the mirror's outbox and link table (the push itself:
// notes-push.server.ts). Halaxy cannot read documents back or delete them, so a create whose
// answer was lost is never sent again by itself: the sync monitor shows what to look for in
// Halaxy, and the manager says whether it is there. Drafts never leave Haven.
import { type HalaxyEntity, type Prisma } from '~/generated/prisma/client.ts'
import { audit } from '~/domain/audit/audit.server.ts'
import { DomainError } from '~/domain/errors.ts'
import { NOTE_TEMPLATE_LABELS, type NoteTemplate } from '~/domain/records/notes.ts'
import { DEFAULT_TIME_ZONE } from '~/domain/scheduling/directory.ts'
import { db, type Tx } from '~/utils/db.server.ts'
import { formatZonedTime } from '~/utils/time.ts'
import { isSignedRecordEntity, markForHalaxy, pushSoon, type SignedRecordEntity } from './outbox.server.ts'

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
    await audit(tx, {
      actorId,
      action: 'halaxy.note_found_in_halaxy',
      entity: 'HalaxyLink',
      entityId: linkId,
    })
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

/**
 * What the sync monitor says a note or addendum is: the session's time, the template, the
 * patient and the author, never content (nothing is unsealed); keyed `entity:havenId`.
 */
export async function describeSignedRecords(links: { entity: HalaxyEntity; havenId: string }[]) {
  const idsOf = (entity: SignedRecordEntity) =>
    links.filter((link) => link.entity === entity).map((link) => link.havenId)
  const about = {
    template: true,
    appointment: { select: { startsAt: true, timeZone: true } },
    patient: { select: { name: true } },
  } as const
  const [notes, addenda] = await Promise.all([
    db.clinicalNote.findMany({
      where: { id: { in: idsOf('clinical_note') } },
      select: { id: true, author: { select: { name: true } }, ...about },
    }),
    db.clinicalNoteAddendum.findMany({
      where: { id: { in: idsOf('note_addendum') } },
      select: { id: true, author: { select: { name: true } }, note: { select: about } },
    }),
  ])
  const noteOf = (note: (typeof notes)[number] | (typeof addenda)[number]['note']) =>
    `note (${NOTE_TEMPLATE_LABELS[note.template as NoteTemplate]}) of ${formatZonedTime(note.appointment.startsAt, note.appointment.timeZone)}: ${note.patient.name}`
  const descriptions = new Map<string, string>()
  for (const note of notes)
    descriptions.set(`clinical_note:${note.id}`, `Session ${noteOf(note)}, by ${note.author.name}`)
  for (const addendum of addenda)
    descriptions.set(
      `note_addendum:${addendum.id}`,
      `Addendum to the ${noteOf(addendum.note)}, by ${addendum.author.name}`,
    )
  return descriptions
}

/**
 * What the link says when Halaxy's answer to a note was lost: where to look in Halaxy (the
 * patient's documents, the title sent, when) and what to answer. Names no clinical content.
 */
export async function lostAnswerInWords(
  document: { patientId: string; title: string },
  sentAt: Date,
  halaxySaid: string,
) {
  const patient = await db.user.findUnique({ where: { id: document.patientId }, select: { name: true } })
  return `Halaxy may already have this note: the answer to sending it never came (${halaxySaid}). In Halaxy, open ${patient?.name ?? 'the patient'}’s documents and look for “${document.title}”, added around ${formatZonedTime(sentAt, DEFAULT_TIME_ZONE)}. Haven does not send it again unless you say it is not there.`
}
