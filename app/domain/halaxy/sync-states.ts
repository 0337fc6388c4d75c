import { type HalaxyEntity, type SyncState } from '~/generated/prisma/enums.ts'
import { type AppointmentDriftField, type PatientDriftField } from './drift.ts'

// Client-safe: the states and kinds the sync monitor filters by.
export const SYNC_STATES = ['pending', 'synced', 'failed', 'needs_attention'] as const satisfies SyncState[]
export const SYNC_ENTITIES = [
  'patient',
  'appointment',
  'invoice',
  'clinical_note',
  'note_addendum',
] as const satisfies HalaxyEntity[]

/** What a SyncAttempt row records: the request sent, or (halaxy-change) a finding from Halaxy's side. */
export const SYNC_OPERATIONS = [
  'search',
  'create',
  'patch',
  'read',
  'cancel',
  'restore',
  'reschedule',
  'book',
  'read-invoice',
  'halaxy-change',
] as const
export type SyncOperation = (typeof SYNC_OPERATIONS)[number]

export const SYNC_OUTCOMES = ['ok', 'retryable', 'permanent', 'drift'] as const
export type SyncOutcome = (typeof SYNC_OUTCOMES)[number]

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

/** Every value HalaxyLink.driftFields may hold. */
export const DRIFT_FIELDS = Object.keys(DRIFT_FIELD_LABELS) as DriftField[]
