// `npm run records:rotate-key` (in the image: node build/app/rotate-record-key.js): re-seals every
// sealed clinical record that is not under the first key of RECORDS_ENCRYPTION_KEYS, then prints
// what it did. Run it where the app's environment is set (README: "Rotating the records key").
import { resealUnderCurrentKey } from '~/domain/records/sealed-columns.server.ts'
import { db, disconnectDb } from '~/utils/db.server.ts'
import { initEnv } from '~/utils/env.server.ts'
import { currentRecordKeyId } from '~/utils/encryption.server.ts'

async function main() {
  // The whole environment, as the web and the worker check it, and the key to seal with.
  initEnv()
  const keyId = currentRecordKeyId()
  console.log(`Re-sealing clinical records under key ${keyId}…`)
  const { columns } = await resealUnderCurrentKey(db, { log: (line) => console.log(`  ${line}`) })
  for (const column of columns) {
    console.log(
      `${column.column}: ${column.resealed} re-sealed, ${column.changedMeanwhile} changed meanwhile, ${column.unreadable} unreadable`,
    )
  }
  if (columns.some((column) => column.unreadable > 0)) {
    console.error(
      'Some records open with no listed key: keep every old key in RECORDS_ENCRYPTION_KEYS until they are found.',
    )
    process.exitCode = 1
  } else {
    console.log(`Done: every sealed record is under ${keyId}. Old keys may now be removed.`)
  }
}

try {
  await main()
} catch (error) {
  console.error(`Rotation refused: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
} finally {
  await disconnectDb()
}
