/** The reason on an automatic refund of a payment that arrived after its time was booked by someone else. */
export const TIME_TAKEN_REASON = 'The time was no longer available when the payment arrived'
