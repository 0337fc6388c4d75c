// What staff see of a patient's messages: an appointment page lists the messages about it (the
// psychologist's own sessions only), and a patient's record says when they replied STOP.
import { beforeAll, describe, expect, it } from 'vitest'
import { type LoaderFunction } from '@remix-run/node'
import { loader as clinicianAppointment } from '~/routes/clinician+/appointments.$appointmentId.tsx'
import { loader as clinicianPatient } from '~/routes/clinician+/patients.$patientId.tsx'
import { loader as managerAppointment } from '~/routes/manager+/appointments.$appointmentId.tsx'
import { loader as managerPatient } from '~/routes/manager+/patients.$patientId.tsx'
import { db } from '~/utils/db.server.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import { cookieFor, loadPage } from '../../../tests/setup/route-calls.ts'

let appointment: { id: string; patientId: string; psychologist: { email: string } }
let otherPsychologist: string

beforeAll(async () => {
  await seedDemoPractice(db)
  appointment = await db.appointment.findFirstOrThrow({
    where: { patient: { email: 'patient1@haven.test' } },
    select: { id: true, patientId: true, psychologist: { select: { email: true } } },
  })
  otherPsychologist = (
    await db.user.findFirstOrThrow({
      where: { psychologist: { isNot: null }, email: { not: appointment.psychologist.email } },
    })
  ).email
  await db.message.create({
    data: {
      channel: 'sms',
      template: 'appointment-reminder',
      toAddress: '+61412000101',
      userId: appointment.patientId,
      appointmentId: appointment.id,
      status: 'skipped',
      skipReason: 'The patient replied STOP',
      sendAt: new Date('2026-01-01T00:00:00Z'),
    },
  })
})

describe('the appointment page', () => {
  it('lists its messages for the psychologist whose session it is, and for the manager', async () => {
    const path = `/x/appointments/${appointment.id}`
    const params = { appointmentId: appointment.id }
    const expected = {
      status: 200,
      body: {
        messages: [
          {
            channel: 'sms',
            label: 'Reminder',
            recipient: 'patient',
            status: 'skipped',
            skipReason: 'The patient replied STOP',
          },
        ],
      },
    }
    const own = await cookieFor(appointment.psychologist.email)
    expect(await loadPage(clinicianAppointment, { path, params, cookie: own })).toMatchObject(expected)
    const manager = await cookieFor('manager@haven.test')
    expect(await loadPage(managerAppointment, { path, params, cookie: manager })).toMatchObject(expected)
    const other = await cookieFor(otherPsychologist)
    expect(await loadPage(clinicianAppointment, { path, params, cookie: other })).toMatchObject({
      status: 404,
    })
  })
})

describe("a patient's record", () => {
  it('says when the patient stopped texts', async () => {
    const params = { patientId: appointment.patientId }
    const mobileRows = async (cookie: string, loader: LoaderFunction) => {
      const answer = await loadPage(loader, { path: '/x', params, cookie })
      const { summary } = answer.body as {
        summary: { sections: { rows: { label: string; value: string }[] }[] }
      }
      return summary.sections[0]!.rows.filter((row) => ['Mobile', 'Texts'].includes(row.label))
    }
    const manager = await cookieFor('manager@haven.test')
    expect(await mobileRows(manager, managerPatient)).toHaveLength(1)

    await db.patientProfile.update({
      where: { userId: appointment.patientId },
      data: { smsOptedOutAt: new Date('2026-03-02T23:30:00Z') },
    })
    const texts = { label: 'Texts', value: 'Texts stopped by the patient (STOP) on 3 March 2026' }
    expect((await mobileRows(manager, managerPatient))[1]).toEqual(texts)
    const psychologist = await cookieFor(appointment.psychologist.email)
    expect((await mobileRows(psychologist, clinicianPatient))[1]).toEqual(texts)
  })
})
