import { Prisma } from '~/generated/prisma/client.ts'
import { audit } from '~/domain/audit/audit.server.ts'
import { type Db } from '~/utils/db.server.ts'
import { currentRecordKeyId, RecordDecryptionError, seal, unseal } from '~/utils/encryption.server.ts'
import { type SealedColumn, SEALED_COLUMNS } from './sealed-columns.ts'

export type ColumnRotation = {
  column: string
  /** Re-sealed under the current key by this run. */
  resealed: number
  /** Changed by someone else between read and write (so already sealed again): left as it is. */
  changedMeanwhile: number
  /** Could not be opened with any listed key: left as it is, named in the log. */
  unreadable: number
}

const identifier = (name: string) => Prisma.raw(`"${name.replaceAll('"', '""')}"`)

type Row = { id: string; cipher: Uint8Array; keyId: string }

async function rotateColumn(
  db: Db,
  column: SealedColumn,
  currentKeyId: string,
  batchSize: number,
  log: (line: string) => void,
): Promise<ColumnRotation> {
  const name = `${column.table}.${column.cipherColumn}`
  const counts: ColumnRotation = { column: name, resealed: 0, changedMeanwhile: 0, unreadable: 0 }
  const [table, id, cipher, keyId] = [
    column.table,
    column.idColumn,
    column.cipherColumn,
    column.keyIdColumn,
  ].map(identifier)
  // Walks the ids in order, so a row that cannot be opened is passed over rather than read again,
  // and a run stopped halfway is taken up by the next one (rows already done are skipped).
  let after = ''
  for (;;) {
    const rows = await db.$queryRaw<Row[]>`
      SELECT ${id} AS "id", ${cipher} AS "cipher", ${keyId} AS "keyId" FROM ${table}
      WHERE ${keyId} <> ${currentKeyId} AND ${id} > ${after}
      ORDER BY ${id} LIMIT ${batchSize}`
    if (rows.length === 0) return counts
    after = rows.at(-1)!.id
    await db.$transaction(async (tx) => {
      for (const row of rows) {
        const context = column.context(row.id)
        let text: string
        try {
          text = unseal({ ciphertext: row.cipher, keyId: row.keyId }, context)
        } catch (error) {
          if (!(error instanceof RecordDecryptionError)) throw error
          counts.unreadable++
          log(`${name} ${row.id}: ${error.message}`)
          continue
        }
        const resealed = seal(text, context)
        // Compare-and-set: an edit made since the read was sealed under the current key already.
        const updated = await tx.$executeRaw`
          UPDATE ${table} SET ${cipher} = ${resealed.ciphertext}, ${keyId} = ${resealed.keyId}
          WHERE ${id} = ${row.id} AND ${keyId} = ${row.keyId} AND ${cipher} = ${row.cipher}`
        if (updated === 1) counts.resealed++
        else counts.changedMeanwhile++
      }
    })
    log(`${name}: ${counts.resealed} re-sealed so far`)
  }
}

/**
 * Re-seals every registered sealed value that is not under the current key (the first of
 * RECORDS_ENCRYPTION_KEYS), in batches. Safe to run again: rows already under the current key
 * are not touched. Throws before touching anything when the current key cannot be loaded.
 */
export async function resealUnderCurrentKey(
  db: Db,
  options: { batchSize?: number; log?: (line: string) => void } = {},
): Promise<{ keyId: string; columns: ColumnRotation[] }> {
  const keyId = currentRecordKeyId()
  const log = options.log ?? (() => {})
  const columns: ColumnRotation[] = []
  for (const column of SEALED_COLUMNS) {
    columns.push(await rotateColumn(db, column, keyId, options.batchSize ?? 200, log))
  }
  const resealed = columns.reduce((sum, column) => sum + column.resealed, 0)
  const unreadable = columns.reduce((sum, column) => sum + column.unreadable, 0)
  if (resealed > 0 || unreadable > 0) {
    await db.$transaction((tx) =>
      audit(tx, {
        actorId: null,
        action: 'records_key.rotated',
        entity: 'records_key',
        entityId: keyId,
        detail: { resealed, unreadable },
      }),
    )
  }
  return { keyId, columns }
}
