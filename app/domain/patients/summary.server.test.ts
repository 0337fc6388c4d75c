// Staff reads of a patient's record are audited (who, which patient, what kind of information,
// never its values), and a manager sees only what running the practice needs.
import { beforeAll, describe, expect, it } from 'vitest'
import { loader as clinicianPatient } from '~/routes/clinician+/patients.$patientId.tsx'
import { loader as clinicianPatients } from '~/routes/clinician+/patients._index.tsx'
import { loader as managerPatient } from '~/routes/manager+/patients.$patientId.tsx'
import { loader as managerPatients } from '~/routes/manager+/patients._index.tsx'
import { loader as patientProfile } from '~/routes/patient+/profile.tsx'
import { db } from '~/utils/db.server.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import { routeRequest, signedInCookie } from '../../../tests/setup/route-calls.ts'
import { RISK_QUESTION } from './intake.ts'

// patient2 in the demo intakes: flagged (a yes to the safety question and a very high K10).
const MEDICARE = '3456789081'
const REASON = 'Low mood since losing my job; finding it hard to get out of bed.'
const HEALTH_VALUES = [
  MEDICARE,
  '3456 78908 1',
  REASON,
  RISK_QUESTION,
  'Very high K10 score',
  'Said yes to the safety question',
]

let patientId: string
const cookies: Record<'psychologist' | 'otherPsychologist' | 'manager' | 'patient', string> = {
  psychologist: '',
  otherPsychologist: '',
  manager: '',
  patient: '',
}
const ids: Record<keyof typeof cookies, string> = {
  psychologist: '',
  otherPsychologist: '',
  manager: '',
  patient: '',
}

beforeAll(async () => {
  await seedDemoPractice(db)
  const emails = {
    psychologist: 'dr.james.okafor@haven.test',
    otherPsychologist: 'daniel.tran@haven.test',
    manager: 'manager@haven.test',
    patient: 'patient2@haven.test',
  }
  for (const [who, email] of Object.entries(emails) as [keyof typeof emails, string][]) {
    const user = await db.user.findUniqueOrThrow({ where: { email } })
    ids[who] = user.id
    cookies[who] = await signedInCookie(user.id)
  }
  patientId = ids.patient
})

const args = (who: keyof typeof cookies, path: string, params: Record<string, string> = {}) => ({
  request: routeRequest(path, cookies[who]),
  params,
  context: { cspNonce: 'test-nonce' },
})

/** The audit events a load wrote. */
async function auditedBy<T>(load: () => Promise<T>) {
  const before = new Date()
  const data = await load()
  const events = await db.auditEvent.findMany({
    where: { at: { gte: before }, action: { startsWith: 'patient.' } },
    select: { actorId: true, action: true, entity: true, entityId: true, detail: true },
  })
  return { data, events }
}

function expectNoHealthValues(value: unknown) {
  const text = JSON.stringify(value)
  for (const health of HEALTH_VALUES) expect(text).not.toContain(health)
}

describe('a staff view of a patient record', () => {
  it('writes one audit event per psychologist view, naming what was seen, not its values', async () => {
    for (const path of [`/clinician/patients/${patientId}`, `/clinician/patients/${patientId}.data`]) {
      const { data, events } = await auditedBy(() =>
        clinicianPatient(args('psychologist', path, { patientId })),
      )
      // The psychologist still sees the whole record…
      expect(JSON.stringify(data)).toContain(REASON)
      expect(data.summary.k10?.length).toBeGreaterThan(0)
      // …and the view is on record, once.
      expect(events).toEqual([
        {
          actorId: ids.psychologist,
          action: 'patient.record_viewed',
          entity: 'patient',
          entityId: patientId,
          detail: {
            viewed: [
              'contact_details',
              'medicare_card',
              'referral',
              'reason_for_visit',
              'risk_answer',
              'preferences',
              'k10_scores',
              'risk_flags',
              'access_history',
            ],
          },
        },
      ])
      expectNoHealthValues(events)
    }
  })

  it('answers a psychologist not on the care team as if the patient did not exist, and audits nothing', async () => {
    const { data: thrown, events } = await auditedBy(() =>
      clinicianPatient(args('otherPsychologist', `/clinician/patients/${patientId}`, { patientId })).catch(
        (error: unknown) => error,
      ),
    )
    expect(thrown).toBeInstanceOf(Response)
    expect((thrown as Response).status).toBe(404)
    expect(await (thrown as Response).text()).toBe('We could not find that patient.')
    expect(events).toEqual([])
  })

  it('writes one audit event per manager view, and shows a manager no clinical detail', async () => {
    const { data, events } = await auditedBy(() =>
      managerPatient(args('manager', `/manager/patients/${patientId}`, { patientId })),
    )
    expect(events).toEqual([
      {
        actorId: ids.manager,
        action: 'patient.record_viewed',
        entity: 'patient',
        entityId: patientId,
        detail: {
          viewed: [
            'contact_details',
            'medicare_card_masked',
            'referral',
            'preferences',
            'risk_flags',
            'access_history',
          ],
        },
      },
    ])
    expectNoHealthValues(events)

    // No full Medicare number, K10 scores, safety answer or reason: a masked card and the flags.
    expectNoHealthValues(data)
    expect(data.summary.k10).toBeNull()
    const medicare = data.summary.sections
      .flatMap((section) => section.rows)
      .find((row) => row.label === 'Medicare card')
    expect(medicare?.value).toMatch(/^•••• ••••8 1, number 1 on the card/)
    expect(data.summary.flags.length).toBeGreaterThan(0)
    expect(new Set(data.summary.flags.map((flag) => flag.reason))).toEqual(new Set(['Needs follow-up']))
  })

  it('says who followed a flag up', async () => {
    const flag = await db.riskFlag.findFirstOrThrow({ where: { patientId } })
    await db.riskFlag.update({
      where: { id: flag.id },
      data: { acknowledgedAt: new Date(), acknowledgedById: ids.psychologist },
    })
    const { summary } = await managerPatient(args('manager', `/manager/patients/${patientId}`, { patientId }))
    expect(summary.flags.find((f) => f.id === flag.id)?.acknowledgedBy).toBe('Dr James Okafor')
  })

  it('audits each staff list of patients, which shows who is flagged', async () => {
    const manager = await auditedBy(() => managerPatients(args('manager', '/manager/patients?q=patient')))
    const psychologist = await auditedBy(() => clinicianPatients(args('psychologist', '/clinician/patients')))
    for (const [who, { data, events }] of [
      ['manager', manager],
      ['psychologist', psychologist],
    ] as const) {
      expect(data.patients.length).toBeGreaterThan(0)
      expect(events).toEqual([
        {
          actorId: ids[who],
          action: 'patient.list_viewed',
          entity: 'patient',
          entityId: null,
          detail: { viewed: ['risk_flags'], patientIds: data.patients.map((patient) => patient.id) },
        },
      ])
    }
  })

  it('does not audit a patient reading their own record as a staff view', async () => {
    const { data, events } = await auditedBy(() => patientProfile(args('patient', '/patient/profile')))
    expect(JSON.stringify(data)).toContain(REASON)
    expect(events).toEqual([])
  })
})
