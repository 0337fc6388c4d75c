import { DomainError } from '~/domain/errors.ts'
import { Prisma } from '~/generated/prisma/client.ts'
import { db } from '~/utils/db.server.ts'
import { audit } from '../audit/audit.server.ts'
import { queueEmail } from '../notify/messages.server.ts'
import { type StaffInput } from './staff.ts'

const CONFLICT_MESSAGES = {
  email: 'Someone already has an account with this email',
  ahpraNumber: 'Another psychologist already has this AHPRA number',
  medicareProviderNumber: 'Another psychologist already has this Medicare provider number',
} as const

/** Someone already holds the email or registration number: the field says which. */
export class StaffConflictError extends DomainError {
  declare readonly field: keyof typeof CONFLICT_MESSAGES

  constructor(field: keyof typeof CONFLICT_MESSAGES) {
    super('conflict', CONFLICT_MESSAGES[field], field)
  }
}

/** A manager adds a colleague, who is emailed an invitation to choose their own password. */
export async function createStaffMember(actorId: string, input: StaffInput) {
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: {
          email: input.email,
          name: input.name,
          roles: { create: { role: { connect: { name: input.role } } } },
          ...(input.role === 'psychologist' && input.registrationType && input.ahpraNumber
            ? {
                psychologist: {
                  create: {
                    registrationType: input.registrationType,
                    ahpraNumber: input.ahpraNumber,
                    medicareProviderNumber: input.medicareProviderNumber ?? null,
                  },
                },
              }
            : {}),
        },
        select: { id: true },
      })
      const verification = await tx.verification.create({
        data: { purpose: 'staff_invite', email: input.email, userId: user.id, createdById: actorId },
      })
      await queueEmail(tx, {
        template: 'staff-invite',
        to: input.email,
        userId: user.id,
        verificationId: verification.id,
      })
      await audit(tx, {
        actorId,
        action: 'staff.created',
        entity: 'user',
        entityId: user.id,
        detail: { role: input.role },
      })
      return user
    })
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const target = JSON.stringify(error.meta ?? {})
      throw new StaffConflictError(
        target.includes('ahpra')
          ? 'ahpraNumber'
          : target.includes('medicare')
            ? 'medicareProviderNumber'
            : 'email',
      )
    }
    throw error
  }
}

/** Ends every session of a person (a lost phone, a staff member leaving). */
export async function signOutEverywhere(actorId: string, userId: string) {
  return db.$transaction(async (tx) => {
    const { count } = await tx.session.deleteMany({ where: { userId } })
    await audit(tx, {
      actorId,
      action: 'session.revoked_all',
      entity: 'user',
      entityId: userId,
      detail: { sessionsEnded: count },
    })
    return count
  })
}

export async function listPeople(filter: { kind: 'staff' | 'patients' }) {
  const roleNames = filter.kind === 'staff' ? ['psychologist', 'manager'] : ['patient']
  const people = await db.user.findMany({
    where: { roles: { some: { role: { name: { in: roleNames } } } } },
    orderBy: { name: 'asc' },
    select: {
      id: true,
      name: true,
      email: true,
      status: true,
      createdAt: true,
      roles: { select: { role: { select: { name: true } } } },
      psychologist: { select: { registrationType: true } },
      password: { select: { userId: true } },
      _count: { select: { sessions: { where: { expiresAt: { gt: new Date() } } } } },
    },
  })
  return people.map((person) => ({
    id: person.id,
    name: person.name,
    email: person.email,
    status: person.status,
    roles: person.roles.map(({ role }) => role.name),
    registrationType: person.psychologist?.registrationType ?? null,
    invitationPending: !person.password,
    activeSessions: person._count.sessions,
  }))
}
