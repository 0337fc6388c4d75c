import { type SyncState } from '~/generated/prisma/enums.ts'
import { DEFAULT_TIME_ZONE } from '~/domain/scheduling/directory.ts'
import { formatZonedTime } from '~/utils/time.ts'

/** A time on the sync monitor, in the practice's zone; a dash for never. */
export function syncTime(instant: Date | string | null) {
  return instant ? formatZonedTime(instant, DEFAULT_TIME_ZONE) : '—'
}

/** The manager's words for each sync state. */
export const SYNC_STATE_LABELS: Record<SyncState, string> = {
  pending: 'Waiting to send',
  synced: 'In Halaxy',
  failed: 'Failed',
  needs_attention: 'Needs attention',
}

export const SYNC_ENTITY_LABELS = {
  patient: 'Patient',
  appointment: 'Appointment',
  invoice: 'Invoice',
  clinical_note: 'Session note',
  note_addendum: 'Note addendum',
} as const

const BADGES = {
  synced: { text: 'In Halaxy', mark: '✓', className: 'border-emerald-200 bg-emerald-50 text-emerald-800' },
  waiting: { text: 'Not yet in Halaxy', mark: '…', className: 'border-stone-200 bg-stone-50 text-stone-700' },
  problem: {
    text: 'Halaxy: needs attention',
    mark: '!',
    className: 'border-amber-300 bg-amber-50 text-amber-900',
  },
}

/**
 * A small badge saying whether an appointment is in Halaxy yet, in words (the colour only
 * repeats them). `state` is what `syncStates()` returned for the appointment; an appointment
 * it left out has never been sent.
 */
export function SyncBadge({ state }: { state: SyncState | null | undefined }) {
  const badge =
    state === 'synced'
      ? BADGES.synced
      : state === 'failed' || state === 'needs_attention'
        ? BADGES.problem
        : BADGES.waiting
  return (
    <span
      className={`inline-flex items-center gap-1 rounded border px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ${badge.className}`}
    >
      <span aria-hidden="true">{badge.mark}</span>
      {badge.text}
    </span>
  )
}
