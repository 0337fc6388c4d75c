import { expect, it } from 'vitest'
import { pendingPolicies } from '~/domain/patients/consents.server.ts'
import { isValidMedicareNumber } from '~/domain/patients/medicare.ts'
import { db } from '~/utils/db.server.ts'
import { seedDemoPractice } from './seed.ts'

it('gives the demo practice finished intakes that pass the same checks as a real one', async () => {
  await seedDemoPractice(db)
  await seedDemoPractice(db)
  const profiles = await db.patientProfile.findMany({ include: { careTeam: true, k10Responses: true } })
  expect(profiles).toHaveLength(6)
  for (const profile of profiles) {
    expect(profile.intakeSubmittedAt).not.toBeNull()
    expect(isValidMedicareNumber(profile.medicareNumber!)).toBe(true)
    expect(profile.careTeam).toHaveLength(1)
    expect(profile.k10Responses.length).toBeGreaterThan(0)
    // Not sent to the consents page on their first visit.
    expect(await pendingPolicies(profile.userId)).toEqual([])
  }
  const flagged = await db.riskFlag.groupBy({ by: ['patientId'], where: { acknowledgedAt: null } })
  expect(flagged).toHaveLength(1)
})

it('gives every demo psychologist a public profile and working hours', async () => {
  await seedDemoPractice(db)
  await seedDemoPractice(db)
  const psychologists = await db.psychologistProfile.findMany({
    include: { user: { include: { availability: true } } },
  })
  expect(psychologists).toHaveLength(4)
  for (const psychologist of psychologists) {
    expect(psychologist.slug).toMatch(/^[a-z]+-[a-z]+$/)
    expect(psychologist.user.availability.length).toBeGreaterThanOrEqual(2)
  }
})
