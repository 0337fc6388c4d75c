import { type RiskReason } from '~/generated/prisma/enums.ts'
import { db, type Tx } from '~/utils/db.server.ts'

/** Raises a flag for the care team unless one for the same reason is still open. */
export async function raiseRiskFlag(tx: Tx, patientId: string, reason: RiskReason) {
  const open = await tx.riskFlag.findFirst({ where: { patientId, reason, acknowledgedAt: null } })
  if (!open) await tx.riskFlag.create({ data: { patientId, reason } })
}

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
