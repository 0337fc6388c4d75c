import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { action, loader } from '~/routes/_resources+/files.$fileId.tsx'
import { getSessionUser } from '~/utils/auth.server.ts'
import { db } from '~/utils/db.server.ts'
import { routeRequest, signedInCookie, thrown } from '../../../tests/setup/route-calls.ts'
import {
  detectFileType,
  FileNotFoundError,
  MAX_UPLOAD_BYTES,
  readPatientFile,
  sanitiseFileName,
  storePatientFile,
  UploadError,
  validateUpload,
} from './files.server.ts'

const encoder = new TextEncoder()
const pdf = encoder.encode('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n')
const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49])
const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00])

function pdfOfSize(size: number) {
  const bytes = new Uint8Array(size)
  bytes.set(pdf.subarray(0, 5))
  return bytes
}

function uploadError(run: () => unknown) {
  try {
    run()
  } catch (error) {
    if (error instanceof UploadError) return error
    throw error
  }
  throw new Error('Expected an UploadError')
}

// The nonce only matters to HTML pages; a resource route ignores it.
const testContext = { cspNonce: 'test-nonce' }

let people = 0
async function person(role: 'patient' | 'psychologist' | 'manager') {
  const user = await db.user.create({
    data: {
      email: `${role}${++people}@example.com`,
      name: `Test ${role}`,
      roles: { create: { role: { connect: { name: role } } } },
      ...(role === 'patient' ? { patient: { create: {} } } : {}),
    },
  })
  const cookie = await signedInCookie(user.id)
  const sessionUser = await getSessionUser(new Request('http://localhost:3000/', { headers: { cookie } }))
  if (!sessionUser) throw new Error('The test session did not start')
  return { user: sessionUser, cookie }
}

async function referralLetter(patientId: string, name = 'Dr Smith referral for Jane Citizen.pdf') {
  return db.$transaction((tx) =>
    storePatientFile(tx, {
      patientId,
      uploadedById: patientId,
      purpose: 'referral_letter',
      file: { name, bytes: pdf },
    }),
  )
}

describe('detectFileType', () => {
  it('knows PDF, PNG and JPEG by their first bytes', () => {
    expect(detectFileType(pdf)).toBe('application/pdf')
    expect(detectFileType(png)).toBe('image/png')
    expect(detectFileType(jpeg)).toBe('image/jpeg')
  })

  it('knows nothing else, nor a file too short to tell', () => {
    expect(detectFileType(encoder.encode('<html><script>alert(1)</script>'))).toBeNull()
    expect(detectFileType(encoder.encode('%PDF'))).toBeNull()
    expect(detectFileType(png.subarray(0, 7))).toBeNull()
    expect(detectFileType(new Uint8Array())).toBeNull()
  })
})

describe('validateUpload', () => {
  it('takes the type from the content, whatever the name says', () => {
    expect(validateUpload({ name: 'letter.png', bytes: pdf }, 'referral_letter').mimeType).toBe(
      'application/pdf',
    )
    expect(validateUpload({ name: 'letter.pdf', bytes: png }, 'referral_letter').mimeType).toBe('image/png')
    expect(validateUpload({ name: 'letter.txt', bytes: jpeg }, 'referral_letter').mimeType).toBe('image/jpeg')
  })

  it('refuses a text file named .pdf', () => {
    const error = uploadError(() =>
      validateUpload({ name: 'letter.pdf', bytes: encoder.encode('Dear Dr') }, 'referral_letter'),
    )
    expect(error.reason).toBe('unsupported_type')
    expect(error.message).toMatch(/doesn't look like a PDF, JPEG or PNG/)
  })

  it('refuses an empty file', () => {
    const error = uploadError(() =>
      validateUpload({ name: 'letter.pdf', bytes: new Uint8Array() }, 'referral_letter'),
    )
    expect(error.reason).toBe('empty')
    expect(error.message).toMatch(/The file was empty/)
  })

  it('takes exactly 5 MB and refuses a byte more', () => {
    expect(
      validateUpload({ name: 'scan.pdf', bytes: pdfOfSize(MAX_UPLOAD_BYTES) }, 'referral_letter').sizeBytes,
    ).toBe(MAX_UPLOAD_BYTES)
    const error = uploadError(() =>
      validateUpload({ name: 'scan.pdf', bytes: pdfOfSize(MAX_UPLOAD_BYTES + 1) }, 'referral_letter'),
    )
    expect(error.reason).toBe('too_large')
    expect(error.message).toBe('That file is larger than 5 MB. Try a smaller photo or a PDF.')
  })

  it("words a worksheet's refusal for the psychologist, beside the worksheet field", () => {
    const unsupported = uploadError(() =>
      validateUpload({ name: 'handout.docx', bytes: encoder.encode('PK') }, 'worksheet'),
    )
    expect(unsupported.message).toBe(
      "That file doesn't look like a PDF, JPEG or PNG. Attach worksheets in one of those.",
    )
    expect(unsupported.field).toBe('worksheet')
    const empty = uploadError(() =>
      validateUpload({ name: 'handout.pdf', bytes: new Uint8Array() }, 'worksheet'),
    )
    expect(empty.message).toBe('The file was empty. Please choose the worksheet again.')
    const letter = uploadError(() =>
      validateUpload({ name: 'letter.pdf', bytes: new Uint8Array() }, 'referral_letter'),
    )
    expect(letter.field).toBe('referralLetter')
  })

  it('reports the size and SHA-256 of the content', () => {
    expect(validateUpload({ name: 'letter.pdf', bytes: pdf }, 'referral_letter')).toEqual({
      fileName: 'letter.pdf',
      mimeType: 'application/pdf',
      sizeBytes: pdf.byteLength,
      sha256: createHash('sha256').update(pdf).digest('hex'),
    })
  })
})

describe('sanitiseFileName', () => {
  it('keeps only the last path segment', () => {
    expect(sanitiseFileName('C:\\Users\\jane\\Documents\\referral.pdf', 'referral_letter')).toBe(
      'referral.pdf',
    )
    expect(sanitiseFileName('../../etc/passwd', 'referral_letter')).toBe('passwd')
  })

  it('drops control and bidirectional characters', () => {
    expect(sanitiseFileName('my\u0000 letter\r\n.pdf', 'referral_letter')).toBe('my letter.pdf')
    expect(sanitiseFileName('letter\u202efdp.exe', 'referral_letter')).toBe('letterfdp.exe')
  })

  it('shortens a long name to 120 characters, keeping the extension and whole emoji', () => {
    const long = sanitiseFileName(`${'a'.repeat(200)}.pdf`, 'referral_letter')
    expect(long).toHaveLength(120)
    expect(long.endsWith('.pdf')).toBe(true)
    const emoji = Array.from(sanitiseFileName('😀'.repeat(130), 'referral_letter'))
    expect(emoji).toHaveLength(120)
    expect(emoji.every((character) => character === '😀')).toBe(true)
  })

  it('falls back to a plain name when nothing is left', () => {
    expect(sanitiseFileName('', 'referral_letter')).toBe('referral-letter')
    expect(sanitiseFileName('  \u0007 ', 'referral_letter')).toBe('referral-letter')
    expect(sanitiseFileName('folder/', 'referral_letter')).toBe('referral-letter')
    expect(sanitiseFileName('..', 'referral_letter')).toBe('referral-letter')
    expect(sanitiseFileName('..', 'worksheet')).toBe('worksheet')
  })
})

describe('storePatientFile', () => {
  it('keeps the content with its hash, and audits the upload without the file name', async () => {
    const { user: patient } = await person('patient')
    const fileId = await referralLetter(patient.id, 'Jane Citizen - depression referral.pdf')

    const stored = await db.storedFile.findUniqueOrThrow({ where: { id: fileId } })
    expect(stored).toMatchObject({
      patientId: patient.id,
      uploadedById: patient.id,
      purpose: 'referral_letter',
      fileName: 'Jane Citizen - depression referral.pdf',
      mimeType: 'application/pdf',
      sizeBytes: pdf.byteLength,
      sha256: createHash('sha256').update(pdf).digest('hex'),
    })
    expect(Buffer.from(stored.content).equals(Buffer.from(pdf))).toBe(true)

    const event = await db.auditEvent.findFirstOrThrow({
      where: { action: 'file.uploaded', entityId: fileId },
    })
    expect(event).toMatchObject({
      actorId: patient.id,
      entity: 'file',
      entityId: fileId,
      detail: {
        patientId: patient.id,
        purpose: 'referral_letter',
        mimeType: 'application/pdf',
        sizeBytes: pdf.byteLength,
      },
    })
    expect(JSON.stringify(event.detail)).not.toMatch(/Jane|depression/)
  })

  it('keeps a full 5 MB photo byte for byte', async () => {
    const { user: patient } = await person('patient')
    const photo = new Uint8Array(MAX_UPLOAD_BYTES).map((_, index) => (index * 31) % 256)
    photo.set(jpeg)
    const fileId = await db.$transaction((tx) =>
      storePatientFile(tx, {
        patientId: patient.id,
        uploadedById: patient.id,
        purpose: 'referral_letter',
        file: { name: 'IMG_0042.HEIC.jpg', bytes: photo },
      }),
    )
    const file = await readPatientFile(patient, fileId)
    expect(file.mimeType).toBe('image/jpeg')
    expect(Buffer.from(file.content).equals(Buffer.from(photo))).toBe(true)
  })

  it('stores nothing when the file is refused', async () => {
    const { user: patient } = await person('patient')
    await expect(
      db.$transaction((tx) =>
        storePatientFile(tx, {
          patientId: patient.id,
          uploadedById: patient.id,
          purpose: 'referral_letter',
          file: { name: 'letter.pdf', bytes: encoder.encode('not a pdf') },
        }),
      ),
    ).rejects.toBeInstanceOf(UploadError)
    expect(await db.storedFile.count({ where: { patientId: patient.id } })).toBe(0)
  })
})

describe('readPatientFile', () => {
  it('gives the patient their own file, and audits the read', async () => {
    const { user: patient } = await person('patient')
    const fileId = await referralLetter(patient.id)

    const file = await readPatientFile(patient, fileId)
    expect(file).toMatchObject({
      fileName: 'Dr Smith referral for Jane Citizen.pdf',
      mimeType: 'application/pdf',
      sizeBytes: pdf.byteLength,
    })
    expect(Buffer.from(file.content).equals(Buffer.from(pdf))).toBe(true)

    const event = await db.auditEvent.findFirstOrThrow({ where: { action: 'file.read', entityId: fileId } })
    expect(event).toMatchObject({
      actorId: patient.id,
      entity: 'file',
      entityId: fileId,
      detail: { patientId: patient.id },
    })
  })

  it('does not find another patient’s file, and records no read', async () => {
    const { user: owner } = await person('patient')
    const { user: other } = await person('patient')
    const fileId = await referralLetter(owner.id)
    await expect(readPatientFile(other, fileId)).rejects.toBeInstanceOf(FileNotFoundError)
    expect(await db.auditEvent.count({ where: { action: 'file.read', entityId: fileId } })).toBe(0)
  })

  it('does not find a file for a psychologist not caring for the patient', async () => {
    const { user: patient } = await person('patient')
    const { user: psychologist } = await person('psychologist')
    const fileId = await referralLetter(patient.id)
    await expect(readPatientFile(psychologist, fileId)).rejects.toBeInstanceOf(FileNotFoundError)
  })

  it('gives the file to the patient’s own psychologist', async () => {
    const { user: patient } = await person('patient')
    const { user: psychologist } = await person('psychologist')
    await db.careAssignment.create({ data: { patientId: patient.id, psychologistId: psychologist.id } })
    const fileId = await referralLetter(patient.id)
    expect((await readPatientFile(psychologist, fileId)).mimeType).toBe('application/pdf')
    expect(await db.auditEvent.count({ where: { action: 'file.read', actorId: psychologist.id } })).toBe(1)
  })

  it('gives the file to a practice manager', async () => {
    const { user: patient } = await person('patient')
    const { user: manager } = await person('manager')
    const fileId = await referralLetter(patient.id)
    expect((await readPatientFile(manager, fileId)).sizeBytes).toBe(pdf.byteLength)
  })

  it('does not find a file that does not exist', async () => {
    const { user: manager } = await person('manager')
    await expect(readPatientFile(manager, 'cnotarealfileid0000000000')).rejects.toBeInstanceOf(
      FileNotFoundError,
    )
    await expect(readPatientFile(manager, 'x'.repeat(500))).rejects.toBeInstanceOf(FileNotFoundError)
  })
})

describe('GET /files/:fileId', () => {
  function get(fileId: string, cookie?: string) {
    return loader({
      request: routeRequest(`/files/${fileId}`, cookie),
      params: { fileId },
      context: testContext,
    })
  }

  it('sends the bytes with headers that keep the content inert and uncached', async () => {
    const { user: patient, cookie } = await person('patient')
    const fileId = await referralLetter(patient.id, 'Référence "Dr O’Brien".pdf')

    const response = await get(fileId, cookie)
    expect(response.status).toBe(200)
    expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(pdf))).toBe(true)
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'content-type': 'application/pdf',
      'content-length': String(pdf.byteLength),
      'content-disposition': `inline; filename="R_f_rence _Dr O_Brien_.pdf"; filename*=UTF-8''R%C3%A9f%C3%A9rence%20%22Dr%20O%E2%80%99Brien%22.pdf`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    })
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'/)
  })

  it('answers 404 to someone who may not see the file, as for a missing one', async () => {
    const { user: owner } = await person('patient')
    const { cookie } = await person('patient')
    const fileId = await referralLetter(owner.id)
    expect(await thrown(get(fileId, cookie))).toMatchObject({ status: 404 })
    expect(await thrown(get('cnotarealfileid0000000000', cookie))).toMatchObject({ status: 404 })
  })

  it('sends a signed-out visitor to sign in', async () => {
    const { user: owner } = await person('patient')
    const fileId = await referralLetter(owner.id)
    const response = (await thrown(get(fileId))) as Response
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe(
      `/login?redirectTo=${encodeURIComponent(`/files/${fileId}`)}`,
    )
  })

  it('answers 405 to a POST', async () => {
    const { cookie } = await person('patient')
    const response = await action({
      request: routeRequest('/files/anything', cookie, {}),
      params: { fileId: 'anything' },
      context: testContext,
    })
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('GET, HEAD')
  })
})
