import { randomBytes } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { type AccessContext } from '~/domain/audit/audit.server.ts'
import { type SessionUser } from '~/domain/identity/session.server.ts'
import { deliverMessage } from '~/domain/notify/messages.server.ts'
import { FileNotFoundError, readPatientFile } from '~/domain/patients/files.server.ts'
import { db } from '~/utils/db.server.ts'
import { isRecordLockViolation } from '~/utils/db-errors.server.ts'
import { initEnv } from '~/utils/env.server.ts'
import { formatDayHeading } from '~/utils/time.ts'
import { startStandIns } from '../../../tests/mocks/index.ts'
import { listOutbox } from '../../../tests/mocks/outbox.server.ts'
import { RECORDS_NOW, recordsDemo, sessionUserFor } from '../../../tests/setup/records.ts'
import {
  patientSummary,
  removeWorksheet,
  sharedSummaries,
  sharedWorksheet,
  StaleSummaryError,
  summaryContext,
  summaryForEditor,
  SummaryNotFoundError,
  SummaryRefusedError,
  worksheetForWriter,
  writeSummary,
} from './summaries.server.ts'
import { resealUnderCurrentKey } from './sealed-columns.server.ts'
import { type SummaryContent } from './summaries.ts'

const NOW = RECORDS_NOW
const HOUR_MS = 60 * 60_000
const STAFF_ACCESS: AccessContext = { ipAddress: '203.0.113.9', path: '/clinician/appointments/x/summary' }
const PATIENT_ACCESS: AccessContext = { ipAddress: '198.51.100.4', path: '/patient/appointments/x/summary' }
/** Before every session the tests make. */
const LONG_BEFORE = new Date('2025-01-01T00:00:00Z')
const pdf = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n')

let demo: Awaited<ReturnType<typeof recordsDemo>>
let psychologist: SessionUser
let otherPsychologist: SessionUser
let patient: SessionUser
let otherPatient: SessionUser
let patientEmail: string
let psychologistName: string

let stopStandIns: () => void
beforeAll(async () => {
  stopStandIns = startStandIns()
  demo = await recordsDemo()
  psychologist = await sessionUserFor(demo.psychologistId)
  otherPsychologist = await sessionUserFor(demo.otherPsychologistId)
  patient = await sessionUserFor(demo.patientId)
  otherPatient = await sessionUserFor(demo.otherPatientId)
  patientEmail = patient.email
  psychologistName = psychologist.name
})
afterAll(() => stopStandIns())

/** A session of the psychologist's with the patient, held before NOW. */
const session = (status?: 'completed' | 'confirmed' | 'cancelled') => demo.session({ status })

const content = (covered: string, practise = '', resources = ''): SummaryContent => ({
  covered,
  practise,
  resources,
})

function write(
  intent: 'save' | 'share',
  appointmentId: string,
  overrides: Partial<Parameters<typeof writeSummary>[0]> = {},
) {
  return writeSummary({
    intent,
    appointmentId,
    user: psychologist,
    version: 0,
    patientId: patient.id,
    content: content('We talked about sleep and the worry loop.', 'Wind-down routine at 9.'),
    access: STAFF_ACCESS,
    now: NOW,
    ...overrides,
  })
}

/** What a refused write left behind: nothing about that session. */
async function writtenFor(appointmentId: string) {
  return {
    summaries: await db.sessionSummary.count({ where: { appointmentId } }),
    messages: await db.message.count({ where: { appointmentId } }),
  }
}

describe('a draft', () => {
  it('is kept sealed, shown to its psychologist, and not to the patient', async () => {
    const { id: appointmentId } = await session()
    const saved = await write('save', appointmentId)
    expect(saved).toMatchObject({ version: 1, shared: false })

    const editor = await summaryForEditor(appointmentId, psychologist, STAFF_ACCESS, NOW)
    expect(editor).toMatchObject({
      patientId: patient.id,
      version: 1,
      publishedAt: null,
      notWritable: null,
      content: content('We talked about sleep and the worry loop.', 'Wind-down routine at 9.'),
    })
    expect(await patientSummary(patient.id, appointmentId, PATIENT_ACCESS)).toMatchObject({ summary: null })
    expect(await sharedSummaries(patient.id)).not.toContainEqual(expect.objectContaining({ appointmentId }))
    expect(await db.message.count({ where: { appointmentId } })).toBe(0)
  })

  it('audits each write and read with the patient and from where, never the text', async () => {
    const { id: appointmentId } = await session()
    const { id } = await write('save', appointmentId)
    await summaryForEditor(appointmentId, psychologist, STAFF_ACCESS, NOW)
    const events = await db.auditEvent.findMany({ where: { entityId: id }, orderBy: { at: 'asc' } })
    expect(
      events.map(({ action, actorId, patientId, ipAddress, path }) => ({
        action,
        actorId,
        patientId,
        ipAddress,
        path,
      })),
    ).toEqual([
      { action: 'summary.saved', actorId: psychologist.id, patientId: patient.id, ...STAFF_ACCESS },
      { action: 'summary.read', actorId: psychologist.id, patientId: patient.id, ...STAFF_ACCESS },
    ])
    expect(JSON.stringify(events)).not.toContain('worry loop')
  })

  it('refuses a stale form, keeping the newer text', async () => {
    const { id: appointmentId } = await session()
    await write('save', appointmentId)
    await write('save', appointmentId, { version: 1, content: content('Newer text') })
    await expect(write('save', appointmentId, { version: 1, content: content('Older tab') })).rejects.toThrow(
      StaleSummaryError,
    )
    await expect(write('share', appointmentId, { version: 0 })).rejects.toThrow(StaleSummaryError)
    const editor = await summaryForEditor(appointmentId, psychologist, STAFF_ACCESS, NOW)
    expect(editor).toMatchObject({ version: 2, content: content('Newer text') })
    expect(await db.message.count({ where: { appointmentId } })).toBe(0)
  })

  it('waits for the session to start, and is not written for one that did not go ahead', async () => {
    const upcoming = await session('confirmed')
    await expect(write('save', upcoming.id, { now: LONG_BEFORE })).rejects.toThrow(/has not started yet/)
    expect(
      (await summaryForEditor(upcoming.id, psychologist, STAFF_ACCESS, LONG_BEFORE)).notWritable,
    ).toMatch(/has not started yet/)
    const cancelled = await session('cancelled')
    await expect(write('share', cancelled.id)).rejects.toThrow(/sessions that went ahead/)
    expect(await writtenFor(upcoming.id)).toEqual({ summaries: 0, messages: 0 })
    expect(await writtenFor(cancelled.id)).toEqual({ summaries: 0, messages: 0 })
  })
})

describe('who may write it', () => {
  it("is not found for another psychologist's session, and nothing is written", async () => {
    const { id: appointmentId } = await session()
    const audits = await db.auditEvent.count()
    await expect(write('share', appointmentId, { user: otherPsychologist })).rejects.toThrow(
      SummaryNotFoundError,
    )
    await expect(summaryForEditor(appointmentId, otherPsychologist, STAFF_ACCESS, NOW)).rejects.toThrow(
      SummaryNotFoundError,
    )
    await expect(write('save', appointmentId, { user: patient })).rejects.toThrow(SummaryNotFoundError)
    expect(await writtenFor(appointmentId)).toEqual({ summaries: 0, messages: 0 })
    expect(await db.auditEvent.count()).toBe(audits)
  })

  it('refuses a summary for another patient than the session is with, and nothing is written', async () => {
    const { id: appointmentId } = await session()
    await expect(write('share', appointmentId, { patientId: otherPatient.id })).rejects.toThrow(
      SummaryRefusedError,
    )
    expect(await writtenFor(appointmentId)).toEqual({ summaries: 0, messages: 0 })
  })
})

describe('sharing', () => {
  it('publishes it, queues one email that holds no content, and the patient reads it', async () => {
    const { id: appointmentId, startsAt } = await session()
    const shared = await write('share', appointmentId)
    expect(shared).toMatchObject({ version: 1, shared: true, corrected: false })

    const [message] = await db.message.findMany({ where: { appointmentId } })
    expect(message).toMatchObject({
      template: 'summary-shared',
      toAddress: patientEmail,
      userId: patient.id,
      dedupeKey: `summary-shared:${shared.id}:1`,
    })
    expect(await deliverMessage(message!.id)).toEqual({ status: 'sent' })
    const [email] = await listOutbox({ to: patientEmail })
    expect(email!.subject).toBe('New notes from your Haven Psychology session')
    const day = formatDayHeading(startsAt, 'Australia/Sydney')
    expect(day).toMatch(/^\w+day \d+ \w+$/)
    expect(email!.text).toContain(`Your psychologist has shared notes from your session on ${day}.`)
    expect(email!.text).toContain(`http://localhost:3000/patient/appointments/${appointmentId}/summary`)
    expect(`${email!.subject}${email!.html}${email!.text}`).not.toMatch(/sleep|worry|Wind-down/)

    expect(await sharedSummaries(patient.id)).toContainEqual(
      expect.objectContaining({
        appointmentId,
        isNew: true,
        updated: false,
        psychologist: psychologistName,
      }),
    )
    const read = await patientSummary(patient.id, appointmentId, PATIENT_ACCESS, NOW)
    expect(read.summary).toMatchObject({
      content: content('We talked about sleep and the worry loop.', 'Wind-down routine at 9.'),
      sharedAt: NOW.toISOString(),
      updatedAt: null,
    })
    expect(await sharedSummaries(patient.id)).toContainEqual(
      expect.objectContaining({ appointmentId, isNew: false }),
    )
    const reads = await db.auditEvent.findMany({ where: { entityId: shared.id, action: 'summary.read' } })
    expect(reads).toMatchObject([{ actorId: patient.id, patientId: patient.id, ...PATIENT_ACCESS }])
  })

  it('is not found by another patient', async () => {
    const { id: appointmentId } = await session()
    await write('share', appointmentId)
    await expect(patientSummary(otherPatient.id, appointmentId, PATIENT_ACCESS)).rejects.toThrow(
      SummaryNotFoundError,
    )
    expect(await sharedSummaries(otherPatient.id)).toEqual([])
  })

  it('sends one email for a form sent twice', async () => {
    const { id: appointmentId } = await session()
    const sends = await Promise.allSettled([write('share', appointmentId), write('share', appointmentId)])
    expect(sends.map(({ status }) => status).sort()).toEqual(['fulfilled', 'rejected'])
    expect(sends.find((send) => send.status === 'rejected')).toMatchObject({
      reason: expect.any(StaleSummaryError),
    })
    expect(await db.message.count({ where: { appointmentId } })).toBe(1)
  })

  it('refuses to share nothing', async () => {
    const { id: appointmentId } = await session()
    await expect(write('share', appointmentId, { content: content('  ', '\n') })).rejects.toThrow(
      /Write what you would like to share/,
    )
    expect(await writtenFor(appointmentId)).toEqual({ summaries: 0, messages: 0 })
  })

  it('takes a correction, which the patient sees as updated and new, with its own email', async () => {
    const { id: appointmentId } = await session()
    const first = await write('share', appointmentId)
    await patientSummary(patient.id, appointmentId, PATIENT_ACCESS, NOW)
    await expect(write('save', appointmentId, { version: 1 })).rejects.toThrow(
      /share your changes as a correction/,
    )

    const later = new Date(NOW.getTime() + HOUR_MS)
    const correction = await write('share', appointmentId, {
      version: 1,
      content: content('We talked about sleep.'),
      now: later,
    })
    expect(correction).toMatchObject({ version: 2, corrected: true })
    expect(await sharedSummaries(patient.id)).toContainEqual(
      expect.objectContaining({ appointmentId, isNew: true, updated: true }),
    )
    const read = await patientSummary(patient.id, appointmentId, PATIENT_ACCESS, later)
    expect(read.summary).toMatchObject({
      content: content('We talked about sleep.'),
      sharedAt: NOW.toISOString(),
      updatedAt: later.toISOString(),
    })
    const messages = await db.message.findMany({ where: { appointmentId }, orderBy: { createdAt: 'asc' } })
    expect(messages.map(({ dedupeKey }) => dedupeKey)).toEqual([
      `summary-shared:${first.id}:1`,
      `summary-shared:${first.id}:2`,
    ])
    await deliverMessage(messages[1]!.id)
    const [email] = await listOutbox({ to: patientEmail })
    expect(email!.subject).toBe('Updated notes from your Haven Psychology session')
    const stored = await db.sessionSummary.findUniqueOrThrow({ where: { id: first.id } })
    expect(stored).toMatchObject({
      publishedAt: NOW,
      publishedById: psychologist.id,
      authorId: psychologist.id,
    })
  })
})

describe('what is written', () => {
  it('keeps 100 kB, emoji and pasted HTML exactly, and the table holds none of it in clear', async () => {
    const { id: appointmentId } = await session()
    const html = '<p style="color:red">Breathe</p><script>alert("x")</script><img src=x onerror=alert(1)>'
    const long = `${'Slow breathing, four counts in and six out. '.repeat(2_270)}end`
    expect(long.length).toBeGreaterThan(100_000 - 300)
    const written = content(
      long.slice(0, 99_900),
      `Try this 🧘‍♀️🌊 each morning\n\n${html}`,
      'Smiling Mind – ☺️',
    )
    const { id } = await write('share', appointmentId, { content: written })

    expect((await patientSummary(patient.id, appointmentId, PATIENT_ACCESS)).summary!.content).toEqual(
      written,
    )
    const [row] = await db.$queryRaw<{ cipher: Uint8Array; keyId: string }[]>`
      select "contentCipher" as cipher, "contentKeyId" as "keyId" from "SessionSummary" where id = ${id}`
    const bytes = Buffer.from(row!.cipher)
    for (const plain of ['Slow breathing', '🧘', 'Breathe', 'Smiling Mind', 'covered'])
      expect(bytes.includes(Buffer.from(plain, 'utf8'))).toBe(false)
    expect(row!.keyId).toBe('test')
    const dump = await db.$queryRaw<{ text: string }[]>`select t::text as text from "SessionSummary" t`
    expect(dump.map(({ text }) => text).join('\n')).not.toMatch(/Slow breathing|Breathe|Smiling/)
  })

  it('is sealed to its own row: a ciphertext copied to another summary does not open', async () => {
    const a = await session()
    const b = await session()
    const first = await write('share', a.id, { content: content('Only for the first session') })
    const second = await write('share', b.id)
    const source = await db.sessionSummary.findUniqueOrThrow({ where: { id: first.id } })
    expect(summaryContext(first.id)).toBe(`SessionSummary:${first.id}:content`)
    await db.sessionSummary.update({
      where: { id: second.id },
      data: { contentCipher: source.contentCipher, contentKeyId: source.contentKeyId },
    })
    await expect(patientSummary(patient.id, b.id, PATIENT_ACCESS)).rejects.toThrow(/does not open/)
  })
})

describe('a new records key', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
    initEnv()
  })
  const useKeys = (keys: string) => {
    vi.stubEnv('RECORDS_ENCRYPTION_KEYS', keys)
    initEnv()
  }

  it('re-seals a shared summary, which the patient still reads as shared', async () => {
    const oldKey = `old:${randomBytes(32).toString('base64')}`
    const newKey = `new:${randomBytes(32).toString('base64')}`
    useKeys(oldKey)
    const { id: appointmentId } = await session()
    const { id } = await write('share', appointmentId, { content: content('Sealed under the old key') })

    useKeys(`${newKey},${oldKey}`)
    await resealUnderCurrentKey(db)
    useKeys(newKey)
    expect(await db.sessionSummary.findUniqueOrThrow({ where: { id } })).toMatchObject({
      contentKeyId: 'new',
      publishedAt: NOW,
      version: 1,
    })
    const read = await patientSummary(patient.id, appointmentId, PATIENT_ACCESS)
    expect(read.summary!.content).toEqual(content('Sealed under the old key'))
  })
})

describe('worksheets', () => {
  it('are attached to a draft, removed from it, and downloaded by the patient once shared', async () => {
    const { id: appointmentId } = await session()
    await write('save', appointmentId, { worksheet: { name: 'Thought record.pdf', bytes: pdf } })
    await write('save', appointmentId, {
      version: 1,
      worksheet: { name: 'Sleep diary.pdf', bytes: pdf },
    })
    const [thoughtRecord, sleepDiary] = (
      await summaryForEditor(appointmentId, psychologist, STAFF_ACCESS, NOW)
    ).worksheets
    expect([thoughtRecord!.fileName, sleepDiary!.fileName]).toEqual(['Thought record.pdf', 'Sleep diary.pdf'])
    await removeWorksheet({
      appointmentId,
      user: psychologist,
      worksheetId: sleepDiary!.id,
      access: STAFF_ACCESS,
    })

    // Not the patient's to download while it is a draft, nor through the record's file route.
    await expect(
      sharedWorksheet(patient.id, appointmentId, thoughtRecord!.id, PATIENT_ACCESS),
    ).rejects.toThrow(FileNotFoundError)
    await expect(readPatientFile(patient, thoughtRecord!.id)).rejects.toThrow(FileNotFoundError)
    expect(
      (await worksheetForWriter(psychologist, appointmentId, thoughtRecord!.id, STAFF_ACCESS)).fileName,
    ).toBe('Thought record.pdf')

    await write('share', appointmentId, { version: 2 })
    const read = await patientSummary(patient.id, appointmentId, PATIENT_ACCESS)
    expect(read.summary!.worksheets.map(({ fileName }) => fileName)).toEqual(['Thought record.pdf'])
    const file = await sharedWorksheet(patient.id, appointmentId, thoughtRecord!.id, PATIENT_ACCESS)
    expect(Buffer.from(file.content)).toEqual(Buffer.from(pdf))
    await expect(
      sharedWorksheet(otherPatient.id, appointmentId, thoughtRecord!.id, PATIENT_ACCESS),
    ).rejects.toThrow(FileNotFoundError)
    await expect(
      worksheetForWriter(otherPsychologist, appointmentId, thoughtRecord!.id, STAFF_ACCESS),
    ).rejects.toThrow(SummaryNotFoundError)
    const reads = await db.auditEvent.findMany({
      where: { entityId: thoughtRecord!.id, action: 'file.read' },
    })
    expect(reads.map(({ actorId, patientId }) => ({ actorId, patientId }))).toEqual([
      { actorId: psychologist.id, patientId: patient.id },
      { actorId: patient.id, patientId: patient.id },
    ])
  })

  it('do not change once the summary is shared', async () => {
    const { id: appointmentId } = await session()
    await write('share', appointmentId, { worksheet: { name: 'Grounding.pdf', bytes: pdf } })
    const [worksheet] = (await summaryForEditor(appointmentId, psychologist, STAFF_ACCESS, NOW)).worksheets
    await expect(
      removeWorksheet({
        appointmentId,
        user: psychologist,
        worksheetId: worksheet!.id,
        access: STAFF_ACCESS,
      }),
    ).rejects.toThrow(/cannot change once the summary is shared/)
    await expect(
      write('share', appointmentId, { version: 1, worksheet: { name: 'More.pdf', bytes: pdf } }),
    ).rejects.toThrow(/cannot change once the summary is shared/)
    expect(await db.storedFile.count({ where: { summary: { appointmentId } } })).toBe(1)
  })

  it('refuses a file that is not a PDF or an image, writing nothing', async () => {
    const { id: appointmentId } = await session()
    await expect(
      write('save', appointmentId, {
        worksheet: { name: 'notes.pdf', bytes: new TextEncoder().encode('hi') },
      }),
    ).rejects.toThrow(/doesn't look like a PDF/)
    expect(await writtenFor(appointmentId)).toEqual({ summaries: 0, messages: 0 })
  })
})

describe('the database', () => {
  it('refuses a summary for another patient, a deletion, a changed first publication, and late worksheets', async () => {
    const { id: appointmentId } = await session()
    const { id } = await write('share', appointmentId)
    await expect(
      db.$executeRaw`update "SessionSummary" set "patientId" = ${otherPatient.id} where id = ${id}`,
    ).rejects.toThrow(/belongs to its appointment's patient/)
    await expect(db.$executeRaw`delete from "SessionSummary" where id = ${id}`).rejects.toThrow(
      /never deleted/,
    )
    await expect(
      db.$executeRaw`update "SessionSummary" set "publishedAt" = now() where id = ${id}`,
    ).rejects.toThrow(/first publication/)
    await expect(
      db.storedFile.create({
        data: {
          patientId: patient.id,
          purpose: 'worksheet',
          summaryId: id,
          fileName: 'late.pdf',
          mimeType: 'application/pdf',
          sizeBytes: pdf.byteLength,
          sha256: 'unchecked',
          content: new Uint8Array(pdf),
        },
      }),
    ).rejects.toThrow(/only to a draft summary/)
  })

  it("keeps a shared summary's worksheets, with the refusal the app recognises", async () => {
    const { id: appointmentId } = await session()
    await write('share', appointmentId, { worksheet: { name: 'Kept.pdf', bytes: pdf } })
    const refusal = await db.storedFile.deleteMany({ where: { summary: { appointmentId } } }).then(
      () => null,
      (error: unknown) => error,
    )
    expect(isRecordLockViolation(refusal)).toBe(true)
    expect(await db.storedFile.count({ where: { summary: { appointmentId } } })).toBe(1)
  })

  it('keeps worksheets and summaries together: a worksheet has a summary, a letter has none', async () => {
    const { id: appointmentId } = await session()
    const { id } = await write('save', appointmentId)
    const file = (purpose: string, summaryId: string | null) =>
      db.$executeRaw`insert into "StoredFile" (id, "patientId", purpose, "summaryId", "fileName", "mimeType", "sizeBytes", sha256, content)
        values (gen_random_uuid()::text, ${patient.id}, ${purpose}, ${summaryId}, 'a.pdf', 'application/pdf', 5, 'x', '\\x255044462d'::bytea)`
    await expect(file('worksheet', null)).rejects.toThrow(/StoredFile_summaryId_check/)
    await expect(file('referral_letter', id)).rejects.toThrow(/StoredFile_summaryId_check/)
    await expect(file('worksheet', id)).resolves.toBe(1)
  })
})
