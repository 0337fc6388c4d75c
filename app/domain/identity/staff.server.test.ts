import { describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { staffSchema } from './staff.ts'
import { createStaffMember, listPeople, StaffConflictError } from './staff.server.ts'

let managers = 0
async function manager() {
  return db.user.create({
    data: {
      email: `pm${++managers}@example.com`,
      name: 'Priya Manager',
      roles: { create: { role: { connect: { name: 'manager' } } } },
    },
  })
}

const psychologist = {
  name: 'Dr Ana Lopez',
  email: 'ana@haven.test',
  role: 'psychologist' as const,
  registrationType: 'clinical' as const,
  ahpraNumber: 'PSY0001234567',
  medicareProviderNumber: '2123456A',
}

describe('staffSchema', () => {
  it('asks a psychologist for registration details', () => {
    const result = staffSchema.safeParse({ name: 'Dr X', email: 'x@haven.test', role: 'psychologist' })
    expect(result.success).toBe(false)
    expect(result.error?.issues.map((issue) => issue.path[0])).toEqual(['registrationType', 'ahpraNumber'])
  })
  it('checks the shape of AHPRA and Medicare provider numbers', () => {
    const result = staffSchema.safeParse({
      ...psychologist,
      ahpraNumber: 'PSY12',
      medicareProviderNumber: 'ABC',
    })
    expect(result.error?.issues.map((issue) => issue.path[0]).sort()).toEqual([
      'ahpraNumber',
      'medicareProviderNumber',
    ])
  })
})

describe('createStaffMember', () => {
  it('creates the account, profile and role, invites them, and audits it', async () => {
    const actor = await manager()
    const user = await createStaffMember(actor.id, psychologist)
    const created = await db.user.findUniqueOrThrow({
      where: { id: user.id },
      include: { psychologist: true, password: true, roles: { include: { role: true } } },
    })
    expect(created.password).toBeNull()
    expect(created.psychologist).toMatchObject({ registrationType: 'clinical', ahpraNumber: 'PSY0001234567' })
    expect(created.roles.map(({ role }) => role.name)).toEqual(['psychologist'])
    const invite = await db.verification.findFirstOrThrow({ where: { userId: user.id } })
    expect(invite).toMatchObject({ purpose: 'staff_invite', createdById: actor.id })
    expect(await db.message.count({ where: { verificationId: invite.id, template: 'staff-invite' } })).toBe(1)
    expect(await db.auditEvent.count({ where: { action: 'staff.created', entityId: user.id } })).toBe(1)
    const staff = await listPeople({ kind: 'staff' })
    expect(staff.find((person) => person.id === user.id)).toMatchObject({
      invitationPending: true,
      activeSessions: 0,
    })
  })

  it('names the field that clashes, and leaves nothing half-made', async () => {
    const actor = await manager()
    const first = {
      ...psychologist,
      email: 'ben@haven.test',
      ahpraNumber: 'PSY0002222222',
      medicareProviderNumber: '2222222B',
    }
    await createStaffMember(actor.id, first)
    await expect(
      createStaffMember(actor.id, { ...first, email: 'other@haven.test', medicareProviderNumber: undefined }),
    ).rejects.toMatchObject({ field: 'ahpraNumber' })
    const clash = await createStaffMember(actor.id, { ...first, ahpraNumber: 'PSY0009999999' }).catch(
      (e) => e,
    )
    expect(clash).toBeInstanceOf(StaffConflictError)
    expect(clash.field).toBe('email')
    expect(await db.user.count({ where: { email: 'other@haven.test' } })).toBe(0)
    expect(
      await db.message.count({ where: { toAddress: { in: ['ben@haven.test', 'other@haven.test'] } } }),
    ).toBe(1)
  })
})
