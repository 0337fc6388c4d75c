import pg from 'pg'
import { beforeAll, describe, expect, test } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { RECORDS_NOW, recordsDemo, sessionUserFor, TEST_ACCESS } from '../../../tests/setup/records.ts'
import {
  addAddendum,
  addendumDocument,
  markEnteredInError,
  notesToDo,
  noteWorkspace,
  readNote,
  saveDraft,
  signedNoteDocument,
  signNote,
  startNote,
} from './notes.server.ts'

let demo: Awaited<ReturnType<typeof recordsDemo>>

beforeAll(async () => {
  demo = await recordsDemo()
})

const soap = (overrides: Partial<Record<string, string>> = {}) => ({
  subjective: 'Reports sleeping better; work stress continues.',
  objective: 'Calm, engaged, good eye contact.',
  assessment: 'Improving.',
  plan: 'Continue thought records; review in 2 weeks.',
  ...overrides,
})

async function draftNote(text = soap()) {
  const session = await demo.session()
  const author = await sessionUserFor(demo.psychologistId)
  const noteId = await startNote(session.id, 'soap', author, TEST_ACCESS, RECORDS_NOW)
  const { version } = await saveDraft(
    noteId,
    { version: 1, sections: text, riskLevel: 'low', riskPlan: 'Safety plan reviewed.' },
    author,
    TEST_ACCESS,
  )
  return { session, author, noteId, version }
}

async function signedNote() {
  const drafted = await draftNote()
  await signNote(
    drafted.noteId,
    { version: drafted.version, sections: soap(), riskLevel: 'low', riskPlan: 'Safety plan reviewed.' },
    drafted.author,
    TEST_ACCESS,
    RECORDS_NOW,
  )
  return drafted
}

/** SQL as the app's own database role sends it, bypassing the domain. */
async function sql(text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL })
  await client.connect()
  try {
    return await client.query(text, values)
  } finally {
    await client.end()
  }
}

describe('a note from draft to signed', () => {
  test('the author drafts, signs and reads it back; the session facts come from the appointment', async () => {
    const { session, author, noteId } = await signedNote()

    const page = await noteWorkspace(session.id, author, TEST_ACCESS, RECORDS_NOW)
    expect(page.note).toMatchObject({
      id: noteId,
      status: 'signed',
      signedBy: 'Daniel Tran',
      riskLevel: 'low',
      content: { sections: soap(), riskPlan: 'Safety plan reviewed.' },
    })
    expect(page.note!.content.facts).toMatchObject({
      startsAt: session.startsAt.toISOString(),
      modality: 'telehealth',
      durationMinutes: 50,
      attendance: 'attended',
    })
    expect(page.note!.contentHash).toMatch(/^[0-9a-f]{64}$/)
  })

  test('the database holds no note text in clear', async () => {
    const { noteId } = await draftNote(
      soap({ subjective: 'Mentions a distinctive phrase: marmalade-lighthouse.' }),
    )
    const { rows } = await sql(`SELECT * FROM "ClinicalNote" WHERE id = $1`, [noteId])
    const dump = JSON.stringify(rows, (_key, value: unknown) =>
      Buffer.isBuffer(value) ? value.toString('latin1') : value,
    )
    expect(dump).not.toContain('marmalade')
    expect(dump).not.toContain('Safety plan')
  })

  test('a stale editor cannot overwrite a newer draft', async () => {
    const { noteId, author } = await draftNote()
    await expect(
      saveDraft(
        noteId,
        { version: 1, sections: soap(), riskLevel: 'none', riskPlan: '' },
        author,
        TEST_ACCESS,
      ),
    ).rejects.toMatchObject({ kind: 'conflict' })
  })

  test('an empty draft cannot be signed', async () => {
    const session = await demo.session()
    const author = await sessionUserFor(demo.psychologistId)
    const noteId = await startNote(session.id, 'dap', author, TEST_ACCESS, RECORDS_NOW)
    await expect(
      signNote(
        noteId,
        { version: 1, sections: { data: '  ' }, riskLevel: 'none', riskPlan: '' },
        author,
        TEST_ACCESS,
      ),
    ).rejects.toMatchObject({ kind: 'refused', message: 'Write the note before signing it.' })
  })

  test('100 kB, emoji and pasted markup are stored exactly', async () => {
    const long = `${'Session content, '.repeat(6_000)}🙂 <b>bold</b> <script>alert(1)</script>`
    expect(long.length).toBeGreaterThan(100_000)
    const { session, author } = await draftNote(soap({ subjective: long }))
    const page = await noteWorkspace(session.id, author, TEST_ACCESS, RECORDS_NOW)
    expect(page.note!.content.sections.subjective).toBe(long)
  })

  test('a note opens an hour before the session, and is not written for a cancelled one', async () => {
    const author = await sessionUserFor(demo.psychologistId)
    const cancelled = await demo.session({ status: 'cancelled' })
    await expect(startNote(cancelled.id, 'soap', author, TEST_ACCESS, RECORDS_NOW)).rejects.toMatchObject({
      kind: 'refused',
    })
    const upcoming = await demo.session({ status: 'confirmed' })
    await expect(
      startNote(
        upcoming.id,
        'soap',
        author,
        TEST_ACCESS,
        new Date(upcoming.startsAt.getTime() - 61 * 60_000),
      ),
    ).rejects.toMatchObject({ kind: 'refused' })
    await expect(
      startNote(
        upcoming.id,
        'soap',
        author,
        TEST_ACCESS,
        new Date(upcoming.startsAt.getTime() - 59 * 60_000),
      ),
    ).resolves.toEqual(expect.any(String))
  })

  test('a high risk assessment raises the patient’s flag once', async () => {
    const { noteId, author, version } = await draftNote()
    const before = await db.riskFlag.count({ where: { patientId: demo.patientId, reason: 'note_risk' } })
    await saveDraft(
      noteId,
      { version, sections: soap(), riskLevel: 'high', riskPlan: 'Plan.' },
      author,
      TEST_ACCESS,
    )
    await saveDraft(
      noteId,
      { version: version + 1, sections: soap(), riskLevel: 'high', riskPlan: 'Plan.' },
      author,
      TEST_ACCESS,
    )
    const after = await db.riskFlag.count({
      where: { patientId: demo.patientId, reason: 'note_risk', acknowledgedAt: null },
    })
    expect(after).toBe(before === 0 ? 1 : before)
    expect(after).toBe(1)
  })
})

describe('signed means locked', () => {
  test('the domain refuses an edit of a signed note', async () => {
    const { noteId, author, version } = await signedNote()
    await expect(
      saveDraft(
        noteId,
        { version: version + 1, sections: soap(), riskLevel: 'low', riskPlan: '' },
        author,
        TEST_ACCESS,
      ),
    ).rejects.toMatchObject({
      kind: 'refused',
      message: 'This note is signed and locked. Add an addendum instead.',
    })
  })

  test('the database refuses an update of a signed note’s content, by SQL through the app’s role', async () => {
    const { noteId } = await signedNote()
    const { rows } = await sql(`SELECT "contentCipher", "contentKeyId" FROM "ClinicalNote" WHERE id = $1`, [
      noteId,
    ])
    const attempts = [
      `UPDATE "ClinicalNote" SET "contentCipher" = '\\x00' WHERE id = $1`,
      `UPDATE "ClinicalNote" SET "riskLevel" = 'none' WHERE id = $1`,
      `UPDATE "ClinicalNote" SET "status" = 'draft', "signedAt" = NULL, "signedById" = NULL, "contentHash" = NULL WHERE id = $1`,
      `UPDATE "ClinicalNote" SET "template" = 'free' WHERE id = $1`,
      `UPDATE "ClinicalNote" SET "contentHash" = repeat('0', 64) WHERE id = $1`,
      `DELETE FROM "ClinicalNote" WHERE id = $1`,
    ]
    for (const attempt of attempts) {
      await expect(sql(attempt, [noteId]), attempt).rejects.toThrow(/signed and locked|never deleted/)
    }
    await expect(sql(`TRUNCATE "ClinicalNote" CASCADE`)).rejects.toThrow(/never deleted/)
    const after = await sql(`SELECT "contentCipher", "contentKeyId" FROM "ClinicalNote" WHERE id = $1`, [
      noteId,
    ])
    expect(after.rows).toEqual(rows)
  })

  test('re-sealing under a new key id is the one change allowed (key rotation), and is checked on read', async () => {
    const { noteId, session, author } = await signedNote()
    // A forged "rotation" with the old bytes under another key id is let through by the trigger
    // (it cannot know keys) but does not open: the app refuses to show it.
    await sql(`UPDATE "ClinicalNote" SET "contentKeyId" = 'forged' WHERE id = $1`, [noteId])
    await expect(noteWorkspace(session.id, author, TEST_ACCESS, RECORDS_NOW)).rejects.toThrow()
  })

  test('addenda are added under the signed note and never change', async () => {
    const { noteId, session, author } = await signedNote()
    const addendumId = await addAddendum(noteId, 'Client called: sleep worse again 🙁', author, TEST_ACCESS)
    const page = await noteWorkspace(session.id, author, TEST_ACCESS, RECORDS_NOW)
    expect(page.note!.addenda).toEqual([
      expect.objectContaining({
        id: addendumId,
        author: 'Daniel Tran',
        text: 'Client called: sleep worse again 🙁',
      }),
    ])
    await expect(
      sql(`UPDATE "ClinicalNoteAddendum" SET "textCipher" = '\\x00' WHERE id = $1`, [addendumId]),
    ).rejects.toThrow(/cannot be changed/)
    await expect(sql(`DELETE FROM "ClinicalNoteAddendum" WHERE id = $1`, [addendumId])).rejects.toThrow(
      /never deleted/,
    )
  })

  test('an addendum to a draft is refused, in the domain and in the database', async () => {
    const { noteId, author } = await draftNote()
    await expect(addAddendum(noteId, 'More', author, TEST_ACCESS)).rejects.toMatchObject({ kind: 'refused' })
    await expect(
      sql(
        `INSERT INTO "ClinicalNoteAddendum" (id, "noteId", "authorId", "textCipher", "textKeyId", "contentHash") VALUES ('x', $1, $2, '\\x00', 'k', repeat('a', 64))`,
        [noteId, demo.psychologistId],
      ),
    ).rejects.toThrow(/only to a signed note/)
  })
})

describe('entered in error', () => {
  test('the note is kept with who, when and why, hidden, and the session may have a new note', async () => {
    const { noteId, session, author } = await signedNote()
    await markEnteredInError(noteId, 'Written on the wrong patient', author, TEST_ACCESS, RECORDS_NOW)

    const page = await noteWorkspace(session.id, author, TEST_ACCESS, RECORDS_NOW)
    expect(page.note).toBeNull()
    expect(page.inError).toEqual([
      expect.objectContaining({ id: noteId, reason: 'Written on the wrong patient', by: 'Daniel Tran' }),
    ])
    expect(await db.clinicalNote.count({ where: { id: noteId } })).toBe(1)
    const replacement = await startNote(session.id, 'free', author, TEST_ACCESS, RECORDS_NOW)
    expect(replacement).not.toBe(noteId)
    await expect(
      sql(`UPDATE "ClinicalNote" SET "enteredInErrorAt" = NULL, current = true WHERE id = $1`, [noteId]),
    ).rejects.toThrow(/entered in error/)
  })

  test('a reason is required', async () => {
    const { noteId, author } = await signedNote()
    await expect(markEnteredInError(noteId, '  ', author, TEST_ACCESS)).rejects.toMatchObject({
      kind: 'refused',
    })
  })
})

describe('who reads and writes', () => {
  test('another psychologist cannot open, write or add to the note, and nothing is written', async () => {
    const { noteId, session } = await signedNote()
    const other = await sessionUserFor(demo.otherPsychologistId)
    await expect(noteWorkspace(session.id, other, TEST_ACCESS, RECORDS_NOW)).rejects.toMatchObject({
      kind: 'not-found',
    })
    await expect(addAddendum(noteId, 'Not mine', other, TEST_ACCESS)).rejects.toMatchObject({
      kind: 'not-found',
    })
    await expect(startNote(session.id, 'soap', other, TEST_ACCESS, RECORDS_NOW)).rejects.toMatchObject({
      kind: 'not-found',
    })
    expect(await db.clinicalNoteAddendum.count({ where: { noteId } })).toBe(0)
  })

  test('a care-team psychologist reads and adds to notes only when the practice allows it', async () => {
    const { noteId, session } = await signedNote()
    await db.careAssignment.create({
      data: { patientId: session.patientId, psychologistId: demo.otherPsychologistId },
    })
    const colleague = await sessionUserFor(demo.otherPsychologistId)
    await expect(readNote(noteId, colleague, TEST_ACCESS)).rejects.toMatchObject({ kind: 'not-found' })

    await db.practice.update({ where: { id: 'practice' }, data: { notesCareTeamAccess: true } })
    try {
      const read = await readNote(noteId, colleague, TEST_ACCESS)
      expect(read.note?.status).toBe('signed')
      await addAddendum(noteId, 'Covered the session on 4 March.', colleague, TEST_ACCESS)
      const page = await noteWorkspace(session.id, colleague, TEST_ACCESS, RECORDS_NOW)
      expect(page.rights).toEqual({ read: true, write: false, addend: true })
    } finally {
      await db.practice.update({ where: { id: 'practice' }, data: { notesCareTeamAccess: false } })
      await db.careAssignment.delete({
        where: {
          patientId_psychologistId: {
            patientId: session.patientId,
            psychologistId: demo.otherPsychologistId,
          },
        },
      })
    }
  })

  test('a manager reads a note only with the permission granted to them in person', async () => {
    const { noteId } = await signedNote()
    const manager = await sessionUserFor(demo.managerId)
    await expect(readNote(noteId, manager, TEST_ACCESS)).rejects.toMatchObject({ kind: 'not-found' })

    const permission = await db.permission.findUniqueOrThrow({
      where: { action_entity_access: { action: 'read', entity: 'note', access: 'any' } },
    })
    await db.userPermission.create({ data: { userId: demo.managerId, permissionId: permission.id } })
    try {
      const granted = await sessionUserFor(demo.managerId)
      const read = await readNote(noteId, granted, TEST_ACCESS)
      expect(read.note?.content.sections).toEqual(soap())
      const draft = await draftNote()
      expect(await readNote(draft.noteId, granted, TEST_ACCESS)).toMatchObject({
        note: null,
        draftBy: 'Daniel Tran',
      })
      await expect(addAddendum(noteId, 'Manager', granted, TEST_ACCESS)).rejects.toMatchObject({
        kind: 'refused',
      })
    } finally {
      await db.userPermission.deleteMany({ where: { userId: demo.managerId } })
    }
  })
})

describe('every read and write is audited, with the patient and from where', () => {
  test('create, save, sign, read, addendum and entered in error each leave a row', async () => {
    const { noteId, session, author, version } = await draftNote()
    await signNote(
      noteId,
      { version, sections: soap(), riskLevel: 'none', riskPlan: '' },
      author,
      TEST_ACCESS,
      RECORDS_NOW,
    )
    await noteWorkspace(session.id, author, TEST_ACCESS, RECORDS_NOW)
    await addAddendum(noteId, 'Later thought.', author, TEST_ACCESS)
    await markEnteredInError(noteId, 'Duplicate', author, TEST_ACCESS, RECORDS_NOW)

    const rows = await db.auditEvent.findMany({
      where: { entity: 'clinical_note', entityId: noteId },
      orderBy: { at: 'asc' },
      select: { action: true, actorId: true, patientId: true, ipAddress: true, path: true, detail: true },
    })
    expect(rows.map((row) => row.action)).toEqual([
      'note.created',
      'note.draft_saved',
      'note.signed',
      'note.read',
      'note.addendum_added',
      'note.entered_in_error',
    ])
    for (const row of rows) {
      expect(row).toMatchObject({
        actorId: demo.psychologistId,
        patientId: session.patientId,
        ipAddress: '203.0.113.9',
        path: '/test',
      })
      expect(JSON.stringify(row.detail ?? {})).not.toMatch(/Reports|Calm|Later thought|Duplicate/)
    }
  })

  test('a manager’s refused read leaves nothing readable, and a granted read is audited as theirs', async () => {
    const { noteId } = await signedNote()
    const permission = await db.permission.findUniqueOrThrow({
      where: { action_entity_access: { action: 'read', entity: 'note', access: 'any' } },
    })
    await db.userPermission.create({ data: { userId: demo.managerId, permissionId: permission.id } })
    try {
      await readNote(noteId, await sessionUserFor(demo.managerId), TEST_ACCESS)
    } finally {
      await db.userPermission.deleteMany({ where: { userId: demo.managerId } })
    }
    expect(
      await db.auditEvent.count({
        where: { entityId: noteId, action: 'note.read', actorId: demo.managerId },
      }),
    ).toBe(1)
  })
})

describe('documents for Halaxy', () => {
  test('a signed note and its addendum become escaped HTML; a draft or a note in error gives nothing', async () => {
    const { noteId, author } = await signedNote()
    const document = await signedNoteDocument(noteId)
    expect(document).toMatchObject({ patientId: demo.patientId, authorId: demo.psychologistId })
    expect(document!.title).toMatch(/^Session note .* \(SOAP\)$/)
    expect(document!.html).toContain('Reports sleeping better; work stress continues.')

    const addendumId = await addAddendum(noteId, 'Later <i>call</i>', author, TEST_ACCESS)
    const addendum = await addendumDocument(addendumId)
    expect(addendum!.html).toContain('Later &lt;i&gt;call&lt;/i&gt;')

    const draft = await draftNote()
    expect(await signedNoteDocument(draft.noteId)).toBeNull()
    await markEnteredInError(noteId, 'Wrong patient', author, TEST_ACCESS)
    expect(await signedNoteDocument(noteId)).toBeNull()
  })
})

describe('the psychologist’s to-do list', () => {
  test('lists sessions without a note, then unsigned drafts, and forgets signed ones', async () => {
    const hannah = await sessionUserFor(demo.otherPsychologistId)
    const session = await demo.session({
      psychologistId: demo.otherPsychologistId,
      patientId: demo.otherPatientId,
    })
    const item = expect.objectContaining({ appointmentId: session.id })
    let list = await notesToDo(demo.otherPsychologistId, RECORDS_NOW)
    expect(list.unwritten).toContainEqual(item)
    expect(list.drafts).not.toContainEqual(item)

    const noteId = await startNote(session.id, 'free', hannah, TEST_ACCESS, RECORDS_NOW)
    list = await notesToDo(demo.otherPsychologistId, RECORDS_NOW)
    expect(list.unwritten).not.toContainEqual(item)
    expect(list.drafts).toContainEqual(item)

    await signNote(
      noteId,
      { version: 1, sections: { text: 'Seen.' }, riskLevel: 'none', riskPlan: '' },
      hannah,
      TEST_ACCESS,
    )
    list = await notesToDo(demo.otherPsychologistId, RECORDS_NOW)
    expect([...list.unwritten, ...list.drafts]).not.toContainEqual(item)
    // Sessions older than 30 days are no longer chased.
    expect((await notesToDo(demo.otherPsychologistId, new Date('2025-06-01T00:00:00Z'))).unwritten).toEqual(
      [],
    )
  })
})
