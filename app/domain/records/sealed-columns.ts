// Every column of the schema that holds a sealed value (app/utils/encryption.server.ts), with
// the key id column beside it and the context its values are sealed under. The rotation command
// (scripts/rotate-record-key.ts) re-seals what this lists, and a test checks that every
// `…Cipher` column in the database is here: a sealed column left out would keep its old key.

export type SealedColumn = {
  /** Table and column names as in the database. */
  table: string
  idColumn: string
  cipherColumn: string
  keyIdColumn: string
  /** The additional data a row's value is sealed under. */
  context: (id: string) => string
}

export const SEALED_COLUMNS: readonly SealedColumn[] = [
  {
    table: 'ClinicalNote',
    idColumn: 'id',
    cipherColumn: 'contentCipher',
    keyIdColumn: 'contentKeyId',
    context: (id) => `ClinicalNote:${id}:content`,
  },
  {
    table: 'ClinicalNoteAddendum',
    idColumn: 'id',
    cipherColumn: 'textCipher',
    keyIdColumn: 'textKeyId',
    context: (id) => `ClinicalNoteAddendum:${id}:text`,
  },
  {
    table: 'SessionSummary',
    idColumn: 'id',
    cipherColumn: 'contentCipher',
    keyIdColumn: 'contentKeyId',
    context: (id) => `SessionSummary:${id}:content`,
  },
]
