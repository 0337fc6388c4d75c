import { type ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { recordRoomCallback } from '~/domain/telehealth/room-events.server.ts'
import { readTwilioWebhook } from './__twilio.server.ts'

// Twilio's status callbacks for the video rooms Haven creates (rooms.create's StatusCallback).
// A bad signature changes nothing (403); a callback that is not Twilio's shape is refused (400);
// one about a room Haven does not know, or an event it does not keep, answers 200 and stores
// nothing (Twilio would only send it again).

const seconds = z
  .string()
  .regex(/^\d{1,9}$/)
  .transform(Number)
  .optional()

const RoomCallbackSchema = z
  .object({
    StatusCallbackEvent: z.string().regex(/^[a-z-]{1,64}$/),
    RoomSid: z.string().regex(/^RM[0-9a-fA-F]{32}$/),
    RoomName: z.string().min(1).max(128),
    Timestamp: z.iso.datetime({ offset: true }).transform((value) => new Date(value)),
    ParticipantSid: z
      .string()
      .regex(/^PA[0-9a-fA-F]{32}$/)
      .optional(),
    ParticipantIdentity: z.string().min(1).max(256).optional(),
    ParticipantDuration: seconds,
    RoomDuration: seconds,
  })
  .refine((params) => !params.StatusCallbackEvent.startsWith('participant-') || params.ParticipantSid, {
    message: 'Participant events need a ParticipantSid',
  })

export async function action({ request }: ActionFunctionArgs) {
  const webhook = await readTwilioWebhook(request, 'video')
  if (!webhook.ok) return webhook.response
  const parsed = RoomCallbackSchema.safeParse(webhook.params)
  if (!parsed.success) {
    return Response.json({ error: 'Not a Twilio room status callback' }, { status: 400 })
  }
  const params = parsed.data
  const outcome = await recordRoomCallback({
    event: params.StatusCallbackEvent,
    roomName: params.RoomName,
    participantSid: params.ParticipantSid,
    participantIdentity: params.ParticipantIdentity,
    occurredAt: params.Timestamp,
    durationSeconds: params.ParticipantDuration ?? params.RoomDuration,
  })
  return Response.json({ received: true, outcome })
}

export function loader() {
  return Response.json({ error: 'POST only' }, { status: 405 })
}
