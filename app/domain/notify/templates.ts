// Client-safe: which messages Haven sends, in words staff read on the message lists.

/** Every template a Message row may name (a CHECK in the database holds the same list). */
export const MESSAGE_TEMPLATES = [
  'signup-verify',
  'signup-existing',
  'password-reset',
  'staff-invite',
  'booking-time-taken',
  'appointment-confirmed',
  'appointment-moved',
  'appointment-cancelled',
  'appointment-reminder',
  'video-starting-soon',
  'psychologist-new-booking',
  'psychologist-moved',
  'psychologist-cancelled',
  'summary-shared',
  'questionnaire-due',
] as const
export type MessageTemplate = (typeof MESSAGE_TEMPLATES)[number]

export const TEMPLATE_LABELS: Record<MessageTemplate, string> = {
  'signup-verify': 'Sign-up link',
  'signup-existing': 'Sign-up (already a member)',
  'password-reset': 'Password reset',
  'staff-invite': 'Staff invitation',
  'booking-time-taken': 'Time taken, payment refunded',
  'appointment-confirmed': 'Booking confirmed',
  'appointment-moved': 'Session moved',
  'appointment-cancelled': 'Session cancelled',
  'appointment-reminder': 'Reminder',
  'video-starting-soon': 'Video session starting soon',
  'psychologist-new-booking': 'New booking (psychologist)',
  'psychologist-moved': 'Session moved (psychologist)',
  'psychologist-cancelled': 'Session cancelled (psychologist)',
  'summary-shared': 'Session notes shared',
  'questionnaire-due': 'Questionnaire to complete',
}

/** Twilio's message statuses (a CHECK in the database holds the same list). */
export const VENDOR_STATUSES = [
  'queued',
  'accepted',
  'scheduled',
  'sending',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'canceled',
  'read',
  'receiving',
  'received',
] as const
export type VendorStatus = (typeof VENDOR_STATUSES)[number]
