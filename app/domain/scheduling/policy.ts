/** Cancelling with less notice than this is a late cancellation (the cancellation policy). */
export const CANCELLATION_NOTICE_HOURS = 48
