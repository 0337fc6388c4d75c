import { expect, test } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { seedDemoPractice } from './seed.ts'
import { seedDemoHalaxyMappings } from './seed-halaxy.ts'

const mirroring = async () =>
  (await db.practice.findUniqueOrThrow({ where: { id: 'practice' } })).halaxyNoteMirroring

test('the demo practice sends signed notes to its local Halaxy, until a manager turns that off', async () => {
  await seedDemoPractice(db)
  expect(await mirroring()).toBe(false)
  await seedDemoHalaxyMappings(db)
  expect(await mirroring()).toBe(true)

  await db.practice.update({ where: { id: 'practice' }, data: { halaxyNoteMirroring: false } })
  await seedDemoHalaxyMappings(db)
  expect(await mirroring()).toBe(false)
  expect(await db.halaxyMapping.count({ where: { kind: 'psychologist' } })).toBe(4)
})
