import { beforeAll, expect, test } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { recordsDemo, sessionUserFor, TEST_ACCESS } from '../../../tests/setup/records.ts'
import { grantNoteReading, recordsSettings, revokeNoteReading, setCareTeamAccess } from './grants.server.ts'
import { hasPermission } from '../identity/permissions.ts'

let demo: Awaited<ReturnType<typeof recordsDemo>>

beforeAll(async () => {
  demo = await recordsDemo()
})

test('a manager is allowed to read notes in person, and stopped; each is audited once', async () => {
  expect(hasPermission(await sessionUserFor(demo.managerId), 'read:note:any')).toBe(false)
  await grantNoteReading(demo.managerId, demo.managerId, TEST_ACCESS)
  await grantNoteReading(demo.managerId, demo.managerId, TEST_ACCESS)
  expect(hasPermission(await sessionUserFor(demo.managerId), 'read:note:any')).toBe(true)
  expect((await recordsSettings()).readers).toEqual([
    expect.objectContaining({ id: demo.managerId, grantedBy: expect.any(String) }),
  ])

  await revokeNoteReading(demo.managerId, demo.managerId, TEST_ACCESS)
  expect(hasPermission(await sessionUserFor(demo.managerId), 'read:note:any')).toBe(false)
  const events = await db.auditEvent.findMany({
    where: { entity: 'user', entityId: demo.managerId, action: { startsWith: 'permission.' } },
    orderBy: { at: 'asc' },
  })
  expect(events.map((event) => [event.action, event.ipAddress])).toEqual([
    ['permission.granted', '203.0.113.9'],
    ['permission.revoked', '203.0.113.9'],
  ])
})

test('a patient cannot be allowed to read notes', async () => {
  await expect(grantNoteReading(demo.managerId, demo.patientId, TEST_ACCESS)).rejects.toMatchObject({
    kind: 'refused',
  })
  await expect(grantNoteReading(demo.managerId, 'nobody', TEST_ACCESS)).rejects.toMatchObject({
    kind: 'not-found',
  })
  expect(await db.userPermission.count({ where: { userId: demo.patientId } })).toBe(0)
})

test('the care-team rule is a practice setting, audited', async () => {
  await setCareTeamAccess(demo.managerId, true)
  expect((await recordsSettings()).careTeamAccess).toBe(true)
  await setCareTeamAccess(demo.managerId, false)
  expect(
    await db.auditEvent.count({ where: { action: 'records-settings.updated', actorId: demo.managerId } }),
  ).toBe(2)
})
