import { type HalaxyEntity, type SyncState } from '~/generated/prisma/enums.ts'
import { type AppointmentDriftField, type PatientDriftField } from './drift.ts'

// Client-safe: the states and kinds the sync monitor filters by.
export const SYNC_STATES = ['pending', 'synced', 'failed', 'needs_attention'] as const satisfies SyncState[]
export const SYNC_ENTITIES = ['patient', 'appointment', 'invoice'] as const satisfies HalaxyEntity[]

/** What a person changed in Halaxy on a record Haven owns. */
export type DriftField = PatientDriftField | AppointmentDriftField | 'amount'

/** Field names as a manager reads them. */
export const DRIFT_FIELD_LABELS: Record<DriftField, string> = {
  name: 'name',
  telecom: 'phone or email',
  gender: 'gender',
  birthDate: 'date of birth',
  address: 'address',
  contact: 'emergency contact',
  time: 'time',
  status: 'cancelled or restored',
  practitioner: 'psychologist',
  deleted: 'deleted in Halaxy',
  amount: 'amount',
}
