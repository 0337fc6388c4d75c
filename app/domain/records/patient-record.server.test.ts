import pg from 'pg'
import { beforeAll, expect, test } from 'vitest'
import { RECORDS_NOW, recordsDemo, sessionUserFor, TEST_ACCESS } from '../../../tests/setup/records.ts'
import { markEnteredInError, noteWorkspace, signNote, startNote } from './notes.server.ts'
import { accessHistory, patientNotes } from './patient-record.server.ts'

let demo: Awaited<ReturnType<typeof recordsDemo>>

beforeAll(async () => {
  demo = await recordsDemo()
})

async function signed(psychologistId: string) {
  const author = await sessionUserFor(psychologistId)
  const session = await demo.session({ psychologistId })
  const noteId = await startNote(session.id, 'free', author, TEST_ACCESS, RECORDS_NOW)
  await signNote(
    noteId,
    { version: 1, sections: { text: 'Seen.' }, riskLevel: 'none', riskPlan: '' },
    author,
    TEST_ACCESS,
  )
  return { noteId, session, author }
}

test('lists the patient’s notes without unsealing any, scoped to the reader', async () => {
  const daniel = await signed(demo.psychologistId)
  const hannah = await signed(demo.otherPsychologistId)
  const inError = await signed(demo.psychologistId)
  await markEnteredInError(inError.noteId, 'Wrong patient', inError.author, TEST_ACCESS)
  // Notes that cannot be opened (their key id is unknown) are listed all the same: nothing is unsealed.
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL })
  await client.connect()
  await client.query(`UPDATE "ClinicalNote" SET "contentKeyId" = 'elsewhere' WHERE id = ANY($1)`, [
    [daniel.noteId, hannah.noteId],
  ])
  await client.end()

  const own = await patientNotes(demo.patientId, daniel.author)
  expect(own?.notes.map((note) => note.id)).toContain(daniel.noteId)
  expect(own?.notes.map((note) => note.id)).not.toContain(hannah.noteId)
  expect(own?.notes.map((note) => note.id)).not.toContain(inError.noteId)
  expect(own?.inError).toBeGreaterThanOrEqual(1)
  expect(own?.allNotes).toBe(false)

  expect(await patientNotes(demo.patientId, await sessionUserFor(demo.managerId))).toBeNull()
  const patient = await sessionUserFor(demo.patientId)
  expect(await patientNotes(demo.patientId, patient)).toBeNull()
})

test('the access history lists who read and wrote the record, with where from, newest first', async () => {
  const { session, author } = await signed(demo.psychologistId)
  await noteWorkspace(
    session.id,
    author,
    { ipAddress: '198.51.100.7', path: '/clinician/x/note' },
    RECORDS_NOW,
  )
  const history = await accessHistory(demo.patientId)
  expect(history[0]).toMatchObject({
    who: 'Daniel Tran',
    action: 'note.read',
    ipAddress: '198.51.100.7',
    path: '/clinician/x/note',
  })
  expect(history.map((event) => event.action)).toEqual(
    expect.arrayContaining(['note.signed', 'note.created']),
  )
})
