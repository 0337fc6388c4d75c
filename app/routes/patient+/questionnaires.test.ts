// The portal's questionnaires and the psychologist's outcome forms, through the routes as the
// browser calls them (forms posted as with JavaScript off).
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import { databaseSnapshot } from '../../../tests/setup/database-snapshot.ts'
import { cookieFor, loadPage, postForm, standInsForThisFile } from '../../../tests/setup/route-calls.ts'
import {
  action as patientPageAction,
  loader as patientPageLoader,
} from '../clinician+/patients.$patientId.tsx'
import { action, loader } from './questionnaires.$assignmentId.tsx'
import { loader as listLoader } from './questionnaires._index.tsx'

// Charlotte Singh (patient3) is Hannah Kowalski's patient; Daniel Tran is not on her care team.
const PATIENT = 'patient3@haven.test'
const PSYCHOLOGIST = 'hannah.kowalski@haven.test'
let patientId: string
let assignmentId: string

standInsForThisFile()

beforeAll(async () => {
  await seedDemoPractice(db)
  patientId = (await db.user.findUniqueOrThrow({ where: { email: PATIENT } })).id
})

const clinicianPath = () => `/clinician/patients/${patientId}`
const asPsychologist = async (fields: Record<string, string>, email = PSYCHOLOGIST) =>
  postForm(patientPageAction, {
    path: clinicianPath(),
    params: { patientId },
    cookie: await cookieFor(email),
    fields,
  })
const submit = async (fields: Record<string, string>, { email = PATIENT, id = assignmentId } = {}) =>
  postForm(action, {
    path: `/patient/questionnaires/${id}`,
    params: { assignmentId: id },
    cookie: await cookieFor(email),
    fields: { intent: 'submit', ...fields },
  })
const answers = (values: number[]) =>
  Object.fromEntries(values.map((value, index) => [`q${index + 1}`, String(value)]))

describe('the psychologist asks', () => {
  it('asks the patient to complete a PHQ-9 once, and says so', async () => {
    const answer = await asPsychologist({
      intent: 'assign-questionnaire',
      questionnaire: 'phq9',
      schedule: 'once',
    })
    expect(answer).toMatchObject({
      status: 302,
      location: clinicianPath(),
      notice: { message: 'The patient is asked to complete the PHQ-9.' },
    })
    const assignment = await db.questionnaireAssignment.findFirstOrThrow({
      where: { patientId, active: true },
    })
    assignmentId = assignment.id
    expect(
      await db.auditEvent.findFirst({ where: { action: 'questionnaire.assigned', entityId: assignmentId } }),
    ).toMatchObject({ patientId, path: clinicianPath() })
  })

  it('refuses the same questionnaire again beside its field, and a form that is not understood', async () => {
    const before = await databaseSnapshot()
    expect(
      await asPsychologist({
        intent: 'assign-questionnaire',
        questionnaire: 'phq9',
        schedule: 'before_each_session',
      }),
    ).toMatchObject({
      status: 409,
      body: {
        result: {
          error: {
            questionnaire: [
              'This patient is already asked to complete the PHQ-9. Stop that first to ask differently.',
            ],
          },
        },
      },
    })
    expect(
      await asPsychologist({ intent: 'assign-questionnaire', questionnaire: 'mmse', schedule: 'once' }),
    ).toMatchObject({
      status: 400,
      body: { result: { error: { questionnaire: ['Choose a questionnaire'] } } },
    })
    expect(await databaseSnapshot()).toEqual(before)
  })

  it("answers another psychologist's request as if the patient were not there", async () => {
    const before = await databaseSnapshot()
    const answer = await asPsychologist(
      { intent: 'stop-questionnaire', assignmentId: 'anything' },
      'daniel.tran@haven.test',
    )
    expect(answer.status).toBe(404)
    expect(await databaseSnapshot()).toEqual(before)
  })
})

describe('the patient completes it', () => {
  it('lists it as due, and opens its form named for the questionnaire', async () => {
    const list = await loadPage(listLoader, {
      path: '/patient/questionnaires',
      cookie: await cookieFor(PATIENT),
    })
    expect(list.body).toMatchObject({ due: [{ assignmentId, name: 'PHQ-9', key: 'once', session: null }] })
    const page = await loadPage(loader, {
      path: `/patient/questionnaires/${assignmentId}`,
      params: { assignmentId },
      cookie: await cookieFor(PATIENT),
    })
    expect(page).toMatchObject({
      status: 200,
      body: { questionnaire: { name: 'PHQ-9' }, due: { key: 'once' }, lastCompletedAt: null },
    })
  })

  it('keeps another patient out: their page and their form are not found, and nothing is saved', async () => {
    const before = await databaseSnapshot()
    const other = 'patient2@haven.test'
    const page = await loadPage(loader, {
      path: `/patient/questionnaires/${assignmentId}`,
      params: { assignmentId },
      cookie: await cookieFor(other),
    })
    expect(page.status).toBe(404)
    expect(
      (await submit({ occasion: 'once', ...answers([0, 0, 0, 0, 0, 0, 0, 0, 0]) }, { email: other })).status,
    ).toBe(404)
    expect(await databaseSnapshot()).toEqual(before)
  })

  it('asks for an answer to every question, naming each one missing or off the scale, and saves nothing', async () => {
    const before = await databaseSnapshot()
    const { q3: _q3, q7: _q7, ...missingTwo } = answers([1, 1, 1, 1, 1, 1, 1, 1, 1])
    const answer = await submit({ occasion: 'once', ...missingTwo, q5: '4' })
    expect(answer).toMatchObject({
      status: 400,
      body: {
        result: {
          error: {
            q3: ['Choose an answer for this question'],
            q5: ['Choose an answer for this question'],
            q7: ['Choose an answer for this question'],
          },
        },
      },
    })
    // The answers given come back, so the page shows them chosen.
    expect(
      (answer.body as { result: { initialValue: Record<string, string> } }).result.initialValue,
    ).toMatchObject({
      q1: '1',
      q9: '1',
    })
    expect((await submit({ ...answers([0, 0, 0, 0, 0, 0, 0, 0, 0]) })).status).toBe(400)
    expect(await databaseSnapshot()).toEqual(before)
  })

  it('saves, scores and flags item 9, then thanks the patient with crisis support; a second send saves nothing', async () => {
    const sent = await submit({ occasion: 'once', ...answers([1, 1, 1, 1, 1, 1, 1, 1, 2]) })
    expect(sent).toMatchObject({
      status: 302,
      location: '/patient/questionnaires?support=1',
      notice: {
        message: 'Thank you. Your answers are with your psychologist, who will go through them with you.',
      },
    })
    expect(await db.questionnaireResponse.findFirstOrThrow({ where: { assignmentId } })).toMatchObject({
      total: 10,
      bands: ['moderate'],
    })
    expect(
      await db.riskFlag.count({ where: { patientId, reason: 'phq9_item9', acknowledgedAt: null } }),
    ).toBe(1)
    const list = await loadPage(listLoader, {
      path: '/patient/questionnaires?support=1',
      cookie: await cookieFor(PATIENT),
    })
    expect(list.body).toMatchObject({ due: [], riskFlagged: true, completed: [{ name: 'PHQ-9' }] })

    const again = await submit({ occasion: 'once', ...answers([0, 0, 0, 0, 0, 0, 0, 0, 0]) })
    expect(again).toMatchObject({
      status: 302,
      location: '/patient/questionnaires',
      notice: { message: 'We already have these answers. Thank you.' },
    })
    expect(await db.questionnaireResponse.count({ where: { assignmentId } })).toBe(1)
    const page = await loadPage(loader, {
      path: `/patient/questionnaires/${assignmentId}`,
      params: { assignmentId },
      cookie: await cookieFor(PATIENT),
    })
    expect(page.body).toMatchObject({ due: null, lastCompletedAt: expect.any(String) })
  })
})

describe('the psychologist reads the results', () => {
  it('charts them on the patient page, the intake K10 too, and audits the read with where from', async () => {
    const page = await loadPage(patientPageLoader, {
      path: clinicianPath(),
      params: { patientId },
      cookie: await cookieFor(PSYCHOLOGIST),
    })
    expect(page.status).toBe(200)
    const { outcomes } = page.body as { outcomes: { series: { questionnaire: string; points: unknown[] }[] } }
    expect(outcomes.series.map((series) => series.questionnaire)).toEqual(['phq9', 'k10'])
    expect(outcomes.series[0]!.points).toEqual([
      expect.objectContaining({ total: 10, source: 'portal', watchedItems: [{ item: 9, value: 2 }] }),
    ])
    expect(outcomes.series[1]!.points[0]).toMatchObject({ source: 'intake' })
    const read = await db.auditEvent.findFirstOrThrow({
      where: { action: 'questionnaire.results_read', patientId },
      orderBy: { at: 'desc' },
    })
    expect(read).toMatchObject({ path: clinicianPath(), actorId: expect.any(String) })
  })
})
