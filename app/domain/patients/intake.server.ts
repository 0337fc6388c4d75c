import { type z } from 'zod'
import { DomainError } from '~/domain/errors.ts'
import { type Prisma } from '~/generated/prisma/client.ts'
import { db, type Tx } from '~/utils/db.server.ts'
import { audit } from '../audit/audit.server.ts'
import { notePatientChanged } from './changes.server.ts'
import { storePatientFile } from './files.server.ts'
import {
  type aboutSchema,
  type contactsSchema,
  INTAKE_STEPS,
  type IntakeStepKey,
  type medicareSchema,
  type needsSchema,
  nextIncompleteStep,
  type referralSchema,
} from './intake.ts'
import {
  k10AnswersInOrder,
  k10Band,
  type K10Answers,
  type K10Context,
  needsCrisisSupport,
  scoreK10,
} from './k10.ts'
import { raiseRiskFlag } from './risk.server.ts'

type StepValues = {
  about: z.output<typeof aboutSchema>
  contacts: z.output<typeof contactsSchema>
  medicare: z.output<typeof medicareSchema>
  referral: z.output<typeof referralSchema>
  needs: z.output<typeof needsSchema>
  k10: K10Answers
}
export type DataStep = keyof StepValues

export type UploadedLetter = { name: string; bytes: Uint8Array }

/** The patient's profile, created empty the first time they open the intake. */
export function ensurePatientProfile(tx: Tx, userId: string) {
  return tx.patientProfile.upsert({ where: { userId }, create: { userId }, update: {} })
}

/** How far the intake has got, read without creating anything (pages only showing progress). */
export async function intakeProgress(userId: string) {
  const profile = await db.patientProfile.findUnique({
    where: { userId },
    select: { intakeSteps: true, intakeSubmittedAt: true, preferredName: true },
  })
  const intakeSteps = profile?.intakeSteps ?? []
  return {
    intakeSteps,
    submitted: profile?.intakeSubmittedAt != null,
    preferredName: profile?.preferredName ?? '',
    nextStep: nextIncompleteStep(intakeSteps),
  }
}

export async function getIntake(userId: string) {
  const profile = await db.$transaction((tx) => ensurePatientProfile(tx, userId))
  const [referral, k10] = await Promise.all([
    db.referral.findFirst({
      where: { patientId: userId },
      orderBy: { createdAt: 'desc' },
      include: { letter: { select: { id: true, fileName: true, sizeBytes: true } } },
    }),
    db.k10Response.findFirst({ where: { patientId: userId }, orderBy: { createdAt: 'desc' } }),
  ])
  return { profile, referral, k10, nextStep: nextIncompleteStep(profile.intakeSteps) }
}

function profileChanges(step: DataStep, values: StepValues[DataStep]): Prisma.PatientProfileUpdateInput {
  switch (step) {
    case 'about': {
      const about = values as StepValues['about']
      return { ...about, dateOfBirth: new Date(`${about.dateOfBirth}T00:00:00Z`) }
    }
    case 'contacts':
      return values as StepValues['contacts']
    case 'medicare': {
      const medicare = values as StepValues['medicare']
      const card =
        medicare.hasMedicare === 'yes'
          ? {
              medicareNumber: medicare.medicareNumber,
              medicareIrn: medicare.medicareIrn,
              medicareExpiryMonth: medicare.medicareExpiry.month,
              medicareExpiryYear: medicare.medicareExpiry.year,
            }
          : { medicareNumber: null, medicareIrn: null, medicareExpiryMonth: null, medicareExpiryYear: null }
      return { ...card, dvaNumber: medicare.dvaNumber, concessionNumber: medicare.concessionNumber }
    }
    case 'referral':
      return { referrerType: (values as StepValues['referral']).referrerType }
    case 'needs': {
      const needs = values as StepValues['needs']
      return { ...needs, riskThoughts: needs.riskThoughts === 'yes' }
    }
    case 'k10':
      return {}
  }
}

function sameValue(a: unknown, b: unknown) {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime()
  return JSON.stringify(a) === JSON.stringify(b)
}

/** Names of the fields whose values change: what the audit records (never the values). */
function changedFields(before: Record<string, unknown>, changes: Record<string, unknown>) {
  return Object.keys(changes).filter((key) => !sameValue(before[key], changes[key]))
}

async function saveReferral(
  tx: Tx,
  input: { patientId: string; actorId: string; referral: StepValues['referral']; letter?: UploadedLetter },
) {
  const { referral } = input
  if (referral.referrerType === 'none') return []
  const letterFileId = input.letter
    ? await storePatientFile(tx, {
        patientId: input.patientId,
        uploadedById: input.actorId,
        purpose: 'referral_letter',
        file: input.letter,
      })
    : undefined
  const data = {
    referrerType: referral.referrerType,
    referrerName: referral.referrerName,
    referrerProviderNumber: referral.referrerProviderNumber,
    referrerPractice: referral.referrerPractice,
    referralDate: new Date(`${referral.referralDate}T00:00:00Z`),
    sessionsReferred: referral.sessionsReferred,
    hasMhtp: referral.referrerType === 'gp_mhtp',
    ...(letterFileId ? { letterFileId } : {}),
  }
  // Until the intake is submitted the patient is still describing the same referral.
  const current = await tx.referral.findFirst({
    where: { patientId: input.patientId, patient: { intakeSubmittedAt: null } },
    orderBy: { createdAt: 'desc' },
  })
  if (current) {
    await tx.referral.update({ where: { id: current.id }, data })
  } else {
    await tx.referral.create({ data: { ...data, patientId: input.patientId } })
  }
  return letterFileId ? ['referralLetter'] : []
}

async function saveK10(tx: Tx, patientId: string, answers: K10Answers, submitted: boolean) {
  const ordered = k10AnswersInOrder(answers)
  const score = scoreK10(ordered)
  const context: K10Context = 'intake'
  const data = { answers: ordered, score, band: k10Band(score), context }
  const draft = submitted
    ? null
    : await tx.k10Response.findFirst({
        where: { patientId, context },
        orderBy: { createdAt: 'desc' },
      })
  if (draft) await tx.k10Response.update({ where: { id: draft.id }, data })
  else await tx.k10Response.create({ data: { ...data, patientId } })
  return score
}

type SaveStepResult = { crisis: boolean; nextStep: IntakeStepKey | 'review' }

/**
 * Saves one step of the intake (or a later correction from the profile), all or nothing:
 * the profile, any referral letter, K10 answers, safety flags, the audit of which fields
 * changed, and the record the Halaxy mirror acts on.
 */
export async function saveIntakeStep<Step extends DataStep>(input: {
  userId: string
  actorId: string
  step: Step
  values: StepValues[Step]
  letter?: UploadedLetter
  source: 'intake' | 'profile'
}): Promise<SaveStepResult> {
  const { userId, step, values } = input
  return db.$transaction(async (tx) => {
    const before = await ensurePatientProfile(tx, userId)
    const changes = profileChanges(step, values)
    const fields = changedFields(
      before as unknown as Record<string, unknown>,
      changes as Record<string, unknown>,
    )
    let crisis = false

    if (step === 'referral') {
      fields.push(
        ...(await saveReferral(tx, {
          patientId: userId,
          actorId: input.actorId,
          referral: values as StepValues['referral'],
          letter: input.letter,
        })),
      )
      if ((values as StepValues['referral']).referrerType !== 'none') fields.push('referral')
    }
    if (step === 'k10') {
      const score = await saveK10(tx, userId, values as K10Answers, before.intakeSubmittedAt !== null)
      fields.push('k10')
      if (needsCrisisSupport(score)) {
        crisis = true
        await raiseRiskFlag(tx, userId, 'k10_very_high')
      }
    }
    if (step === 'needs' && (values as StepValues['needs']).riskThoughts === 'yes') {
      crisis = true
      await raiseRiskFlag(tx, userId, 'risk_answer')
    }

    const intakeSteps = before.intakeSteps.includes(step) ? before.intakeSteps : [...before.intakeSteps, step]
    await tx.patientProfile.update({ where: { userId }, data: { ...changes, intakeSteps } })
    await audit(tx, {
      actorId: input.actorId,
      action: input.source === 'intake' ? 'patient.intake_step_saved' : 'patient.profile_updated',
      entity: 'patient',
      entityId: userId,
      detail: { step, fields: [...new Set(fields)] },
    })
    await notePatientChanged(tx, userId)
    return { crisis, nextStep: nextIncompleteStep(intakeSteps) ?? 'review' }
  })
}

/** Marks a step saved that holds no profile data of its own (the consents step). */
export function markIntakeStepSaved(tx: Tx, userId: string, step: IntakeStepKey) {
  return tx.$executeRaw`
    update "PatientProfile" set "intakeSteps" = array_append("intakeSteps", ${step}), "updatedAt" = now()
    where "userId" = ${userId} and not (${step} = any("intakeSteps"))`
}

/** Sent from a page that was out of date: the review page lists the steps still to do. */
export class IntakeIncompleteError extends DomainError {
  constructor(readonly missing: IntakeStepKey[]) {
    super('conflict', 'Some steps of the intake are not finished yet.')
  }
}

/** Submits the finished intake: from now on the practice treats it as the patient's record. */
export async function submitIntake(userId: string) {
  return db.$transaction(async (tx) => {
    const profile = await ensurePatientProfile(tx, userId)
    const missing = INTAKE_STEPS.map((step) => step.key).filter((key) => !profile.intakeSteps.includes(key))
    if (missing.length > 0) throw new IntakeIncompleteError(missing)
    if (profile.intakeSubmittedAt) return profile.intakeSubmittedAt
    const submittedAt = new Date()
    await tx.patientProfile.update({ where: { userId }, data: { intakeSubmittedAt: submittedAt } })
    await audit(tx, {
      actorId: userId,
      action: 'patient.intake_submitted',
      entity: 'patient',
      entityId: userId,
    })
    await notePatientChanged(tx, userId)
    return submittedAt
  })
}
