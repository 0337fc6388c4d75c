// Clinical records are sealed in the application (AES-256-GCM) before they reach the database,
// under keys from RECORDS_ENCRYPTION_KEYS. A sealed value is
//   [format 1 byte][IV 12 bytes][GCM tag 16 bytes][ciphertext]
// with the format byte and the caller's context (e.g. `ClinicalNote:<id>:content`) as additional
// data, so a ciphertext copied to another row or column, or relabelled, does not open.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import { getEnv, type RecordKey } from './env.server.ts'

const FORMAT_AES_256_GCM = 1
const IV_BYTES = 12
const TAG_BYTES = 16
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES

/** Unknown key id, wrong key, tampered bytes, wrong context or an unknown format. */
export class RecordDecryptionError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'RecordDecryptionError'
  }
}

function keyRing(): RecordKey[] {
  const ring = getEnv().RECORDS_ENCRYPTION_KEYS
  if (!ring?.length) {
    throw new Error(
      'RECORDS_ENCRYPTION_KEYS is not set: clinical records can be neither sealed nor read (see .env.example)',
    )
  }
  return ring
}

/** The key new writes are sealed with (the first listed). */
export function currentRecordKeyId(): string {
  return keyRing()[0]!.keyId
}

function additionalData(format: number, context: string) {
  return Buffer.concat([Buffer.of(format), Buffer.from(context, 'utf8')])
}

/** AES-256-GCM; `context` is bound as additional data, e.g. `ClinicalNote:<id>:content`. */
export function seal(
  plaintext: string,
  context: string,
): { ciphertext: Uint8Array<ArrayBuffer>; keyId: string } {
  const { keyId, key } = keyRing()[0]!
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES })
  cipher.setAAD(additionalData(FORMAT_AES_256_GCM, context))
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  const ciphertext = Buffer.concat([Buffer.of(FORMAT_AES_256_GCM), iv, cipher.getAuthTag(), body])
  return { ciphertext, keyId }
}

/** Throws RecordDecryptionError (unknown key id, wrong key, tampered, wrong context). */
export function unseal(sealed: { ciphertext: Uint8Array; keyId: string }, context: string): string {
  const entry = keyRing().find((candidate) => candidate.keyId === sealed.keyId)
  if (!entry) {
    throw new RecordDecryptionError(
      `Record sealed with key ${sealed.keyId}, which is not in RECORDS_ENCRYPTION_KEYS`,
    )
  }
  const bytes = Buffer.from(
    sealed.ciphertext.buffer,
    sealed.ciphertext.byteOffset,
    sealed.ciphertext.byteLength,
  )
  if (bytes.length < HEADER_BYTES || bytes[0] !== FORMAT_AES_256_GCM) {
    throw new RecordDecryptionError(`Record in an unknown format (${bytes.length} bytes)`)
  }
  const iv = bytes.subarray(1, 1 + IV_BYTES)
  const tag = bytes.subarray(1 + IV_BYTES, HEADER_BYTES)
  try {
    const decipher = createDecipheriv('aes-256-gcm', entry.key, iv, { authTagLength: TAG_BYTES })
    decipher.setAAD(additionalData(FORMAT_AES_256_GCM, context))
    decipher.setAuthTag(tag)
    return Buffer.concat([decipher.update(bytes.subarray(HEADER_BYTES)), decipher.final()]).toString('utf8')
  } catch (error) {
    throw new RecordDecryptionError(
      `Record does not open with key ${sealed.keyId} for ${context}: wrong key, wrong record or altered`,
      { cause: error },
    )
  }
}

/** sha256 hex of the exact text (the signed content's hash). */
export function contentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}
