import { type AccessContext, audit } from '~/domain/audit/audit.server.ts'
import { DomainError, NotFoundError } from '~/domain/errors.ts'
import { updatePracticeFields } from '~/domain/billing/settings.server.ts'
import { parsePermission } from '~/domain/identity/permissions.ts'
import { db } from '~/utils/db.server.ts'

// The practice's clinical-record settings: whether a patient's other psychologists read each
// other's notes, and who else may read notes at all (`read:note:any`, granted person by person,
// each grant and revocation audited).

const NOTE_READING = parsePermission('read:note:any')

export class GrantRefusedError extends DomainError {
  constructor(message: string) {
    super('refused', message, 'userId')
  }
}

async function noteReadingPermissionId() {
  const permission = await db.permission.findUniqueOrThrow({
    where: { action_entity_access: NOTE_READING },
    select: { id: true },
  })
  return permission.id
}

export type RecordsSettings = {
  careTeamAccess: boolean
  readers: { id: string; name: string; email: string; grantedAt: string; grantedBy: string | null }[]
  /** Staff who could be granted note reading (active, not a patient only, not yet granted). */
  candidates: { id: string; name: string }[]
}

export async function recordsSettings(): Promise<RecordsSettings> {
  const permissionId = await noteReadingPermissionId()
  const [practice, grants, staff] = await Promise.all([
    db.practice.findUniqueOrThrow({ where: { id: 'practice' }, select: { notesCareTeamAccess: true } }),
    db.userPermission.findMany({
      where: { permissionId },
      orderBy: { grantedAt: 'asc' },
      select: {
        grantedAt: true,
        user: { select: { id: true, name: true, email: true } },
        grantedBy: { select: { name: true } },
      },
    }),
    db.user.findMany({
      where: { status: 'active', roles: { some: { role: { name: { in: ['manager', 'psychologist'] } } } } },
      orderBy: { name: 'asc' },
      select: { id: true, name: true },
    }),
  ])
  const granted = new Set(grants.map((grant) => grant.user.id))
  return {
    careTeamAccess: practice.notesCareTeamAccess,
    readers: grants.map((grant) => ({
      ...grant.user,
      grantedAt: grant.grantedAt.toISOString(),
      grantedBy: grant.grantedBy?.name ?? null,
    })),
    candidates: staff.filter((person) => !granted.has(person.id)),
  }
}

/** Lets one member of staff read every clinical note (audited, as the grant itself). */
export async function grantNoteReading(actorId: string, userId: string, access: AccessContext) {
  const permissionId = await noteReadingPermissionId()
  await db.$transaction(async (tx) => {
    const person = await tx.user.findFirst({
      where: { id: userId, status: 'active' },
      select: { roles: { select: { role: { select: { name: true } } } } },
    })
    if (!person) throw new NotFoundError('We could not find that person.')
    if (!person.roles.some(({ role }) => role.name === 'manager' || role.name === 'psychologist')) {
      throw new GrantRefusedError('Only staff can be allowed to read clinical notes.')
    }
    const created = await tx.userPermission.createMany({
      data: [{ userId, permissionId, grantedById: actorId }],
      skipDuplicates: true,
    })
    if (created.count === 0) return
    await audit(tx, {
      actorId,
      action: 'permission.granted',
      entity: 'user',
      entityId: userId,
      access,
      detail: { permission: 'read:note:any' },
    })
  })
}

export async function revokeNoteReading(actorId: string, userId: string, access: AccessContext) {
  const permissionId = await noteReadingPermissionId()
  await db.$transaction(async (tx) => {
    const { count } = await tx.userPermission.deleteMany({ where: { userId, permissionId } })
    if (count === 0) return
    await audit(tx, {
      actorId,
      action: 'permission.revoked',
      entity: 'user',
      entityId: userId,
      access,
      detail: { permission: 'read:note:any' },
    })
  })
}

/** The practice's rule for care teams (one way to change practice settings: audited field names). */
export async function setCareTeamAccess(actorId: string, on: boolean) {
  await updatePracticeFields(actorId, 'records-settings.updated', { notesCareTeamAccess: on })
}
