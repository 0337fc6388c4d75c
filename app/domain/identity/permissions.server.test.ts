import { describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { PERMISSIONS, type Permission } from './permissions.ts'

const grants = async (role: string) =>
  (
    await db.rolePermission.findMany({
      where: { role: { name: role } },
      select: { permission: { select: { action: true, entity: true, access: true } } },
    })
  ).map(({ permission: p }) => `${p.action}:${p.entity}:${p.access}`)

describe('the permissions the migrations seed', () => {
  it('are exactly the ones the code can name', async () => {
    const seeded = (await db.permission.findMany()).map((p) => `${p.action}:${p.entity}:${p.access}`)
    expect(seeded.sort()).toEqual([...PERMISSIONS].sort())
  })

  it('keep each area to its own role', async () => {
    const patient = await grants('patient')
    const psychologist = await grants('psychologist')
    const manager = await grants('manager')
    const patientPages: Permission[] = ['read:patient:own', 'read:appointment:own', 'read:invoice:own']
    for (const permission of patientPages) {
      expect(patient).toContain(permission)
      expect(psychologist).not.toContain(permission)
      expect(manager).not.toContain(permission)
    }
    expect(psychologist).toContain('read:calendar:own')
    expect(patient).not.toContain('read:calendar:own')
    expect(manager).not.toContain('read:calendar:own')
    // A manager reads no clinical note unless granted one, person by person.
    expect(manager).not.toContain('read:note:any')
  })

  it('give billing settings, Halaxy settings and drift decisions permissions of their own', async () => {
    const manager = await grants('manager')
    for (const permission of [
      'read:billing-settings:any',
      'update:billing-settings:any',
      'read:halaxy-settings:any',
      'update:halaxy-settings:any',
      'update:drift:any',
    ] satisfies Permission[])
      expect(manager).toContain(permission)
    expect(await grants('psychologist')).not.toContain('update:billing-settings:any')
  })
})
