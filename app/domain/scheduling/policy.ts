/** Cancelling with less notice than this is a late cancellation (the cancellation policy). */
export const CANCELLATION_NOTICE_HOURS = 48

/** How long a time is held for a patient who is paying for it (Stripe Checkout stays open 30 minutes at least). */
export const HOLD_MINUTES = 30

/**
 * Unpaid holds one patient may have at once (across psychologists): enough to pay for two
 * sessions side by side, too few to keep a psychologist's week off the calendar.
 */
export const MAX_LIVE_HOLDS_PER_PATIENT = 2
