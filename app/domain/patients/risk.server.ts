import { db } from '~/utils/db.server.ts'

/** An unacknowledged flag: the care team has been asked to reach out. */
export async function hasOpenRiskFlag(patientId: string) {
  return (await db.riskFlag.count({ where: { patientId, acknowledgedAt: null } })) > 0
}

/** Staff mark a flag as followed up; it stays in the record. */
export async function acknowledgeRiskFlag(flagId: string, patientId: string, actorId: string) {
  const { count } = await db.riskFlag.updateMany({
    where: { id: flagId, patientId, acknowledgedAt: null },
    data: { acknowledgedAt: new Date(), acknowledgedById: actorId },
  })
  return count === 1
}
