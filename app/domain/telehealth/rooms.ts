// The words the video tables hold (CHECKs in the migration name these lists; a test keeps them equal).

/** Why a room ended: the psychologist ended the session, the appointment was cancelled or moved, or Twilio closed it. */
export const VIDEO_ROOM_END_REASONS = ['completed', 'cancelled', 'moved', 'twilio'] as const
export type VideoRoomEndReason = (typeof VIDEO_ROOM_END_REASONS)[number]

/** Twilio's room status callbacks that Haven keeps (StatusCallbackEvent). */
export const VIDEO_ROOM_EVENTS = [
  'room-created',
  'participant-connected',
  'participant-disconnected',
  'room-ended',
] as const
export type VideoRoomEventName = (typeof VIDEO_ROOM_EVENTS)[number]

/** Who a participant was, from the opaque identity in their token; '' for the room's own events. */
export const VIDEO_PARTICIPANT_ROLES = ['', 'patient', 'psychologist', 'other'] as const
export type VideoParticipantRole = (typeof VIDEO_PARTICIPANT_ROLES)[number]
