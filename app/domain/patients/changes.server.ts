import { type Tx } from '~/utils/db.server.ts'
import { enqueue } from '~/utils/jobs.server.ts'
import { patientChangedQueue } from '../../../jobs/queues.ts'

/** Leaves, in the same transaction, the record that the patient changed (for the Halaxy mirror). */
export function notePatientChanged(tx: Tx, patientId: string) {
  return enqueue(tx, patientChangedQueue, { patientId }, { singletonKey: patientId })
}
