// The push of one signed note or addendum to Halaxy (the halaxy-push job): a DocumentReference,
// created at most once. See notes.server.ts for when notes are queued and what a person decides.
import { audit } from '~/domain/audit/audit.server.ts'
import { addendumDocument, type RecordDocument, signedNoteDocument } from '~/domain/records/notes.server.ts'
import { db } from '~/utils/db.server.ts'
import { getHalaxyClient } from './client.server.ts'
import { bareId, type FhirDocumentReference, referenceTo } from './fhir.ts'
import { MissingHalaxyMappingsError } from './mapping/appointment.ts'
import { lostAnswerInWords, noteMirroringEnabled } from './notes.server.ts'
import { type SignedRecordEntity } from './outbox.server.ts'
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

/** Preliminary: the practitioner may finalise it in Halaxy; Haven keeps the signed record. */
function documentReference(
  document: RecordDocument,
  halaxy: { patientId: string; practitionerRoleId: string },
): FhirDocumentReference {
  return {
    resourceType: 'DocumentReference',
    status: 'current',
    docStatus: 'preliminary',
    subject: referenceTo('Patient', halaxy.patientId),
    date: document.date.toISOString(),
    author: [referenceTo('PractitionerRole', halaxy.practitionerRoleId)],
    description: document.title,
    content: [
      {
        attachment: {
          contentType: 'text/html',
          data: Buffer.from(document.html, 'utf8').toString('base64'),
          title: document.title,
        },
      },
    ],
  }
}

/** Whether the note (or the addendum's note) was marked entered in error. */
async function enteredInError(entity: SignedRecordEntity, havenId: string) {
  const noteId =
    entity === 'clinical_note'
      ? havenId
      : (await db.clinicalNoteAddendum.findUnique({ where: { id: havenId }, select: { noteId: true } }))
          ?.noteId
  if (!noteId) return false
  const note = await db.clinicalNote.findUnique({ where: { id: noteId }, select: { enteredInErrorAt: true } })
  return Boolean(note?.enteredInErrorAt)
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
  // Signed records never change: once in Halaxy (sent, or found there by a person) it is done,
  // whatever asks for it again.
  if (link.syncedAt) return synced(link, link.halaxyId, startedAt)

  const document =
    entity === 'clinical_note' ? await signedNoteDocument(havenId) : await addendumDocument(havenId)
  if (!document) {
    // Marked entered in error before it went: it never goes, and there is nothing to undo.
    if (await enteredInError(entity, havenId)) return synced(link, null, startedAt)
    return fail(link, 'Only signed notes are sent to Halaxy.')
  }
  // A create went out before and its answer never came: only a person can say what happened.
  if (link.createSentAt) {
    const words = await lostAnswerInWords(document, link.createSentAt, 'the push stopped while sending it')
    return fail(link, words, 'needs_attention')
  }
  if (!(await noteMirroringEnabled()))
    return fail(link, 'Sending notes to Halaxy was turned off before this one went. Turn it on and retry.')

  const role = await db.halaxyMapping.findUnique({
    where: { kind_havenId: { kind: 'psychologist', havenId: document.authorId } },
  })
  if (!role) {
    const missing = new MissingHalaxyMappingsError([
      { kind: 'psychologist', havenId: document.authorId, halaxyResource: 'PractitionerRole' },
    ])
    return fail(link, await missingMappingsInWords(missing), 'needs_attention')
  }
  const halaxyPatientId = await patientHalaxyId(client, document.patientId)
  if (!halaxyPatientId) {
    // The patient's own row says why; the note waits and tries again.
    await db.halaxyLink.update({ where: { id: link.id }, data: { lastError: WAITING_FOR_PATIENT } })
    throw new RetryableHalaxyError(WAITING_FOR_PATIENT)
  }

  const resource = documentReference(document, {
    patientId: halaxyPatientId,
    practitionerRoleId: bareId(role.halaxyId),
  })
  const sending = await noteCreateSent(link)
  const created = await attempt(sending, 'create', () => client.createDocumentReference(resource))
  if (created.ok) {
    const outcome = await synced(sending, created.resource.id, startedAt)
    // The patient's access history shows where their record went.
    await db.$transaction((tx) =>
      audit(tx, {
        actorId: null,
        action: 'note.sent_to_halaxy',
        entity: entity === 'clinical_note' ? 'clinical_note' : 'clinical_note_addendum',
        entityId: havenId,
        patientId: document.patientId,
        detail: { halaxyId: created.resource.id },
      }),
    )
    return outcome
  }
  if (created.error.sent) {
    const words = await lostAnswerInWords(document, sending.createSentAt!, created.error.message)
    return fail(sending, words, 'needs_attention')
  }
  // Refused, or never reached Halaxy: nothing was made there, so it may be sent again.
  const unsent = await db.halaxyLink.update({ where: { id: sending.id }, data: { createSentAt: null } })
  return fail(unsent, created.error)
}
