import { type Tx } from '~/utils/db.server.ts'
import { markForHalaxy } from '../halaxy/outbox.server.ts'

/** Leaves, in the same transaction, the record that the patient changed (for the Halaxy mirror). */
export function notePatientChanged(tx: Tx, patientId: string) {
  return markForHalaxy(tx, 'patient', patientId)
}
