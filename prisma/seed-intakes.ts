// Demo intakes: six of the ten demo patients have finished theirs (the rest show a new
// patient's path), with K10 histories, one patient flagged for follow-up, and care teams.
import { type K10Context } from '../app/domain/patients/k10.ts'
import { type PrismaClient } from '../app/generated/prisma/client.ts'
import { demoReferenceInstant } from './seed-clock.ts'

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0]

type DemoIntake = {
  email: string
  psychologistEmail: string
  dateOfBirth: string
  gender: string
  suburb: string
  postcode: string
  mobile: string
  medicareNumber: string
  k10: number[][]
  reason: string
  riskThoughts: boolean
}

// Valid Medicare numbers: the 9th digit is the weighted check digit of the first eight.
const DEMO_INTAKES: DemoIntake[] = [
  {
    email: 'patient1@haven.test',
    psychologistEmail: 'dr.amelia.nguyen@haven.test',
    dateOfBirth: '1991-03-14',
    gender: 'woman',
    suburb: 'Newtown',
    postcode: '2042',
    mobile: '+61412000101',
    medicareNumber: '2123456701',
    k10: [
      [3, 3, 2, 3, 2, 2, 3, 3, 2, 2],
      [2, 2, 2, 2, 2, 1, 2, 2, 1, 1],
    ],
    reason: 'Anxiety before presentations at work, and trouble sleeping.',
    riskThoughts: false,
  },
  {
    email: 'patient2@haven.test',
    psychologistEmail: 'dr.james.okafor@haven.test',
    dateOfBirth: '1986-11-02',
    gender: 'man',
    suburb: 'Parramatta',
    postcode: '2150',
    mobile: '+61412000102',
    medicareNumber: '3456789081',
    k10: [[4, 4, 3, 4, 3, 3, 4, 4, 3, 3]],
    reason: 'Low mood since losing my job; finding it hard to get out of bed.',
    riskThoughts: true,
  },
  {
    email: 'patient3@haven.test',
    psychologistEmail: 'hannah.kowalski@haven.test',
    dateOfBirth: '1999-07-21',
    gender: 'non_binary',
    suburb: 'Marrickville',
    postcode: '2204',
    mobile: '+61412000103',
    medicareNumber: '4987654361',
    k10: [[2, 3, 2, 2, 3, 2, 2, 2, 2, 1]],
    reason: 'Stress at university and panic attacks on the train.',
    riskThoughts: false,
  },
  {
    email: 'patient4@haven.test',
    psychologistEmail: 'daniel.tran@haven.test',
    dateOfBirth: '1975-05-30',
    gender: 'man',
    suburb: 'Cabramatta',
    postcode: '2166',
    mobile: '+61412000104',
    medicareNumber: '5555666601',
    k10: [[2, 2, 1, 2, 1, 1, 2, 2, 2, 1]],
    reason: 'Grief after my father died last year.',
    riskThoughts: false,
  },
  {
    email: 'patient5@haven.test',
    psychologistEmail: 'dr.amelia.nguyen@haven.test',
    dateOfBirth: '1994-09-09',
    gender: 'woman',
    suburb: 'Bondi',
    postcode: '2026',
    mobile: '+61412000105',
    medicareNumber: '2468135761',
    k10: [[3, 2, 2, 2, 2, 2, 3, 3, 2, 2]],
    reason: 'Difficulties in my relationship and feeling on edge.',
    riskThoughts: false,
  },
  {
    email: 'patient6@haven.test',
    psychologistEmail: 'hannah.kowalski@haven.test',
    dateOfBirth: '2002-01-17',
    gender: 'man',
    suburb: 'Chatswood',
    postcode: '2067',
    mobile: '+61412000106',
    medicareNumber: '6013572461',
    k10: [[1, 2, 1, 1, 2, 1, 1, 2, 1, 1]],
    reason: 'I want help managing ADHD at work.',
    riskThoughts: false,
  },
]

const ALL_STEPS = ['about', 'contacts', 'medicare', 'referral', 'needs', 'k10', 'consents']
const band = (score: number) =>
  score >= 30 ? 'very_high' : score >= 22 ? 'high' : score >= 16 ? 'moderate' : 'low'
const DAY = 24 * 60 * 60 * 1000

export async function seedDemoIntakes(tx: Tx) {
  const policies = await tx.policy.findMany({ orderBy: { version: 'desc' }, distinct: ['kind'] })
  const clinic = await tx.location.findFirstOrThrow({ where: { kind: 'clinic' } })
  // Counted back from the same moment as the past sessions (seed-clock.ts), so each referral
  // is dated before the sessions it covers.
  const reference = demoReferenceInstant(clinic.timeZone).getTime()
  for (const [index, intake] of DEMO_INTAKES.entries()) {
    const user = await tx.user.findUniqueOrThrow({ where: { email: intake.email } })
    const psychologist = await tx.user.findUniqueOrThrow({ where: { email: intake.psychologistEmail } })
    const [first = '', ...rest] = user.name.split(' ')
    const submittedAt = new Date(reference - (60 - index * 7) * DAY)
    const fields = {
      legalFirstName: first,
      legalLastName: rest.join(' '),
      dateOfBirth: new Date(`${intake.dateOfBirth}T00:00:00Z`),
      gender: intake.gender,
      addressLine: `${10 + index * 7} Example Street`,
      suburb: intake.suburb,
      state: 'NSW',
      postcode: intake.postcode,
      mobile: intake.mobile,
      emergencyName: 'Alex Citizen',
      emergencyRelationship: 'Sibling',
      emergencyPhone: '+61298765432',
      gpName: 'Dr Priya Shah',
      gpPractice: 'Inner West Family Medical',
      gpPhone: '+61295551234',
      medicareNumber: intake.medicareNumber,
      medicareIrn: 1,
      medicareExpiryMonth: 6,
      medicareExpiryYear: 2030,
      referrerType: 'gp_mhtp' as const,
      reasonForVisit: intake.reason,
      riskThoughts: intake.riskThoughts,
      modalityPreference: index % 2 === 0 ? ('telehealth' as const) : ('either' as const),
      psychologistGenderPreference: 'no_preference',
      languages: intake.psychologistEmail.startsWith('daniel') ? ['English', 'Vietnamese'] : ['English'],
      intakeSteps: ALL_STEPS,
      intakeSubmittedAt: submittedAt,
    }
    await tx.patientProfile.upsert({
      where: { userId: user.id },
      create: { userId: user.id, ...fields },
      update: fields,
    })
    await tx.careAssignment.upsert({
      where: { patientId_psychologistId: { patientId: user.id, psychologistId: psychologist.id } },
      create: { patientId: user.id, psychologistId: psychologist.id },
      update: {},
    })
    if ((await tx.referral.count({ where: { patientId: user.id } })) === 0) {
      await tx.referral.create({
        data: {
          patientId: user.id,
          referrerType: 'gp_mhtp',
          referrerName: 'Dr Priya Shah',
          referrerProviderNumber: '2123456A',
          referrerPractice: 'Inner West Family Medical',
          referralDate: new Date(submittedAt.getTime() - 5 * DAY),
          sessionsReferred: 6,
          hasMhtp: true,
        },
      })
    }
    if ((await tx.k10Response.count({ where: { patientId: user.id } })) === 0) {
      for (const [taken, answers] of intake.k10.entries()) {
        const score = answers.reduce((sum, answer) => sum + answer, 0)
        await tx.k10Response.create({
          data: {
            patientId: user.id,
            answers,
            score,
            band: band(score),
            context: (taken === 0 ? 'intake' : 'review') satisfies K10Context,
            createdAt: new Date(submittedAt.getTime() + taken * 28 * DAY),
          },
        })
      }
    }
    if (intake.riskThoughts && (await tx.riskFlag.count({ where: { patientId: user.id } })) === 0) {
      await tx.riskFlag.create({ data: { patientId: user.id, reason: 'risk_answer', raisedAt: submittedAt } })
      await tx.riskFlag.create({
        data: { patientId: user.id, reason: 'k10_very_high', raisedAt: submittedAt },
      })
    }
    for (const policy of policies) {
      await tx.consentRecord.upsert({
        where: { userId_policyId: { userId: user.id, policyId: policy.id } },
        create: { userId: user.id, policyId: policy.id, accepted: true, decidedAt: submittedAt },
        update: {},
      })
    }
  }
}
