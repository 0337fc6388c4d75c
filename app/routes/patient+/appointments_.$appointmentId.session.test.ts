// The video session routes as the browser calls them: never cached, nobody else's, a clear
// refusal (409, no token) outside the window, and a 400 for a step the page does not have.
import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { slotPicker } from '../../../tests/setup/messages.ts'
import { loadPage, postForm, signedInCookie } from '../../../tests/setup/route-calls.ts'
import { bookSlot, offeredSlots, seedSchedulingDemo } from '../../../tests/setup/scheduling.ts'
import {
  action as psychologistAction,
  loader as psychologistLoader,
} from '../clinician+/appointments_.$appointmentId.session.tsx'
import { action, loader } from './appointments_.$appointmentId.session.tsx'

// The session is booked far enough ahead that "now" (the real clock, as the route reads it) is early.
const NOW = new Date()
let patient: string
let otherPatient: string
let psychologist: string
let appointmentId: string

beforeAll(async () => {
  const demo = await seedSchedulingDemo()
  const slot = slotPicker(await offeredSlots('daniel-tran', NOW), NOW).take('telehealth')
  const appointment = await bookSlot({
    patientId: demo.patientId,
    slug: 'daniel-tran',
    appointmentTypeId: demo.typeId,
    slot,
    now: NOW,
  })
  appointmentId = appointment.id
  await db.videoRoom.create({
    data: {
      appointmentId,
      uniqueName: `rm_${randomUUID()}`,
      status: 'ready',
      appointmentVersion: appointment.version,
      startsAt: appointment.startsAt,
      patientIdentity: `id_${randomUUID()}`,
      psychologistIdentity: `id_${randomUUID()}`,
    },
  })
  patient = await signedInCookie(demo.patientId)
  otherPatient = await signedInCookie(demo.otherPatientId)
  psychologist = await signedInCookie(appointment.psychologistId)
})

const path = () => `/patient/appointments/${appointmentId}/session`
const params = () => ({ appointmentId })

describe('the patient’s session page', () => {
  it('is never cached, and says when joining opens', async () => {
    const page = await loadPage(loader, { path: path(), cookie: patient, params: params() })
    expect(page.status).toBe(200)
    expect(page.headers.get('Cache-Control')).toBe('private, no-store')
    expect(page.body).toMatchObject({
      view: {
        role: 'patient',
        refusal: { reason: 'early' },
        otherPartyName: 'Daniel Tran',
        port: 'loopback',
      },
    })
  })

  it('is not found for another patient, whatever they post', async () => {
    expect((await loadPage(loader, { path: path(), cookie: otherPatient, params: params() })).status).toBe(
      404,
    )
    for (const fields of [{ intent: 'token' }, { intent: 'wait' }, { intent: 'leave' }])
      expect(
        (await postForm(action, { path: path(), cookie: otherPatient, params: params(), fields })).status,
      ).toBe(404)
  })

  it('refuses a token before the window opens, with the reason and no token', async () => {
    const answer = await postForm(action, {
      path: path(),
      cookie: patient,
      params: params(),
      fields: { intent: 'token' },
    })
    expect(answer.status).toBe(409)
    expect(answer.headers.get('Cache-Control')).toBe('private, no-store')
    expect(answer.body).toMatchObject({ ok: false, message: expect.stringMatching(/^You can join from /) })
    expect(answer.body).not.toHaveProperty('token')
  })

  it('answers 400 to a step the patient’s page does not have', async () => {
    for (const intent of ['admit', 'end', 'start', ''])
      expect(
        (await postForm(action, { path: path(), cookie: patient, params: params(), fields: { intent } }))
          .status,
      ).toBe(400)
  })
})

describe('the psychologist’s session page', () => {
  const clinicianPath = () => `/clinician/appointments/${appointmentId}/session`

  it('shows their own session, never cached', async () => {
    const page = await loadPage(psychologistLoader, {
      path: clinicianPath(),
      cookie: psychologist,
      params: params(),
    })
    expect(page.headers.get('Cache-Control')).toBe('private, no-store')
    expect(page.body).toMatchObject({
      view: { role: 'psychologist', otherPartyName: expect.stringMatching(/^\S+ \w\.$/) },
    })
  })

  it('is not the patient’s to use', async () => {
    expect(
      (await loadPage(psychologistLoader, { path: clinicianPath(), cookie: patient, params: params() }))
        .status,
    ).toBe(403)
    const answer = await postForm(psychologistAction, {
      path: clinicianPath(),
      cookie: patient,
      params: params(),
      fields: { intent: 'admit' },
    })
    expect(answer.status).toBe(403)
  })
})
