// The note page as a psychologist's browser uses it, with JavaScript (autosave) and without.
import { beforeAll, describe, expect, test, vi } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { cookieFor, loadPage, postForm } from '../../../tests/setup/route-calls.ts'
import { recordsDemo } from '../../../tests/setup/records.ts'
import { loadStaffAppointment } from '../__staff/appointment.server.ts'
import { action, loader } from './appointments_.$appointmentId.note.tsx'

let demo: Awaited<ReturnType<typeof recordsDemo>>

beforeAll(async () => {
  demo = await recordsDemo()
  // The note page refuses sessions that have not started: the demo's are in March 2025.
  vi.setSystemTime(new Date('2025-03-20T00:00:00Z'))
  return () => vi.useRealTimers()
})

const DANIEL = 'daniel.tran@haven.test'

async function post(appointmentId: string, email: string, fields: Record<string, string>) {
  return postForm(action, {
    path: `/clinician/appointments/${appointmentId}/note`,
    params: { appointmentId },
    cookie: await cookieFor(email),
    fields,
  })
}

async function open(appointmentId: string, email: string) {
  return loadPage(loader, {
    path: `/clinician/appointments/${appointmentId}/note`,
    params: { appointmentId },
    cookie: await cookieFor(email),
  })
}

async function startedNote() {
  const session = await demo.session()
  expect(await post(session.id, DANIEL, { intent: 'start', template: 'soap' })).toMatchObject({
    status: 302,
    notice: { message: 'SOAP note started.' },
  })
  const note = await db.clinicalNote.findFirstOrThrow({ where: { appointmentId: session.id } })
  return { session, noteId: note.id }
}

const draft = (noteId: string, version: number, extra: Record<string, string> = {}) => ({
  noteId,
  version: String(version),
  riskLevel: 'low',
  riskPlan: '',
  section_subjective: 'Feeling steadier.',
  section_objective: 'Settled.',
  section_assessment: 'Improving.',
  section_plan: 'Review in two weeks.',
  ...extra,
})

describe('writing a note', () => {
  test('autosave answers with the new version and keeps the page; Save without JavaScript redirects back', async () => {
    const { session, noteId } = await startedNote()
    const autosaved = await post(session.id, DANIEL, { intent: 'save', autosave: '1', ...draft(noteId, 1) })
    expect(autosaved).toMatchObject({
      status: 200,
      body: { saved: { version: 2, timeZone: 'Australia/Sydney' } },
    })
    expect(autosaved.headers.get('Cache-Control')).toBe('private, no-store')

    expect(await post(session.id, DANIEL, { intent: 'save', ...draft(noteId, 2) })).toMatchObject({
      status: 302,
      location: `/clinician/appointments/${session.id}/note`,
      notice: { message: 'Draft saved.' },
    })
  })

  test('sign locks it; a crafted save afterwards is refused with a clear message', async () => {
    const { session, noteId } = await startedNote()
    expect(await post(session.id, DANIEL, { intent: 'sign', ...draft(noteId, 1) })).toMatchObject({
      status: 302,
      notice: { message: 'Note signed and locked.' },
    })
    const refused = await post(session.id, DANIEL, {
      intent: 'save',
      ...draft(noteId, 2, { section_plan: 'Changed' }),
    })
    expect(refused).toMatchObject({
      status: 400,
      body: { result: { error: { '': ['This note is signed and locked. Add an addendum instead.'] } } },
    })

    expect(
      await post(session.id, DANIEL, { intent: 'addendum', noteId, text: 'Phoned on Friday.' }),
    ).toMatchObject({
      status: 302,
      notice: { message: 'Addendum added.' },
    })
    const page = await open(session.id, DANIEL)
    expect(page.status).toBe(200)
    expect(page.headers.get('Cache-Control')).toBe('private, no-store')
    expect(page.body).toMatchObject({
      note: { status: 'signed', addenda: [{ text: 'Phoned on Friday.' }] },
    })
  })

  test('malformed forms are 400s, never 500s', async () => {
    const { session, noteId } = await startedNote()
    const malformed: Record<string, string>[] = [
      { intent: 'save', noteId, version: 'abc' },
      { intent: 'save', noteId, version: '1', riskLevel: 'extreme' },
      { intent: 'start', template: 'sonnet' },
      { intent: 'addendum', noteId, text: '' },
      { intent: 'entered-in-error', noteId, reason: '' },
      { intent: 'nonsense' },
    ]
    for (const fields of malformed) {
      expect((await post(session.id, DANIEL, fields)).status, JSON.stringify(fields)).toBe(400)
    }
  })
})

describe('someone else’s session', () => {
  test('another psychologist gets 404 for the page and every form, and nothing is written', async () => {
    const { session, noteId } = await startedNote()
    expect((await open(session.id, 'hannah.kowalski@haven.test')).status).toBe(404)
    const versionBefore = (await db.clinicalNote.findUniqueOrThrow({ where: { id: noteId } })).version
    expect(
      (await post(session.id, 'hannah.kowalski@haven.test', { intent: 'save', ...draft(noteId, 1) })).status,
    ).toBe(404)
    expect((await db.clinicalNote.findUniqueOrThrow({ where: { id: noteId } })).version).toBe(versionBefore)
  })

  test('a note is written only through its own session’s page: another’s note id is a 409 and nothing changes', async () => {
    const { noteId } = await startedNote()
    const mine = await demo.session()
    expect((await post(mine.id, DANIEL, { intent: 'save', ...draft(noteId, 1) })).status).toBe(409)
    const hannahSession = await demo.session({
      psychologistId: demo.otherPsychologistId,
      patientId: demo.otherPatientId,
    })
    expect(
      (await post(hannahSession.id, 'hannah.kowalski@haven.test', { intent: 'start', template: 'free' }))
        .status,
    ).toBe(302)
    const theirs = await db.clinicalNote.findFirstOrThrow({ where: { appointmentId: hannahSession.id } })
    expect((await post(mine.id, DANIEL, { intent: 'addendum', noteId: theirs.id, text: 'x' })).status).toBe(
      409,
    )
    expect((await db.clinicalNote.findUniqueOrThrow({ where: { id: theirs.id } })).version).toBe(1)
    expect((await db.clinicalNote.findUniqueOrThrow({ where: { id: noteId } })).version).toBe(1)
  })

  test('a manager is refused the page', async () => {
    const { session } = await startedNote()
    expect((await open(session.id, 'manager@haven.test')).status).toBe(403)
  })
})

describe('the way to the note', () => {
  test('the appointment page tells its psychologist whether the note is written, and the manager nothing', async () => {
    const session = await demo.session()
    const path = `/clinician/appointments/${session.id}/note`
    expect((await loadStaffAppointment(session.id, { psychologistId: demo.psychologistId })).note).toEqual({
      state: 'none',
      path,
    })
    await post(session.id, DANIEL, { intent: 'start', template: 'dap' })
    expect((await loadStaffAppointment(session.id, { psychologistId: demo.psychologistId })).note).toEqual({
      state: 'draft',
      path,
    })
    expect((await loadStaffAppointment(session.id, {})).note).toBeNull()
  })
})
