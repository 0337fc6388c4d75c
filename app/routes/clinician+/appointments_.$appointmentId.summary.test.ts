// The summary editor's route as the browser calls it: the session's psychologist saves, attaches and
// shares (redirected back without JavaScript, answered with data with it); anyone else's session
// is not found and nothing is written.
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { recordsDemo } from '../../../tests/setup/records.ts'
import { loadPage, postForm, signedInCookie, standInsForThisFile } from '../../../tests/setup/route-calls.ts'
import { loader as worksheetLoader } from './appointments_.$appointmentId.summary_.worksheets.$worksheetId.ts'
import { action, loader } from './appointments_.$appointmentId.summary.tsx'

type Person = { id: string; cookie: string }
let demo: Awaited<ReturnType<typeof recordsDemo>>
let psychologist: Person
let otherPsychologist: Person
let manager: Person
let patientId: string

standInsForThisFile()

beforeAll(async () => {
  demo = await recordsDemo()
  const person = async (id: string) => ({ id, cookie: await signedInCookie(id) })
  psychologist = await person(demo.psychologistId)
  otherPsychologist = await person(demo.otherPsychologistId)
  manager = await person(demo.managerId)
  patientId = demo.patientId
})

const session = () => demo.session()
const path = (appointmentId: string) => `/clinician/appointments/${appointmentId}/summary`
const pdf = new TextEncoder().encode('%PDF-1.7\n%%EOF\n')

function post(appointmentId: string, fields: Record<string, string> | FormData, who: Person = psychologist) {
  return postForm(action, {
    path: path(appointmentId),
    cookie: who.cookie,
    params: { appointmentId },
    fields,
  })
}

const writing = (fields: Record<string, string> = {}) => ({
  intent: 'save',
  version: '0',
  patientId,
  covered: 'Sleep and the worry loop.',
  practise: 'Wind-down routine.',
  resources: '',
  ...fields,
})

describe('the editor page', () => {
  it("shows the session's psychologist the summary, and nobody else", async () => {
    const { id } = await session()
    const page = await loadPage(loader, {
      path: path(id),
      cookie: psychologist.cookie,
      params: { appointmentId: id },
    })
    expect(page.status).toBe(200)
    expect(page.body).toMatchObject({ appointmentId: id, patientId, version: 0, notWritable: null })

    const other = await loadPage(loader, {
      path: path(id),
      cookie: otherPsychologist.cookie,
      params: { appointmentId: id },
    })
    expect(other.status).toBe(404)
    const managers = await loadPage(loader, {
      path: path(id),
      cookie: manager.cookie,
      params: { appointmentId: id },
    })
    expect(managers.status).toBe(403)
  })
})

describe('its forms', () => {
  it('save a draft and come back, without JavaScript, to the page they were sent from', async () => {
    const { id } = await session()
    const saved = await post(id, writing())
    expect(saved).toMatchObject({
      status: 302,
      location: path(id),
      notice: { message: 'Summary saved. The patient does not see it until you share it.' },
    })
    const fromNote = await post(id, writing({ version: '1', returnTo: `/clinician/appointments/${id}/note` }))
    expect(fromNote.location).toBe(`/clinician/appointments/${id}/note`)
    for (const elsewhere of ['/manager', `/clinician/appointments/${id}/../../x`, 'https://evil.example/']) {
      const version = String(
        (await db.sessionSummary.findUniqueOrThrow({ where: { appointmentId: id } })).version,
      )
      expect((await post(id, writing({ version, returnTo: elsewhere }))).location).toBe(path(id))
    }
  })

  it('answer with data (the page stays) when the editor sends them with JavaScript', async () => {
    const { id } = await session()
    const shared = await post(id, writing({ intent: 'share', stay: '1' }))
    expect(shared.status).toBe(200)
    expect(shared.body).toMatchObject({
      result: { status: 'success' },
      notice: 'Summary shared. The patient has been emailed that it is in their portal.',
    })
    const correction = await post(id, writing({ intent: 'share', version: '1', stay: '1' }))
    expect(correction.body).toMatchObject({
      notice: 'Correction shared. The patient sees the summary marked as updated.',
    })
    expect(await db.message.count({ where: { appointmentId: id, template: 'summary-shared' } })).toBe(2)
  })

  it('refuse a stale form (409) and one for another patient (400), beside nothing written', async () => {
    const { id } = await session()
    await post(id, writing())
    const stale = await post(id, writing({ intent: 'share' }))
    expect(stale.status).toBe(409)
    expect(stale.body).toMatchObject({
      result: { error: { '': [expect.stringMatching(/has changed since the page was opened/)] } },
    })
    const otherPatient = { id: demo.otherPatientId }
    const wrong = await post(id, writing({ intent: 'share', version: '1', patientId: otherPatient.id }))
    expect(wrong.status).toBe(400)
    expect(wrong.body).toMatchObject({
      result: { error: { '': [expect.stringMatching(/different patient than the page showed/)] } },
    })
    expect(await db.sessionSummary.findUniqueOrThrow({ where: { appointmentId: id } })).toMatchObject({
      version: 1,
      publishedAt: null,
    })
    expect(await db.message.count({ where: { appointmentId: id } })).toBe(0)
  })

  it("are not found for another psychologist's session, and write nothing", async () => {
    const { id } = await session()
    const answer = await post(id, writing({ intent: 'share' }), otherPsychologist)
    expect(answer.status).toBe(404)
    expect(await db.sessionSummary.count({ where: { appointmentId: id } })).toBe(0)
    expect(await db.message.count({ where: { appointmentId: id } })).toBe(0)
  })

  it('attach a worksheet, which its psychologist downloads and nobody else', async () => {
    const { id } = await session()
    const form = new FormData()
    for (const [name, value] of Object.entries(writing({ intent: 'attach' }))) form.set(name, value)
    form.set('worksheet', new File([pdf], 'Thought record.pdf', { type: 'application/pdf' }))
    expect(await post(id, form)).toMatchObject({
      status: 302,
      notice: { message: 'Worksheet attached. The patient does not see it until you share the summary.' },
    })
    const { worksheets } = (
      await loadPage(loader, { path: path(id), cookie: psychologist.cookie, params: { appointmentId: id } })
    ).body as { worksheets: { id: string; fileName: string }[] }
    expect(worksheets.map(({ fileName }) => fileName)).toEqual(['Thought record.pdf'])

    const download = (who: Person) =>
      loadPage(worksheetLoader, {
        path: `${path(id)}/worksheets/${worksheets[0]!.id}`,
        cookie: who.cookie,
        params: { appointmentId: id, worksheetId: worksheets[0]!.id },
      })
    const file = await download(psychologist)
    expect(file.status).toBe(200)
    expect(file.headers.get('Content-Disposition')).toMatch(/^attachment; filename="Thought record.pdf"/)
    expect(file.headers.get('Cache-Control')).toBe('private, no-store')
    expect(file.headers.get('Content-Type')).toBe('application/pdf')
    expect((await download(otherPsychologist)).status).toBe(404)

    const removed = await post(id, { intent: 'remove-worksheet', worksheetId: worksheets[0]!.id })
    expect(removed).toMatchObject({ status: 302, notice: { message: 'Worksheet removed.' } })
    expect(await db.storedFile.count({ where: { summary: { appointmentId: id } } })).toBe(0)
  })

  it('ask for a file to attach, and refuse one that is not a PDF or an image beside the picker', async () => {
    const { id } = await session()
    const none = await post(id, writing({ intent: 'attach' }))
    expect(none.status).toBe(400)
    expect(none.body).toMatchObject({ result: { error: { worksheet: ['Choose a worksheet to attach.'] } } })
    // What a browser sends for a file field left empty.
    const empty = new FormData()
    for (const [name, value] of Object.entries(writing({ intent: 'attach' }))) empty.set(name, value)
    empty.set('worksheet', new File([], '', { type: 'application/octet-stream' }))
    expect((await post(id, empty)).body).toMatchObject({
      result: { error: { worksheet: ['Choose a worksheet to attach.'] } },
    })

    const form = new FormData()
    for (const [name, value] of Object.entries(writing({ intent: 'attach' }))) form.set(name, value)
    form.set('worksheet', new File(['just text'], 'notes.pdf', { type: 'application/pdf' }))
    const wrongType = await post(id, form)
    expect(wrongType.status).toBe(400)
    expect(wrongType.body).toMatchObject({
      result: { error: { worksheet: [expect.stringMatching(/doesn't look like a PDF, JPEG or PNG/)] } },
    })
    expect(await db.sessionSummary.count({ where: { appointmentId: id } })).toBe(0)
  })
})
