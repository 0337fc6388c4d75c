import { type ActionFunctionArgs } from '@remix-run/node'
import { receiveInboundSms } from '~/domain/notify/sms-opt-out.server.ts'
import { readTwilioWebhook } from './__twilio.server.ts'

// Texts patients send to the practice's number (the Messaging Service's incoming-message
// webhook). Only STOP and START words mean anything to Haven; Twilio itself sends the
// confirmation, so the answer is TwiML that says nothing.
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>'

export async function action({ request }: ActionFunctionArgs) {
  const webhook = await readTwilioWebhook(request, 'inbound')
  if (!webhook.ok) return webhook.response
  const { From: from, Body: body = '' } = webhook.params
  if (!from) return Response.json({ error: 'From is required' }, { status: 400 })
  await receiveInboundSms({ from, body })
  return new Response(EMPTY_TWIML, { headers: { 'Content-Type': 'text/xml; charset=utf-8' } })
}

export function loader() {
  return Response.json({ error: 'POST only' }, { status: 405 })
}
