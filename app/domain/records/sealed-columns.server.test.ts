import { randomBytes } from 'node:crypto'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { contentHash, unseal } from '~/utils/encryption.server.ts'
import { initEnv } from '~/utils/env.server.ts'
import { RECORDS_NOW, recordsDemo, sessionUserFor, TEST_ACCESS } from '../../../tests/setup/records.ts'
import { addAddendum, saveDraft, signNote, startNote } from './notes.server.ts'
import { SEALED_COLUMNS } from './sealed-columns.ts'
import { resealUnderCurrentKey } from './sealed-columns.server.ts'

const oldKey = `k1:${randomBytes(32).toString('base64')}`
const newKey = `k2:${randomBytes(32).toString('base64')}`

function useKeys(keys: string) {
  vi.stubEnv('RECORDS_ENCRYPTION_KEYS', keys)
  initEnv()
}

let demo: Awaited<ReturnType<typeof recordsDemo>>

beforeAll(async () => {
  demo = await recordsDemo()
})

afterEach(() => {
  vi.unstubAllEnvs()
  initEnv()
})

/** A note written as the note page writes it: a draft, or signed with an addendum. */
async function note(status: 'signed' | 'draft', text: string) {
  const session = await demo.session()
  const author = await sessionUserFor(demo.psychologistId)
  const id = await startNote(session.id, 'free', author, TEST_ACCESS, RECORDS_NOW)
  const draft = { sections: { text }, riskLevel: 'none' as const, riskPlan: '' }
  const { version } = await saveDraft(id, { version: 1, ...draft }, author, TEST_ACCESS)
  if (status === 'draft') return { id, addendumId: undefined }
  await signNote(id, { version, ...draft }, author, TEST_ACCESS, RECORDS_NOW)
  const addendumId = await addAddendum(id, `${text} (addendum)`, author, TEST_ACCESS)
  return { id, addendumId }
}

const readNote = async (id: string) => {
  const row = await db.clinicalNote.findUniqueOrThrow({ where: { id } })
  return {
    row,
    text: unseal({ ciphertext: row.contentCipher, keyId: row.contentKeyId }, `ClinicalNote:${id}:content`),
  }
}

describe('the sealed columns registry', () => {
  it('lists every …Cipher column of the database, each with its key id column beside it', async () => {
    const columns = await db.$queryRaw<{ table: string; column: string; type: string; nullable: string }[]>`
      SELECT table_name AS "table", column_name AS "column", data_type AS "type", is_nullable AS "nullable"
      FROM information_schema.columns WHERE table_schema = current_schema()`
    const typeOf = (table: string, column: string) =>
      columns.find((candidate) => candidate.table === table && candidate.column === column)
    const cipherColumns = columns
      .filter((column) => column.type === 'bytea' && column.column.endsWith('Cipher'))
      .map((column) => `${column.table}.${column.column}`)
      .sort()
    expect(SEALED_COLUMNS.map((column) => `${column.table}.${column.cipherColumn}`).sort()).toEqual(
      cipherColumns,
    )
    for (const column of SEALED_COLUMNS) {
      expect(typeOf(column.table, column.keyIdColumn)).toMatchObject({ type: 'text', nullable: 'NO' })
      expect(typeOf(column.table, column.idColumn)).toMatchObject({ type: 'text' })
    }
  })
})

describe('resealUnderCurrentKey', () => {
  it('re-seals a signed note and its addendum under the new key: same text, same hash, still signed', async () => {
    useKeys(oldKey)
    const text = 'Client reported 😔 low mood; plan: behavioural activation.'
    const signed = await note('signed', text)
    const draft = await note('draft', 'a draft in progress')
    const before = await readNote(signed.id)

    useKeys(`${newKey},${oldKey}`)
    const result = await resealUnderCurrentKey(db)
    expect(result.keyId).toBe('k2')
    expect(result.columns).toEqual([
      expect.objectContaining({ column: 'ClinicalNote.contentCipher', unreadable: 0, changedMeanwhile: 0 }),
      expect.objectContaining({
        column: 'ClinicalNoteAddendum.textCipher',
        unreadable: 0,
        changedMeanwhile: 0,
      }),
      expect.objectContaining({ column: 'SessionSummary.contentCipher', unreadable: 0, changedMeanwhile: 0 }),
    ])

    // The old key is gone: everything still reads.
    useKeys(newKey)
    const after = await readNote(signed.id)
    expect(after.text).toBe(before.text)
    expect(after.text).toContain(text)
    expect(after.row).toMatchObject({
      contentKeyId: 'k2',
      contentHash: contentHash(after.text),
      status: 'signed',
      signedAt: RECORDS_NOW,
      updatedAt: before.row.updatedAt,
    })
    expect(after.row.contentHash).toBe(before.row.contentHash)
    expect(Buffer.from(after.row.contentCipher).equals(Buffer.from(before.row.contentCipher))).toBe(false)
    expect((await readNote(draft.id)).text).toContain('a draft in progress')
    const addendum = await db.clinicalNoteAddendum.findUniqueOrThrow({ where: { id: signed.addendumId } })
    expect(addendum.textKeyId).toBe('k2')
    expect(
      unseal({ ciphertext: addendum.textCipher, keyId: 'k2' }, `ClinicalNoteAddendum:${addendum.id}:text`),
    ).toBe(`${text} (addendum)`)
    expect(addendum.contentHash).toBe(contentHash(`${text} (addendum)`))
    expect(
      await db.auditEvent.findFirst({ where: { action: 'records_key.rotated', entityId: 'k2' } }),
    ).toMatchObject({ actorId: null, entity: 'records_key' })

    // Again: nothing left to do.
    const again = await resealUnderCurrentKey(db)
    expect(again.columns.map((column) => column.resealed)).toEqual([0, 0, 0])
  })

  it('takes up a run stopped halfway, and leaves alone what no listed key opens', async () => {
    const k3 = `k3:${randomBytes(32).toString('base64')}`
    useKeys(newKey)
    const notes = [await note('draft', 'one'), await note('draft', 'two'), await note('draft', 'three')]
    const lost = await note('draft', 'sealed under a key nobody kept')
    await db.$executeRaw`UPDATE "ClinicalNote" SET "contentKeyId" = 'gone' WHERE "id" = ${lost.id}`

    useKeys(`${k3},${newKey}`)
    const stopped = resealUnderCurrentKey(db, {
      batchSize: 1,
      log: (line) => {
        if (/: 1 re-sealed so far$/.test(line)) throw new Error('killed')
      },
    })
    await expect(stopped).rejects.toThrow('killed')
    const underK3 = () => db.clinicalNote.count({ where: { contentKeyId: 'k3' } })
    expect(await underK3()).toBe(1)

    const logged: string[] = []
    const result = await resealUnderCurrentKey(db, { log: (line) => logged.push(line) })
    expect(await underK3()).toBe(await db.clinicalNote.count({ where: { id: { not: lost.id } } }))
    expect(result.columns[0]).toMatchObject({ unreadable: 1 })
    expect(logged).toContain(
      `ClinicalNote.contentCipher ${lost.id}: Record sealed with key gone, which is not in RECORDS_ENCRYPTION_KEYS`,
    )
    expect((await db.clinicalNote.findUniqueOrThrow({ where: { id: lost.id } })).contentKeyId).toBe('gone')
    useKeys(k3)
    for (const { id } of notes) expect((await readNote(id)).row.contentKeyId).toBe('k3')
  })

  it('refuses to start without a key to seal with', async () => {
    useKeys('')
    await expect(resealUnderCurrentKey(db)).rejects.toThrow(/RECORDS_ENCRYPTION_KEYS is not set/)
  })
})
