import { beforeAll, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import { assignPsychologist, careTeam } from './directory.server.ts'

let managerId: string
let psychologistId: string

beforeAll(async () => {
  await seedDemoPractice(db)
  managerId = (await db.user.findUniqueOrThrow({ where: { email: 'manager@haven.test' } })).id
  psychologistId = (await db.user.findUniqueOrThrow({ where: { email: 'daniel.tran@haven.test' } })).id
})

async function newPatient(email: string) {
  return (await db.user.create({ data: { email, name: 'Robin Vale', status: 'active' } })).id
}

/** Resolves once some other connection is waiting for a row lock (our racing insert). */
async function someoneWaitsForALock() {
  for (let attempt = 0; attempt < 200; attempt++) {
    const [row] = await db.$queryRaw<{ waiting: bigint }[]>`
      SELECT count(*) AS waiting FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock'`
    if (row && row.waiting > 0n) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error('nothing waited for a lock')
}

it('puts a psychologist on the care team once, however often they are added', async () => {
  const patientId = await newPatient('twice@example.test')
  await assignPsychologist(managerId, patientId, psychologistId)
  await assignPsychologist(managerId, patientId, psychologistId)
  expect((await careTeam(patientId)).assigned.map(({ id }) => id)).toEqual([psychologistId])
})

it.each([
  ['has a profile', true],
  ['has no profile yet', false],
])(
  'adds without an error when another request adds the same psychologist at that moment (patient %s)',
  async (_, hasProfile) => {
    const patientId = await newPatient(`race-${hasProfile}@example.test`)
    if (hasProfile) await db.patientProfile.create({ data: { userId: patientId } })
    // The other request has written its rows but not committed yet, so ours does not see them
    // and its insert waits on theirs; then theirs commits.
    let commitOther!: () => void
    const otherMayCommit = new Promise<void>((resolve) => (commitOther = resolve))
    let otherWrote!: () => void
    const otherHasWritten = new Promise<void>((resolve) => (otherWrote = resolve))
    const other = db.$transaction(async (tx) => {
      if (!hasProfile) await tx.patientProfile.create({ data: { userId: patientId } })
      await tx.careAssignment.create({ data: { patientId, psychologistId } })
      otherWrote()
      await otherMayCommit
    })
    await otherHasWritten
    const ours = assignPsychologist(managerId, patientId, psychologistId)
    await someoneWaitsForALock()
    commitOther()
    await other
    await expect(ours).resolves.toBeUndefined()
    expect(await db.careAssignment.count({ where: { patientId } })).toBe(1)
  },
)
