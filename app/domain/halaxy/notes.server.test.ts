// Signed notes and addenda to Halaxy against the local stand-in: sent once, as the practice
// chose, and never a second document when Halaxy's answer to the first was lost.
import { type Job } from 'pg-boss'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type FhirDocumentReference } from '~/domain/halaxy/fhir.ts'
import {
  addAddendum,
  addendumDocument,
  markEnteredInError,
  saveDraft,
  signedNoteDocument,
  signNote,
  startNote,
} from '~/domain/records/notes.server.ts'
import { action as recordAction, loader as recordLoader } from '~/routes/manager+/sync.$linkId.tsx'
import { db } from '~/utils/db.server.ts'
import { halaxyPushQueue } from '~/utils/queues.server.ts'
import { formatZonedTime } from '~/utils/time.ts'
import { startHalaxyStandIn, type HalaxyStandIn } from '../../../tests/fakes/halaxy/server.ts'
import { queuedJobs } from '../../../tests/setup/jobs.ts'
import { RECORDS_NOW, recordsDemo, sessionUserFor, TEST_ACCESS } from '../../../tests/setup/records.ts'
import { cookieFor, loadPage, postForm } from '../../../tests/setup/route-calls.ts'
import { HalaxyClient, readHalaxyConfig } from './client.server.ts'
import { retryAllFailed, retryLink, syncRecord, syncRecords } from './monitor.server.ts'
import { pushSignedRecord } from './notes-push.server.ts'
import {
  confirmNoteInHalaxy,
  mirrorSignedRecord,
  NoteDecisionRefusedError,
  setNoteMirroring,
} from './notes.server.ts'
import { markForHalaxy } from './outbox.server.ts'
import { RetryableHalaxyError } from './push.server.ts'
import { handleHalaxyPush } from '../../../jobs/halaxy.ts'

let demo: Awaited<ReturnType<typeof recordsDemo>>
let halaxy: HalaxyStandIn
let client: HalaxyClient

beforeAll(async () => {
  demo = await recordsDemo()
  // Halaxy needs the patient's legal name to create them.
  const legal = { legalFirstName: 'Ava', legalLastName: 'Nguyen', dateOfBirth: new Date('1990-05-01') }
  await db.patientProfile.upsert({
    where: { userId: demo.patientId },
    create: { userId: demo.patientId, ...legal },
    update: legal,
  })
  await db.halaxyMapping.create({
    data: { kind: 'psychologist', havenId: demo.psychologistId, halaxyId: 'PR-2002', label: 'Sam Patel' },
  })
  halaxy = await startHalaxyStandIn()
  client = new HalaxyClient({
    ...readHalaxyConfig(),
    baseUrl: halaxy.url,
    timeoutMs: 1_000,
    maxWaitMs: 5_000,
  })
})

afterAll(async () => {
  await halaxy.stop()
})

beforeEach(async () => {
  await halaxy.faults.clear()
  await setNoteMirroring(true, demo.managerId)
})

const soap = {
  subjective: 'Said she felt <better> & slept well 🙂',
  objective: 'Calm.',
  assessment: 'Improving.',
  plan: 'Continue.',
}

/** A SOAP note for a new session (1 March 2025 and after, Sydney), signed unless told otherwise. */
async function note(options: { sign?: boolean } = {}) {
  const session = await demo.session()
  const author = await sessionUserFor(demo.psychologistId)
  const noteId = await startNote(session.id, 'soap', author, TEST_ACCESS, RECORDS_NOW)
  const draft = { sections: soap, riskLevel: 'low' as const, riskPlan: 'Reviewed.' }
  const { version } = await saveDraft(noteId, { version: 1, ...draft }, author, TEST_ACCESS)
  if (options.sign !== false) await signNote(noteId, { version, ...draft }, author, TEST_ACCESS, RECORDS_NOW)
  const title = (await signedNoteDocument(noteId))?.title ?? ''
  return { noteId, author, session, title }
}

const linkOf = (entity: 'clinical_note' | 'note_addendum', havenId: string) =>
  db.halaxyLink.findUnique({
    where: { entity_havenId: { entity, havenId } },
    include: { attemptsLog: { orderBy: { at: 'asc' } } },
  })
const documents = () => halaxy.store.all<FhirDocumentReference>('DocumentReference')
const documentsTitled = (title: string) => documents().filter((document) => document.description === title)
const pushesFor = async (havenId: string) =>
  (await queuedJobs(halaxyPushQueue.name)).filter((job) => job.data.havenId === havenId)

describe('sending signed notes to Halaxy', () => {
  it('sends a signed note and then its addendum, each once, with no clinical words in the title', async () => {
    const { noteId, author, session, title } = await note()
    expect(title).toMatch(/^Session note .+ \(SOAP\)$/)
    expect(await linkOf('clinical_note', noteId)).toMatchObject({ state: 'pending' })
    expect(await pushesFor(noteId)).toHaveLength(1)

    await expect(pushSignedRecord('clinical_note', noteId, client)).resolves.toMatchObject({
      state: 'synced',
    })
    const patientLink = await db.halaxyLink.findUniqueOrThrow({
      where: { entity_havenId: { entity: 'patient', havenId: demo.patientId } },
    })
    const [sent] = documentsTitled(title)
    expect(sent).toMatchObject({
      status: 'current',
      docStatus: 'preliminary',
      subject: { reference: `Patient/${patientLink.halaxyId}` },
      author: [{ reference: 'PractitionerRole/PR-2002' }],
      date: RECORDS_NOW.toISOString(),
      content: [{ attachment: { contentType: 'text/html' } }],
    })
    const html = Buffer.from(sent!.content[0]!.attachment.data!, 'base64').toString('utf8')
    expect(html).toContain('Said she felt &lt;better&gt; &amp; slept well 🙂')
    expect(await linkOf('clinical_note', noteId)).toMatchObject({ state: 'synced', halaxyId: sent!.id })
    expect(
      await db.auditEvent.findFirst({ where: { action: 'note.sent_to_halaxy', entityId: noteId } }),
    ).toMatchObject({ actorId: null, patientId: demo.patientId })

    // Pushed again (a duplicate job, a full re-sync): nothing more is sent.
    await pushSignedRecord('clinical_note', noteId, client)
    await markForHalaxy(db, 'clinical_note', noteId)
    await pushSignedRecord('clinical_note', noteId, client)
    expect(documentsTitled(title)).toHaveLength(1)

    const addendumId = await addAddendum(noteId, 'Phoned <after> the session.', author, TEST_ACCESS)
    await pushSignedRecord('note_addendum', addendumId, client)
    const [addendum] = documentsTitled((await addendumDocument(addendumId))!.title)
    expect(addendum).toMatchObject({ author: [{ reference: 'PractitionerRole/PR-2002' }] })
    expect(Buffer.from(addendum!.content[0]!.attachment.data!, 'base64').toString('utf8')).toContain(
      'Phoned &lt;after&gt; the session.',
    )
    const patientName = (await db.user.findUniqueOrThrow({ where: { id: demo.patientId } })).name
    const when = formatZonedTime(session.startsAt, 'Australia/Sydney')
    expect((await syncRecord((await linkOf('clinical_note', noteId))!.id))!.record).toBe(
      `Session note (SOAP) of ${when}: ${patientName}, by Daniel Tran`,
    )
    expect((await syncRecord((await linkOf('note_addendum', addendumId))!.id))!.record).toBe(
      `Addendum to the note (SOAP) of ${when}: ${patientName}, by Daniel Tran`,
    )
  })

  it('sends nothing, and queues nothing, while the practice has not turned it on', async () => {
    await setNoteMirroring(false, demo.managerId)
    const { noteId, author } = await note()
    const addendumId = await addAddendum(noteId, 'Later thought.', author, TEST_ACCESS)
    expect(await linkOf('clinical_note', noteId)).toBeNull()
    expect(await linkOf('note_addendum', addendumId)).toBeNull()
    expect(await pushesFor(noteId)).toEqual([])
    expect(
      await db.auditEvent.findMany({
        where: { action: { in: ['halaxy.note_mirroring_on', 'halaxy.note_mirroring_off'] } },
        select: { actorId: true },
      }),
    ).toContainEqual({ actorId: demo.managerId })
  })

  it('never sends an unsigned note, even when its push is queued', async () => {
    const { noteId } = await note({ sign: false })
    expect(await linkOf('clinical_note', noteId)).toBeNull()
    await db.$transaction((tx) => mirrorSignedRecord(tx, 'clinical_note', noteId))
    const before = halaxy.requests.count('POST DocumentReference')
    await expect(pushSignedRecord('clinical_note', noteId, client)).resolves.toMatchObject({
      state: 'failed',
      message: 'Only signed notes are sent to Halaxy.',
    })
    expect(halaxy.requests.count('POST DocumentReference')).toBe(before)

    // The worker's job takes notes to this push too.
    const draft = await note({ sign: false })
    await db.$transaction((tx) => mirrorSignedRecord(tx, 'clinical_note', draft.noteId))
    const [job] = await pushesFor(draft.noteId)
    await handleHalaxyPush([{ id: job!.id, name: halaxyPushQueue.name, data: job!.data } as Job<unknown>])
    expect(await linkOf('clinical_note', draft.noteId)).toMatchObject({
      state: 'failed',
      lastError: 'Only signed notes are sent to Halaxy.',
    })
  })

  it('does not send a note marked entered in error before it went', async () => {
    const { noteId, author } = await note()
    await markEnteredInError(noteId, 'Wrong patient', author, TEST_ACCESS, RECORDS_NOW)
    const before = halaxy.requests.count('POST DocumentReference')
    await pushSignedRecord('clinical_note', noteId, client)
    expect(halaxy.requests.count('POST DocumentReference')).toBe(before)
    expect(await linkOf('clinical_note', noteId)).toMatchObject({ state: 'synced', halaxyId: null })
  })

  it('waits while Halaxy is down or busy, shows the note as waiting, then sends it once', async () => {
    const { noteId, title } = await note()
    await halaxy.faults.set({ kind: 'down' })
    await expect(pushSignedRecord('clinical_note', noteId, client)).rejects.toBeInstanceOf(
      RetryableHalaxyError,
    )
    const waiting = await syncRecords({ entity: 'clinical_note', state: 'pending' })
    expect(waiting.rows.find((row) => row.havenId === noteId)).toMatchObject({
      state: 'pending',
      lastError: expect.stringMatching(/could not be reached/),
    })
    await halaxy.faults.set({ kind: '5xx', match: 'POST DocumentReference', count: 1 })
    await expect(pushSignedRecord('clinical_note', noteId, client)).rejects.toBeInstanceOf(
      RetryableHalaxyError,
    )
    await halaxy.faults.set({ kind: '429-burst', match: 'POST DocumentReference', count: 1 })
    await expect(pushSignedRecord('clinical_note', noteId, client)).resolves.toMatchObject({
      state: 'synced',
    })
    expect(documentsTitled(title)).toHaveLength(1)
    expect((await linkOf('clinical_note', noteId))!.createSentAt).toBeNull()
  })

  it('never sends a note twice when Halaxy’s answer was lost: it waits for a person', async () => {
    for (const kind of ['drop-after-write', '500-after-write', 'timeout'] as const) {
      const { noteId, title } = await note()
      await halaxy.faults.set({ kind, match: 'POST DocumentReference', count: 1 })
      const outcome = await pushSignedRecord('clinical_note', noteId, client)
      expect(outcome).toMatchObject({ state: 'needs_attention' })
      // The job runs again, the manager presses "retry all": still no second create.
      await pushSignedRecord('clinical_note', noteId, client)
      await retryAllFailed(demo.managerId)
      await pushSignedRecord('clinical_note', noteId, client)
      const link = (await linkOf('clinical_note', noteId))!
      expect(link).toMatchObject({ state: 'needs_attention', halaxyId: null })
      expect(link.lastError).toMatch(
        /^Halaxy may already have this note: the answer to sending it never came/,
      )
      expect(link.lastError).toContain(
        `look for “${title}”, added around ${formatZonedTime(link.createSentAt!, 'Australia/Sydney')}`,
      )
      expect(link.attemptsLog.filter((attempt) => attempt.operation === 'create')).toHaveLength(1)
      expect(documentsTitled(title)).toHaveLength(kind === 'timeout' ? 0 : 1)
      expect(await syncRecord(link.id)).toMatchObject({ awaitsPerson: true })
    }
  })

  it('lets the manager say the note is in Halaxy, or send it again once, from the sync record page', async () => {
    const cookie = await cookieFor('manager@haven.test')
    const post = (linkId: string, intent: string) =>
      postForm(recordAction, {
        path: `/manager/sync/${linkId}`,
        cookie,
        params: { linkId },
        fields: { intent },
      })

    const found = await note()
    await halaxy.faults.set({ kind: 'drop-after-write', match: 'POST DocumentReference', count: 1 })
    await pushSignedRecord('clinical_note', found.noteId, client)
    const foundLink = (await linkOf('clinical_note', found.noteId))!
    const page = await loadPage(recordLoader, {
      path: `/manager/sync/${foundLink.id}`,
      cookie,
      params: { linkId: foundLink.id },
    })
    expect(page.body).toMatchObject({ entity: 'clinical_note', awaitsPerson: true })
    expect(await post(foundLink.id, 'note-in-halaxy')).toMatchObject({
      status: 302,
      notice: { message: 'Marked as in Halaxy. Haven will not send this note again.' },
    })
    expect(await linkOf('clinical_note', found.noteId)).toMatchObject({ state: 'synced', createSentAt: null })
    // A retry of the record later (the page still offers one) sends nothing.
    const requests = halaxy.requests.count('POST DocumentReference')
    await retryLink(foundLink.id, demo.managerId)
    await pushSignedRecord('clinical_note', found.noteId, client)
    expect(halaxy.requests.count('POST DocumentReference')).toBe(requests)
    expect(await linkOf('clinical_note', found.noteId)).toMatchObject({ state: 'synced', halaxyId: null })
    expect((await post(foundLink.id, 'note-send-again')).status).toBe(409)
    await expect(confirmNoteInHalaxy(foundLink.id, demo.managerId)).rejects.toBeInstanceOf(
      NoteDecisionRefusedError,
    )

    const lost = await note()
    await halaxy.faults.set({ kind: 'timeout', match: 'POST DocumentReference', count: 1 })
    await pushSignedRecord('clinical_note', lost.noteId, client)
    const lostLink = (await linkOf('clinical_note', lost.noteId))!
    expect((await post(lostLink.id, 'note-send-again')).status).toBe(302)
    expect(await linkOf('clinical_note', lost.noteId)).toMatchObject({ state: 'pending', createSentAt: null })
    expect(await pushesFor(lost.noteId)).not.toHaveLength(0)
    await pushSignedRecord('clinical_note', lost.noteId, client)
    expect(documentsTitled(lost.title)).toHaveLength(1)
    expect(await linkOf('clinical_note', lost.noteId)).toMatchObject({ state: 'synced' })
    expect(
      await db.auditEvent.findMany({
        where: { entityId: { in: [foundLink.id, lostLink.id] }, action: { startsWith: 'halaxy.note_' } },
        select: { action: true, actorId: true },
        orderBy: { at: 'asc' },
      }),
    ).toEqual([
      { action: 'halaxy.note_found_in_halaxy', actorId: expect.any(String) },
      { action: 'halaxy.note_not_in_halaxy', actorId: expect.any(String) },
    ])
  })

  it('stops on Halaxy’s refusal and on a missing mapping, and sends after a retry', async () => {
    const { noteId, title } = await note()
    const mapping = { kind_havenId: { kind: 'psychologist', havenId: demo.psychologistId } }
    await db.halaxyMapping.update({ where: mapping, data: { halaxyId: 'PR-9999' } })
    try {
      await expect(pushSignedRecord('clinical_note', noteId, client)).resolves.toMatchObject({
        state: 'failed',
      })
      expect(await linkOf('clinical_note', noteId)).toMatchObject({
        createSentAt: null,
        lastError: 'DocumentReference.author: must be one PractitionerRole of this account',
      })
      await db.halaxyMapping.delete({ where: mapping })
      await retryLink((await linkOf('clinical_note', noteId))!.id, demo.managerId)
      await expect(pushSignedRecord('clinical_note', noteId, client)).resolves.toMatchObject({
        state: 'needs_attention',
        message: 'Map the psychologist Daniel Tran to Halaxy in Halaxy settings, then retry.',
      })
    } finally {
      await db.halaxyMapping.upsert({
        where: mapping,
        create: {
          kind: 'psychologist',
          havenId: demo.psychologistId,
          halaxyId: 'PR-2002',
          label: 'Sam Patel',
        },
        update: { halaxyId: 'PR-2002' },
      })
    }
    await retryLink((await linkOf('clinical_note', noteId))!.id, demo.managerId)
    await expect(pushSignedRecord('clinical_note', noteId, client)).resolves.toMatchObject({
      state: 'synced',
    })
    expect(documentsTitled(title)).toHaveLength(1)
  })

  it('sends nothing queued before the practice turned it off', async () => {
    const { noteId } = await note()
    await setNoteMirroring(false, demo.managerId)
    const before = halaxy.requests.count('POST DocumentReference')
    await expect(pushSignedRecord('clinical_note', noteId, client)).resolves.toMatchObject({
      state: 'failed',
    })
    expect(halaxy.requests.count('POST DocumentReference')).toBe(before)
  })
})
