// What the patient sees of a shared session summary, through the portal's routes: nothing until it
// is shared, then the notes page, its worksheets as downloads, a link on the session and a mention
// on the dashboard until read. Another patient's session is not found.
import { beforeAll, describe, expect, it } from 'vitest'
import { accessFrom } from '~/domain/audit/audit.server.ts'
import { type SessionUser } from '~/domain/identity/session.server.ts'
import { writeSummary } from '~/domain/records/summaries.server.ts'
import { db } from '~/utils/db.server.ts'
import { recordsDemo, sessionUserFor } from '../../../tests/setup/records.ts'
import {
  loadPage,
  routeRequest,
  signedInCookie,
  standInsForThisFile,
} from '../../../tests/setup/route-calls.ts'
import { loader as appointmentsLoader } from './appointments.tsx'
import { loader as worksheetLoader } from './appointments_.$appointmentId.summary_.worksheets.$worksheetId.ts'
import { loader } from './appointments_.$appointmentId.summary.tsx'
import { loader as dashboardLoader } from './index.tsx'

type Person = { id: string; cookie: string }
let demo: Awaited<ReturnType<typeof recordsDemo>>
let psychologist: SessionUser
let patient: Person
let otherPatient: Person

standInsForThisFile()

beforeAll(async () => {
  demo = await recordsDemo()
  psychologist = await sessionUserFor(demo.psychologistId)
  patient = { id: demo.patientId, cookie: await signedInCookie(demo.patientId) }
  otherPatient = { id: demo.otherPatientId, cookie: await signedInCookie(demo.otherPatientId) }
})

const pdf = new TextEncoder().encode('%PDF-1.7\n%%EOF\n')
const path = (appointmentId: string) => `/patient/appointments/${appointmentId}/summary`

async function sharedSession({ share = true } = {}) {
  const { id } = await demo.session()
  await writeSummary({
    intent: share ? 'share' : 'save',
    appointmentId: id,
    user: psychologist,
    version: 0,
    patientId: patient.id,
    content: { covered: 'Sleep.\nAnd the worry loop.', practise: '<b>Breathe</b>', resources: '' },
    worksheet: { name: 'Sleep diary.pdf', bytes: pdf },
    access: accessFrom(routeRequest(`/clinician/appointments/${id}/summary`)),
  })
  const worksheet = await db.storedFile.findFirstOrThrow({ where: { summary: { appointmentId: id } } })
  return { appointmentId: id, worksheetId: worksheet.id }
}

const notesPage = (appointmentId: string, who: Person = patient) =>
  loadPage(loader, { path: path(appointmentId), cookie: who.cookie, params: { appointmentId } })

const download = (appointmentId: string, worksheetId: string, who: Person = patient) =>
  loadPage(worksheetLoader, {
    path: `${path(appointmentId)}/worksheets/${worksheetId}`,
    cookie: who.cookie,
    params: { appointmentId, worksheetId },
  })

describe('the notes page', () => {
  it('shows what was shared, exactly as written, and records that the patient read it', async () => {
    const { appointmentId } = await sharedSession()
    const page = await notesPage(appointmentId)
    expect(page.status).toBe(200)
    expect(page.body).toMatchObject({
      psychologist: psychologist.name,
      summary: {
        content: { covered: 'Sleep.\nAnd the worry loop.', practise: '<b>Breathe</b>', resources: '' },
        updatedAt: null,
        worksheets: [{ fileName: 'Sleep diary.pdf', mimeType: 'application/pdf' }],
      },
    })
    const read = await db.auditEvent.findFirstOrThrow({
      where: { action: 'summary.read', actorId: patient.id, patientId: patient.id },
      orderBy: { at: 'desc' },
    })
    expect(read.path).toBe(path(appointmentId))
  })

  it('says nothing is shared yet while the summary is a draft', async () => {
    const { appointmentId } = await sharedSession({ share: false })
    const page = await notesPage(appointmentId)
    expect(page.status).toBe(200)
    expect(page.body).toMatchObject({ appointmentId, summary: null })
    expect(JSON.stringify(page.body)).not.toContain('worry loop')
  })

  it("is not found for another patient's session", async () => {
    const { appointmentId } = await sharedSession()
    const page = await notesPage(appointmentId, otherPatient)
    expect(page.status).toBe(404)
    expect(String(page.body)).not.toContain('worry loop')
  })
})

describe('a worksheet', () => {
  it('downloads as an attachment that is never stored, only once shared and only for its patient', async () => {
    const draft = await sharedSession({ share: false })
    expect((await download(draft.appointmentId, draft.worksheetId)).status).toBe(404)

    const { appointmentId, worksheetId } = await sharedSession()
    const file = await download(appointmentId, worksheetId)
    expect(file.status).toBe(200)
    expect(file.headers.get('Content-Disposition')).toMatch(/^attachment; filename="Sleep diary.pdf"/)
    expect(file.headers.get('Cache-Control')).toBe('private, no-store')
    expect(file.headers.get('X-Content-Type-Options')).toBe('nosniff')
    expect((await download(appointmentId, worksheetId, otherPatient)).status).toBe(404)
    // A worksheet named under another of the patient's sessions is not found either.
    expect((await download(draft.appointmentId, worksheetId)).status).toBe(404)
  })
})

describe('the portal', () => {
  it('links the session to its notes, and the dashboard mentions them until they are read', async () => {
    const { appointmentId } = await sharedSession()
    const dashboard = async () =>
      (await loadPage(dashboardLoader, { path: '/patient', cookie: patient.cookie })).body as {
        newSummaries: { appointmentId: string; psychologist: string }[]
      }
    expect((await dashboard()).newSummaries).toContainEqual(
      expect.objectContaining({ appointmentId, psychologist: psychologist.name }),
    )
    const appointments = await loadPage(appointmentsLoader, {
      path: '/patient/appointments',
      cookie: patient.cookie,
    })
    expect(appointments.body).toMatchObject({
      past: expect.arrayContaining([expect.objectContaining({ id: appointmentId })]),
      summaries: { [appointmentId]: { isNew: true, psychologist: psychologist.name } },
    })

    await notesPage(appointmentId)
    expect((await dashboard()).newSummaries).not.toContainEqual(expect.objectContaining({ appointmentId }))
    const others = await loadPage(appointmentsLoader, {
      path: '/patient/appointments',
      cookie: otherPatient.cookie,
    })
    expect(others.body).toMatchObject({ summaries: {} })
  })
})
