// What can refuse a change to an appointment: each error says why, in words for the person.
import { DomainError, NotFoundError } from '~/domain/errors.ts'
import { offeredSlot, type Slot, type SlotRefusal } from './slots.ts'

/** The page offers the other times (`details`), in its own words for `reason`. */
export class SlotUnavailableError extends DomainError {
  constructor(
    /** taken: someone booked it first; unavailable: it is not (or no longer) an offered time. */
    readonly reason: 'taken' | 'unavailable',
    readonly alternatives: Slot[],
  ) {
    super(
      'conflict',
      reason === 'taken' ? 'That time was just taken.' : 'That time is not available.',
      undefined,
      { reason, alternatives: alternatives.map(offeredSlot) } satisfies SlotRefusal,
    )
  }
}

/** No such appointment, or not this person's: the same answer. */
export class BookingNotFoundError extends NotFoundError {
  constructor() {
    super('We could not find that appointment.')
  }
}

export class StaleAppointmentError extends DomainError {
  constructor() {
    super('conflict', 'This appointment has changed since the page was opened. Here it is as it is now.')
  }
}

/** The appointment's state does not allow the action; the message says why, for the person. */
export class AppointmentActionError extends DomainError {
  constructor(message: string) {
    super('conflict', message)
  }
}

/** The psychologist blocked that time off (perhaps a moment ago). */
export class TimeOffConflictError extends DomainError {
  constructor(message = 'That time is blocked as time off.') {
    super('conflict', message)
  }
}

/** The psychologist has a session booked in Halaxy itself at that time (learnt from Halaxy). */
export class HalaxyBusyConflictError extends TimeOffConflictError {
  constructor() {
    super('That time is booked in Halaxy.')
  }
}
