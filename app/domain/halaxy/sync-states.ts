import { type HalaxyEntity, type SyncState } from '~/generated/prisma/enums.ts'

// Client-safe: the states and kinds the sync monitor filters by.
export const SYNC_STATES = ['pending', 'synced', 'failed', 'needs_attention'] as const satisfies SyncState[]
export const SYNC_ENTITIES = ['patient', 'appointment', 'invoice'] as const satisfies HalaxyEntity[]
