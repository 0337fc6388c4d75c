import { type Db, type Tx } from '~/utils/db.server.ts'

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
