import { type Env, getEnv } from '~/utils/env.server.ts'
import { standInsEnabled } from '~/utils/standins.server.ts'
import {
  readTwilioAccount,
  twilioClient,
  twilioFailure,
  TWILIO_STANDIN_ACCOUNT,
  type TwilioAccount,
} from '../twilio.server.ts'

// The one place that talks to Twilio Messaging. It never logs: numbers and texts are personal,
// and its error strings end up in Message.lastError, so numbers are redacted from them.

export type SmsConfig = TwilioAccount & {
  messagingServiceSid: string | undefined
  timeoutMs: number
}

export type OutgoingSms = {
  /** E.164, e.g. +61412345678. */
  to: string
  body: string
  /** Where Twilio posts the message's delivery statuses: statusCallbackUrl() in twilio.server.ts. */
  statusCallback: string
}

export type SendSmsResult =
  | { ok: true; providerId: string; status: string }
  | {
      ok: false
      retryable: boolean
      error: string
      /** Twilio's error code, e.g. 21610. */
      code?: number
      /** Twilio refused: the recipient replied STOP to this sender (21610). */
      optedOut?: true
      /** Twilio refused: not a number that can take a text (21211, 21614). */
      invalidNumber?: true
      retryAfterSeconds?: number
    }

// The stand-in checks only the shapes (AC…, MG…) and that a token is given; env validation
// allows none of these then.
export const SMS_STANDIN_DEFAULTS = {
  ...TWILIO_STANDIN_ACCOUNT,
  messagingServiceSid: `MG${'0'.repeat(32)}`,
} as const

export function readSmsConfig(
  env: Partial<
    Pick<Env, 'TWILIO_ACCOUNT_SID' | 'TWILIO_AUTH_TOKEN' | 'TWILIO_MESSAGING_SERVICE_SID' | 'HAVEN_STANDINS'>
  > = getEnv(),
): SmsConfig {
  return {
    ...readTwilioAccount(env),
    messagingServiceSid:
      env.TWILIO_MESSAGING_SERVICE_SID ||
      (standInsEnabled(env) ? SMS_STANDIN_DEFAULTS.messagingServiceSid : undefined),
    timeoutMs: 15_000,
  }
}

export async function sendSms(sms: OutgoingSms, config: SmsConfig = readSmsConfig()): Promise<SendSmsResult> {
  const created = twilioClient(
    {
      TWILIO_ACCOUNT_SID: config.accountSid,
      TWILIO_AUTH_TOKEN: config.authToken,
      TWILIO_MESSAGING_SERVICE_SID: config.messagingServiceSid,
    },
    config,
    config.timeoutMs,
  )
  if (!created.ok) return created
  try {
    const message = await created.client.messages.create({
      messagingServiceSid: config.messagingServiceSid,
      to: sms.to,
      body: sms.body,
      statusCallback: sms.statusCallback,
    })
    return { ok: true, providerId: message.sid, status: message.status }
  } catch (error) {
    const failure = twilioFailure(error, created.client, redact)
    return {
      ...failure,
      ...(failure.code === OPTED_OUT_CODE ? { optedOut: true as const } : {}),
      ...(failure.code !== undefined && INVALID_NUMBER_CODES.has(failure.code)
        ? { invalidNumber: true as const }
        : {}),
    }
  }
}

const INVALID_NUMBER_CODES = new Set([21211, 21614])
const OPTED_OUT_CODE = 21610

// Twilio's messages quote the number ("Invalid 'To' Phone Number: +6140…"): runs of 6 or more
// digits, with the separators people write, are replaced; error codes (5 digits) stay.
function redact(message: string) {
  return message.replace(/\+?\d(?:[\s().-]?\d){5,}/g, '[number]')
}
