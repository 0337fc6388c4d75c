import { type ActionFunctionArgs } from '@remix-run/node'
import { applySmsStatus } from '~/domain/notify/sms-status.server.ts'
import { readTwilioWebhook } from './__twilio.server.ts'

// Twilio's status callbacks for the SMS Haven sends (messages.create's StatusCallback). A bad
// signature changes nothing (403). An unknown or stale status still answers 200: Twilio would
// only send it again, and it changes nothing here either.

export async function action({ request }: ActionFunctionArgs) {
  const webhook = await readTwilioWebhook(request, 'status')
  if (!webhook.ok) return webhook.response
  const { MessageSid: messageSid, MessageStatus: status, ErrorCode: errorCode } = webhook.params
  if (!messageSid || !status) {
    return Response.json({ error: 'MessageSid and MessageStatus are required' }, { status: 400 })
  }
  const outcome = await applySmsStatus({ messageSid, status, errorCode })
  return Response.json({ received: true, outcome })
}

export function loader() {
  return Response.json({ error: 'POST only' }, { status: 405 })
}
