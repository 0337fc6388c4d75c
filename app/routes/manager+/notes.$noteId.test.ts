// A manager opens a note only when allowed in person; the page and the read are as the patient's
// access history records them.
import { beforeAll, expect, test } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { cookieFor, loadPage } from '../../../tests/setup/route-calls.ts'
import { RECORDS_NOW, recordsDemo, sessionUserFor, TEST_ACCESS } from '../../../tests/setup/records.ts'
import { signNote, startNote } from '~/domain/records/notes.server.ts'
import { grantNoteReading, revokeNoteReading } from '~/domain/records/grants.server.ts'
import { loader } from './notes.$noteId.tsx'

let demo: Awaited<ReturnType<typeof recordsDemo>>
let noteId: string

beforeAll(async () => {
  demo = await recordsDemo()
  const author = await sessionUserFor(demo.psychologistId)
  const session = await demo.session()
  noteId = await startNote(session.id, 'free', author, TEST_ACCESS, RECORDS_NOW)
  await signNote(
    noteId,
    { version: 1, sections: { text: 'Seen today.' }, riskLevel: 'none', riskPlan: '' },
    author,
    TEST_ACCESS,
  )
})

const open = async (id: string) =>
  loadPage(loader, {
    path: `/manager/notes/${id}`,
    params: { noteId: id },
    cookie: await cookieFor('manager@haven.test'),
  })

test('without the permission a manager is refused, and no read is recorded', async () => {
  expect((await open(noteId)).status).toBe(403)
  expect(await db.auditEvent.count({ where: { entityId: noteId, action: 'note.read' } })).toBe(0)
})

test('allowed in person, the manager reads it (no-store) and the read is recorded as theirs', async () => {
  await grantNoteReading(demo.managerId, demo.managerId, TEST_ACCESS)
  try {
    const page = await open(noteId)
    expect(page.status).toBe(200)
    expect(page.headers.get('Cache-Control')).toBe('private, no-store')
    expect(page.body).toMatchObject({ note: { content: { sections: { text: 'Seen today.' } } } })
    expect((await open('not-a-note')).status).toBe(404)
    expect(
      await db.auditEvent.count({
        where: { entityId: noteId, action: 'note.read', actorId: demo.managerId },
      }),
    ).toBe(1)
  } finally {
    await revokeNoteReading(demo.managerId, demo.managerId, TEST_ACCESS)
  }
  expect((await open(noteId)).status).toBe(403)
})
