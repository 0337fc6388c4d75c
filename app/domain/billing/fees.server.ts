import { db, type Db, type Tx } from '~/utils/db.server.ts'

/** A psychologist's fee for an appointment type: their own when set, else the type's. */
export async function feeCentsFor(
  client: Db | Tx,
  psychologistId: string,
  type: { id: string; feeCents: number },
) {
  const own = await client.psychologistFee.findUnique({
    where: { psychologistId_appointmentTypeId: { psychologistId, appointmentTypeId: type.id } },
    select: { feeCents: true },
  })
  return own?.feeCents ?? type.feeCents
}

/** `feeCentsFor` for several types in one query (a profile's fee table): type id → fee in cents. */
export async function feesCentsFor(
  psychologistId: string,
  types: readonly { id: string; feeCents: number }[],
) {
  const own = await db.psychologistFee.findMany({
    where: { psychologistId, appointmentTypeId: { in: types.map((type) => type.id) } },
    select: { appointmentTypeId: true, feeCents: true },
  })
  const byType = new Map(own.map((fee) => [fee.appointmentTypeId, fee.feeCents]))
  return new Map(types.map((type) => [type.id, byType.get(type.id) ?? type.feeCents]))
}
