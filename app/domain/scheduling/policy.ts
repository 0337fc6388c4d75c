/** Cancelling with less notice than this is a late cancellation (the cancellation policy). */
export const CANCELLATION_NOTICE_HOURS = 48

/** How long a time is held for a patient who is paying for it (Stripe Checkout stays open 30 minutes at least). */
export const HOLD_MINUTES = 30
