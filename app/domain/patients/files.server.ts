import { createHash } from 'node:crypto'
import { audit, type AccessContext } from '~/domain/audit/audit.server.ts'
import { DomainError, NotFoundError } from '~/domain/errors.ts'
import { type SessionUser } from '~/domain/identity/session.server.ts'
import { db, type Tx } from '~/utils/db.server.ts'
import { canReadPatient } from './access.server.ts'
import { WORKSHEET_FIELD } from '../records/summaries.ts'
import { REFERRAL_LETTER_FIELD } from './intake.ts'

/**
 * A phone photo of a referral letter is 1–4 MB and a scanned PDF or a worksheet less, so 5 MB
 * takes every honest upload while keeping each request (held in memory) and the database row small.
 * The database itself refuses anything over 10 MB.
 */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024

type FileType = 'application/pdf' | 'image/jpeg' | 'image/png'

/** What a stored file is for; kept in `StoredFile.purpose`. */
export const FILE_PURPOSES = ['referral_letter', 'worksheet'] as const
export type FilePurpose = (typeof FILE_PURPOSES)[number]

const FALLBACK_FILE_NAMES: Record<FilePurpose, string> = {
  referral_letter: 'referral-letter',
  worksheet: 'worksheet',
}
const FILE_NAME_MAX_CHARACTERS = 120

const PDF_SIGNATURE = [0x25, 0x50, 0x44, 0x46, 0x2d] // %PDF-
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff]

function startsWith(bytes: Uint8Array, signature: number[]) {
  return bytes.length >= signature.length && signature.every((byte, index) => bytes[index] === byte)
}

/**
 * The type the content really has, from its first bytes. The browser's claimed type and the
 * file name's extension are chosen by whoever sends the file, so neither is trusted.
 */
export function detectFileType(bytes: Uint8Array): FileType | null {
  if (startsWith(bytes, PDF_SIGNATURE)) return 'application/pdf'
  if (startsWith(bytes, PNG_SIGNATURE)) return 'image/png'
  if (startsWith(bytes, JPEG_SIGNATURE)) return 'image/jpeg'
  return null
}

type UploadProblem = 'empty' | 'too_large' | 'unsupported_type'

/** Each kind of upload's form field, and what its messages call the file. */
const UPLOADS: Record<FilePurpose, { field: string; messages: Record<UploadProblem, string> }> = {
  referral_letter: {
    field: REFERRAL_LETTER_FIELD,
    messages: {
      empty: 'The file was empty. Please choose your referral letter again.',
      too_large: 'That file is larger than 5 MB. Try a smaller photo or a PDF.',
      unsupported_type:
        "That file doesn't look like a PDF, JPEG or PNG. Please upload the letter as a PDF, or a photo of it.",
    },
  },
  worksheet: {
    field: WORKSHEET_FIELD,
    messages: {
      empty: 'The file was empty. Please choose the worksheet again.',
      too_large: 'That file is larger than 5 MB. Try a smaller PDF or image.',
      unsupported_type: "That file doesn't look like a PDF, JPEG or PNG. Attach worksheets in one of those.",
    },
  },
}

/** What the person is told about a refused upload of this kind. */
export function uploadProblemMessage(purpose: FilePurpose, reason: UploadProblem) {
  return UPLOADS[purpose].messages[reason]
}

/** An upload we will not keep; `message` is written for the person and shown beside the file field. */
export class UploadError extends DomainError {
  constructor(
    readonly reason: UploadProblem,
    purpose: FilePurpose,
  ) {
    super('refused', uploadProblemMessage(purpose, reason), UPLOADS[purpose].field)
  }
}

/** Missing and not allowed look the same, so a guessed id reveals nothing. */
export class FileNotFoundError extends NotFoundError {
  constructor() {
    super('File not found.')
  }
}

// Bidirectional controls can make "letter<U+202E>fdp.exe" display as "letterexe.pdf".
const BIDI_CONTROLS = new Set([
  0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
])

function isUnsafeInFileName(character: string) {
  const code = character.codePointAt(0) ?? 0
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || BIDI_CONTROLS.has(code)
}

/** Shortens by code points (never splitting an emoji), keeping a short extension such as `.pdf`. */
function shorten(characters: string[]) {
  if (characters.length <= FILE_NAME_MAX_CHARACTERS) return characters.join('')
  const dot = characters.lastIndexOf('.')
  const extension = dot > 0 && characters.length - dot <= 10 ? characters.slice(dot) : []
  const stem = characters.slice(0, FILE_NAME_MAX_CHARACTERS - extension.length).join('')
  return stem.trimEnd() + extension.join('')
}

/** The name to show and offer on download: the last path segment, printable, at most 120 characters. */
export function sanitiseFileName(name: string, purpose: FilePurpose) {
  const baseName = name.toWellFormed().normalize('NFC').split(/[/\\]/).pop() ?? ''
  const printable = Array.from(baseName)
    .filter((character) => !isUnsafeInFileName(character))
    .join('')
    .trim()
  if (printable === '' || printable === '.' || printable === '..') return FALLBACK_FILE_NAMES[purpose]
  return shorten(Array.from(printable))
}

type UploadedFile = { name: string; bytes: Uint8Array }

type ValidUpload = { fileName: string; mimeType: FileType; sizeBytes: number; sha256: string }

/** Checks an upload before anything is stored; throws UploadError with a message for the person. */
export function validateUpload(file: UploadedFile, purpose: FilePurpose): ValidUpload {
  const sizeBytes = file.bytes.byteLength
  if (sizeBytes === 0) throw new UploadError('empty', purpose)
  if (sizeBytes > MAX_UPLOAD_BYTES) throw new UploadError('too_large', purpose)
  const mimeType = detectFileType(file.bytes)
  if (!mimeType) throw new UploadError('unsupported_type', purpose)
  return {
    fileName: sanitiseFileName(file.name, purpose),
    mimeType,
    sizeBytes,
    sha256: createHash('sha256').update(file.bytes).digest('hex'),
  }
}

type StorePatientFileInput = {
  patientId: string
  uploadedById: string | null
  file: UploadedFile
  /** From where it was uploaded, for the audit trail. */
  access?: AccessContext
} & ({ purpose: 'referral_letter'; summaryId?: undefined } | { purpose: 'worksheet'; summaryId: string })

/**
 * Validates and keeps a patient's file in the database, in the caller's transaction, and
 * audits it. Throws UploadError (rolling the transaction back) if the file is not acceptable.
 * Returns the new file's id.
 */
export async function storePatientFile(tx: Tx, input: StorePatientFileInput) {
  const upload = validateUpload(input.file, input.purpose)
  const stored = await tx.storedFile.create({
    data: {
      patientId: input.patientId,
      uploadedById: input.uploadedById,
      purpose: input.purpose,
      summaryId: input.summaryId ?? null,
      fileName: upload.fileName,
      mimeType: upload.mimeType,
      sizeBytes: upload.sizeBytes,
      sha256: upload.sha256,
      // A copy on a plain ArrayBuffer, the form Prisma takes for Bytes.
      content: new Uint8Array(input.file.bytes),
    },
    select: { id: true },
  })
  await audit(tx, {
    actorId: input.uploadedById,
    action: 'file.uploaded',
    entity: 'file',
    entityId: stored.id,
    patientId: input.patientId,
    access: input.access,
    // Not the file name: patients name files after themselves or their diagnosis.
    detail: {
      patientId: input.patientId,
      purpose: input.purpose,
      mimeType: upload.mimeType,
      sizeBytes: upload.sizeBytes,
    },
  })
  return stored.id
}

// Ids are cuids; anything much longer is not one of ours and is not worth a query.
const FILE_ID_MAX_LENGTH = 64

/**
 * A file of the patient's record for someone allowed to see that record (see canReadPatient),
 * audited. A session summary's worksheets are not among them: those are shared only through the
 * published summary (app/domain/records/summaries.server.ts). Throws FileNotFoundError when the
 * file is missing or the user may not see it.
 */
export async function readPatientFile(user: SessionUser, fileId: string) {
  const owner =
    fileId.length > 0 && fileId.length <= FILE_ID_MAX_LENGTH
      ? await db.storedFile.findUnique({
          where: { id: fileId, purpose: 'referral_letter' },
          select: { patientId: true },
        })
      : null
  if (!owner || !(await canReadPatient(user, owner.patientId))) throw new FileNotFoundError()
  return db.$transaction(async (tx) => {
    const file = await tx.storedFile.findUnique({
      where: { id: fileId },
      select: { fileName: true, mimeType: true, sizeBytes: true, content: true },
    })
    if (!file) throw new FileNotFoundError()
    await audit(tx, {
      actorId: user.id,
      action: 'file.read',
      entity: 'file',
      entityId: fileId,
      detail: { patientId: owner.patientId },
    })
    return file
  })
}
