import { parseWithZod } from '@conform-to/zod/v4'
import { describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { halaxyPushQueue } from '~/utils/queues.server.ts'
import { queuedJobs } from '../../../tests/setup/jobs.ts'
import {
  IntakeIncompleteError,
  getIntake,
  intakeProgress,
  markIntakeStepSaved,
  saveIntakeStep,
  submitIntake,
} from './intake.server.ts'
import { STEP_SCHEMAS } from './intake.ts'

let patients = 0
async function newPatient() {
  patients += 1
  return db.user.create({
    data: {
      email: `intake${patients}@example.com`,
      name: 'Ari Patient',
      roles: { create: { role: { connect: { name: 'patient' } } } },
    },
  })
}

/** Parses a form exactly as the intake route does, so Conform's handling of empty fields is covered too. */
function parse<Step extends keyof typeof STEP_SCHEMAS>(step: Step, fields: Record<string, string>) {
  const formData = new FormData()
  for (const [name, value] of Object.entries(fields)) formData.set(name, value)
  return parseWithZod(formData, { schema: STEP_SCHEMAS[step] })
}

function values<Step extends keyof typeof STEP_SCHEMAS>(step: Step, fields: Record<string, string>) {
  const submission = parse(step, fields)
  if (submission.status !== 'success') throw new Error(JSON.stringify(submission.error))
  return submission.value
}

const ABOUT = {
  legalFirstName: 'Ari',
  legalLastName: 'Patient',
  dateOfBirth: '1990-04-12',
  gender: 'woman',
  addressLine: '1 George St',
  suburb: 'Sydney',
  state: 'NSW',
  postcode: '2000',
  mobile: '0412 345 678',
}
const CONTACTS = {
  emergencyName: 'Sam Patient',
  emergencyRelationship: 'Partner',
  emergencyPhone: '(02) 9270 6400',
  gpPhone: '',
}
const MEDICARE = {
  hasMedicare: 'yes',
  medicareNumber: '2123 45670 1',
  medicareIrn: '2',
  medicareExpiry: '2030-05',
}
const REFERRAL = {
  referrerType: 'gp_mhtp',
  referrerName: 'Dr Priya Shah',
  referrerProviderNumber: '2123456a',
  referralDate: '2026-10-20',
  sessionsReferred: '6',
}
const NEEDS = {
  reasonForVisit: 'Trouble sleeping',
  riskThoughts: 'no',
  modalityPreference: 'telehealth',
  psychologistGenderPreference: 'no_preference',
  languages: 'English, Greek',
}
const k10 = (answer: number) =>
  Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`q${i + 1}`, String(answer)]))
const PDF = { name: 'letter.pdf', bytes: new TextEncoder().encode('%PDF-1.4\n%%EOF\n') }

describe('saving intake steps', () => {
  it('saves each step, records which fields changed without their values, and notes the change for Halaxy', async () => {
    const user = await newPatient()
    const save = (step: keyof typeof STEP_SCHEMAS, fields: Record<string, string>, extra = {}) =>
      saveIntakeStep({
        userId: user.id,
        actorId: user.id,
        step,
        values: values(step, fields) as never,
        source: 'intake',
        ...extra,
      })

    expect(await save('about', ABOUT)).toEqual({ crisis: false, nextStep: 'contacts' })
    await save('contacts', CONTACTS)
    await save('medicare', MEDICARE)
    await save('referral', REFERRAL, { letter: PDF })
    await save('needs', NEEDS)
    await save('k10', k10(2))

    const { profile, referral, k10: latestK10 } = await getIntake(user.id)
    expect(profile).toMatchObject({
      mobile: '+61412345678',
      emergencyPhone: '+61292706400',
      gpPhone: '',
      medicareNumber: '2123456701',
      medicareIrn: 2,
      medicareExpiryMonth: 5,
      medicareExpiryYear: 2030,
      referrerType: 'gp_mhtp',
      riskThoughts: false,
      languages: ['English', 'Greek'],
      intakeSteps: ['about', 'contacts', 'medicare', 'referral', 'needs', 'k10'],
    })
    expect(profile.dateOfBirth?.toISOString().slice(0, 10)).toBe('1990-04-12')
    expect(referral).toMatchObject({ referrerProviderNumber: '2123456A', sessionsReferred: 6, hasMhtp: true })
    expect(referral?.letter?.fileName).toBe('letter.pdf')
    expect(latestK10).toMatchObject({ score: 20, band: 'moderate' })

    const events = await db.auditEvent.findMany({
      where: { entityId: user.id, action: 'patient.intake_step_saved' },
    })
    expect(events).toHaveLength(6)
    expect(events[0]?.detail).toMatchObject({
      step: 'about',
      fields: expect.arrayContaining(['legalFirstName', 'mobile']),
    })
    const auditText = JSON.stringify(events)
    for (const secret of ['2123456701', 'Trouble sleeping', '+61412345678', '1990'])
      expect(auditText).not.toContain(secret)

    // One waiting job per patient, however many steps were saved.
    const jobs = await queuedJobs(halaxyPushQueue.name)
    expect(jobs.filter((job) => job.data.havenId === user.id)).toEqual([
      expect.objectContaining({ data: { entity: 'patient', havenId: user.id } }),
    ])
    expect(
      await db.halaxyLink.findUnique({ where: { entity_havenId: { entity: 'patient', havenId: user.id } } }),
    ).toMatchObject({ state: 'pending' })
  })

  it('refuses bad input with a message on the field and saves nothing', async () => {
    const invalid = [
      parse('about', { ...ABOUT, dateOfBirth: '2999-01-01' }),
      parse('about', { ...ABOUT, mobile: '02 9270 6400' }),
      parse('medicare', { ...MEDICARE, medicareNumber: '2123 45671 1' }),
      parse('medicare', { ...MEDICARE, medicareIrn: '0' }),
      parse('medicare', { ...MEDICARE, medicareExpiry: '2020-01' }),
      parse('referral', { ...REFERRAL, sessionsReferred: '11' }),
      parse('needs', { ...NEEDS, riskThoughts: '' }),
      parse('k10', { ...k10(3), q7: '6' }),
    ]
    const fields = invalid.map((submission) =>
      submission.status === 'success' ? [] : Object.keys(submission.error ?? {}),
    )
    expect(fields).toEqual([
      ['dateOfBirth'],
      ['mobile'],
      ['medicareNumber'],
      ['medicareIrn'],
      ['medicareExpiry'],
      ['sessionsReferred'],
      ['riskThoughts'],
      ['q7'],
    ])
  })

  it('accepts a patient without Medicare or a referral', async () => {
    const user = await newPatient()
    await saveIntakeStep({
      userId: user.id,
      actorId: user.id,
      step: 'medicare',
      values: values('medicare', { hasMedicare: 'no' }) as never,
      source: 'intake',
    })
    await saveIntakeStep({
      userId: user.id,
      actorId: user.id,
      step: 'referral',
      values: values('referral', { referrerType: 'none' }) as never,
      source: 'intake',
    })
    const { profile, referral } = await getIntake(user.id)
    expect(profile).toMatchObject({ medicareNumber: null, referrerType: 'none' })
    expect(referral).toBeNull()
  })

  it('flags a very high K10 or a risk answer once, and asks for crisis support', async () => {
    const user = await newPatient()
    const veryHigh = await saveIntakeStep({
      userId: user.id,
      actorId: user.id,
      step: 'k10',
      values: values('k10', k10(4)) as never,
      source: 'intake',
    })
    expect(veryHigh.crisis).toBe(true)
    await saveIntakeStep({
      userId: user.id,
      actorId: user.id,
      step: 'k10',
      values: values('k10', k10(5)) as never,
      source: 'intake',
    })
    const risk = await saveIntakeStep({
      userId: user.id,
      actorId: user.id,
      step: 'needs',
      values: values('needs', { ...NEEDS, riskThoughts: 'yes' }) as never,
      source: 'intake',
    })
    expect(risk.crisis).toBe(true)
    const flags = await db.riskFlag.findMany({ where: { patientId: user.id } })
    expect(flags.map((flag) => flag.reason).sort()).toEqual(['k10_very_high', 'risk_answer'])
    // Re-answering the intake K10 updates it rather than adding to the history.
    expect(await db.k10Response.count({ where: { patientId: user.id } })).toBe(1)
  })

  it('submits only a finished intake, and audits later corrections as profile updates', async () => {
    const user = await newPatient()
    await saveIntakeStep({
      userId: user.id,
      actorId: user.id,
      step: 'about',
      values: values('about', ABOUT) as never,
      source: 'intake',
    })
    await expect(submitIntake(user.id)).rejects.toBeInstanceOf(IntakeIncompleteError)
    for (const step of ['contacts', 'medicare', 'referral', 'needs', 'k10'] as const) {
      await db.$transaction((tx) => markIntakeStepSaved(tx, user.id, step))
    }
    await db.$transaction((tx) => markIntakeStepSaved(tx, user.id, 'consents'))
    await submitIntake(user.id)

    await saveIntakeStep({
      userId: user.id,
      actorId: user.id,
      step: 'about',
      values: values('about', { ...ABOUT, suburb: 'Newtown', postcode: '2042' }) as never,
      source: 'profile',
    })
    const update = await db.auditEvent.findFirstOrThrow({
      where: { entityId: user.id, action: 'patient.profile_updated' },
    })
    expect(update.detail).toEqual({ step: 'about', fields: ['suburb', 'postcode'] })
  })
})

describe('intake progress', () => {
  it('is read without creating a profile, and follows the saved steps', async () => {
    const user = await newPatient()
    expect(await intakeProgress(user.id)).toEqual({
      intakeSteps: [],
      submitted: false,
      preferredName: '',
      nextStep: 'about',
    })
    expect(await db.patientProfile.count({ where: { userId: user.id } })).toBe(0)
    await saveIntakeStep({
      userId: user.id,
      actorId: user.id,
      step: 'about',
      values: values('about', { ...ABOUT, preferredName: 'Ari' }) as never,
      source: 'intake',
    })
    expect(await intakeProgress(user.id)).toMatchObject({
      intakeSteps: ['about'],
      preferredName: 'Ari',
      nextStep: 'contacts',
    })
  })
})
