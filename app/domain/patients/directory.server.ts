import { DomainError } from '~/domain/errors.ts'
import { type Prisma } from '~/generated/prisma/client.ts'
import { db, type Tx } from '~/utils/db.server.ts'
import { audit } from '../audit/audit.server.ts'
import { INTAKE_STEPS } from './intake.ts'

export type IntakeStatus = 'not_started' | 'in_progress' | 'submitted'

/**
 * Patients for a staff list: a manager's search across everyone, or a psychologist's own
 * patients. Flags are counted so follow-ups stand out; since that says who needs follow-up,
 * each list shown is audited with the patients on it.
 */
export async function listPatients(filter: {
  viewerId: string
  query?: string
  psychologistId?: string
  take?: number
}) {
  const query = filter.query?.trim()
  const where: Prisma.UserWhereInput = {
    roles: { some: { role: { name: 'patient' } } },
    ...(filter.psychologistId
      ? { patient: { careTeam: { some: { psychologistId: filter.psychologistId } } } }
      : {}),
    ...(query
      ? {
          OR: [
            { name: { contains: query, mode: 'insensitive' } },
            { email: { contains: query, mode: 'insensitive' } },
            { patient: { legalLastName: { contains: query, mode: 'insensitive' } } },
            { patient: { preferredName: { contains: query, mode: 'insensitive' } } },
          ],
        }
      : {}),
  }
  const patients = await db.user.findMany({
    where,
    orderBy: { name: 'asc' },
    take: filter.take ?? 100,
    select: {
      id: true,
      name: true,
      email: true,
      status: true,
      patient: {
        select: {
          intakeSteps: true,
          intakeSubmittedAt: true,
          _count: { select: { riskFlags: { where: { acknowledgedAt: null } } } },
        },
      },
    },
  })
  if (patients.length > 0) {
    await db.$transaction((tx) =>
      audit(tx, {
        actorId: filter.viewerId,
        action: 'patient.list_viewed',
        entity: 'patient',
        detail: { viewed: ['risk_flags'], patientIds: patients.map((patient) => patient.id) },
      }),
    )
  }
  return patients.map((patient) => ({
    id: patient.id,
    name: patient.name,
    email: patient.email,
    active: patient.status === 'active',
    intake: (patient.patient?.intakeSubmittedAt
      ? 'submitted'
      : patient.patient?.intakeSteps.length
        ? 'in_progress'
        : 'not_started') as IntakeStatus,
    stepsDone: patient.patient?.intakeSteps.length ?? 0,
    stepsTotal: INTAKE_STEPS.length,
    openFlags: patient.patient?._count.riskFlags ?? 0,
  }))
}

export function countOpenRiskFlags(psychologistId?: string) {
  return db.riskFlag.count({
    where: {
      acknowledgedAt: null,
      ...(psychologistId ? { patient: { careTeam: { some: { psychologistId } } } } : {}),
    },
  })
}

export async function careTeam(patientId: string) {
  const [assigned, psychologists] = await Promise.all([
    db.careAssignment.findMany({
      where: { patientId },
      select: { psychologist: { select: { id: true, name: true } } },
      orderBy: { assignedAt: 'asc' },
    }),
    db.user.findMany({
      where: { status: 'active', roles: { some: { role: { name: 'psychologist' } } } },
      select: { id: true, name: true },
      orderBy: { name: 'asc' },
    }),
  ])
  const assignedIds = new Set(assigned.map(({ psychologist }) => psychologist.id))
  return {
    assigned: assigned.map(({ psychologist }) => psychologist),
    available: psychologists.filter((psychologist) => !assignedIds.has(psychologist.id)),
  }
}

/** The person chosen for a care team is not an active psychologist (left, or never was). */
export class NotAPsychologistError extends DomainError {
  constructor() {
    super('refused', 'That psychologist is not available.', 'psychologistId')
  }
}

/**
 * Puts the psychologist on the patient's care team (making the patient's profile if need be),
 * within the caller's transaction. Insert-or-nothing rather than look-then-insert: two requests
 * adding the same person at once would otherwise both insert, and the loser's unique violation
 * would abort its whole transaction (a booking with it).
 */
export async function joinCareTeam(tx: Tx, patientId: string, psychologistId: string) {
  await tx.patientProfile.createMany({ data: [{ userId: patientId }], skipDuplicates: true })
  await tx.careAssignment.createMany({ data: [{ patientId, psychologistId }], skipDuplicates: true })
}

/** Puts a psychologist on a patient's care team: from then on they can see the record. */
export async function assignPsychologist(actorId: string, patientId: string, psychologistId: string) {
  return db.$transaction(async (tx) => {
    const psychologist = await tx.user.findFirst({
      where: { id: psychologistId, status: 'active', roles: { some: { role: { name: 'psychologist' } } } },
      select: { id: true },
    })
    if (!psychologist) throw new NotAPsychologistError()
    await joinCareTeam(tx, patientId, psychologistId)
    await audit(tx, {
      actorId,
      action: 'care_team.assigned',
      entity: 'patient',
      entityId: patientId,
      detail: { psychologistId },
    })
  })
}

export async function unassignPsychologist(actorId: string, patientId: string, psychologistId: string) {
  return db.$transaction(async (tx) => {
    const { count } = await tx.careAssignment.deleteMany({ where: { patientId, psychologistId } })
    if (count > 0) {
      await audit(tx, {
        actorId,
        action: 'care_team.unassigned',
        entity: 'patient',
        entityId: patientId,
        detail: { psychologistId },
      })
    }
  })
}
