import { delay, http, HttpResponse } from 'msw'
import { recordOutboxMessage } from '../outbox.server.ts'
import { sendStatusCallbacks, smsSid, STANDIN_SENDER, type TwilioWebhook } from './webhooks.server.ts'

/**
 * Stand-in for Twilio Messaging's send endpoint (Messages.json, through a Messaging Service).
 * The real SDK talks to it through msw; it checks a request the way Twilio does, records an
 * accepted SMS in the outbox folder beside the emails, answers with Twilio's message JSON
 * (status `accepted`), then sends the status callbacks (webhooks.server.ts): queued → sent →
 * delivered (none for `accepted`, as Twilio sends none for it). Errors are Twilio's bodies:
 * { code, message, more_info, status }.
 *
 * The recipient's last digits choose a failure to rehearse:
 *   …0000211 → 400, 21211 invalid 'To' number (as any number not in E.164)
 *   …0021614 → 400, 21614 not a mobile number
 *   …0021610 → 400, 21610 the recipient replied STOP (unsubscribed)
 *   …0020429 → 429, 20429 too many requests, with Retry-After: 1
 *   …0000500 → 500, 20500 internal server error
 *   …0000408 → never answers, so the caller's timeout fires
 *   …0000001 → the connection drops
 *   …0030003 → accepted, then queued → sent → undelivered with ErrorCode 30003 (unreachable handset)
 */

const api = 'https://api.twilio.com/2010-04-01'

function twilioError(status: number, code: number, message: string, headers?: Record<string, string>) {
  return HttpResponse.json(
    { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
    { status, headers },
  )
}

const faults: { suffix: string; answer: (to: string) => Response }[] = [
  { suffix: '0000211', answer: (to) => twilioError(400, 21211, `Invalid 'To' Phone Number: ${to}`) },
  { suffix: '0021614', answer: () => twilioError(400, 21614, "'To' number is not a valid mobile number") },
  { suffix: '0021610', answer: () => twilioError(400, 21610, 'Attempt to send to unsubscribed recipient') },
  {
    suffix: '0020429',
    answer: () => twilioError(429, 20429, 'Too Many Requests', { 'retry-after': '1' }),
  },
  { suffix: '0000500', answer: () => twilioError(500, 20500, 'Internal Server Error') },
  { suffix: '0000001', answer: () => HttpResponse.error() },
]

const UNDELIVERED_SUFFIX = '0030003'

/** The account SID the request authenticates as, if its Basic credentials are for this account. */
function authenticatedAccount(request: Request, accountSid: string) {
  const encoded = /^Basic (\S+)$/.exec(request.headers.get('authorization') ?? '')?.[1]
  if (!encoded) return null
  const [username, ...rest] = Buffer.from(encoded, 'base64').toString('utf8').split(':')
  const password = rest.join(':')
  if (!/^AC[0-9a-f]{32}$/i.test(username ?? '') || username !== accountSid || password === '') return null
  return { accountSid: username, authToken: password }
}

// Twilio's dates: RFC 2822 with a numeric zone.
const twilioDate = (date: Date) => date.toUTCString().replace('GMT', '+0000')

function isUrl(value: string) {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol)
  } catch {
    return false
  }
}

export const twilioHandlers = [
  http.post(`${api}/Accounts/:accountSid/Messages.json`, async ({ request, params }) => {
    const account = authenticatedAccount(request, String(params.accountSid))
    if (!account) return twilioError(401, 20003, 'Authentication Error - invalid username')

    const form = new URLSearchParams(await request.text())
    const to = form.get('To') ?? ''
    const body = form.get('Body') ?? ''
    const messagingServiceSid = form.get('MessagingServiceSid') ?? ''
    const statusCallback = form.get('StatusCallback') ?? ''

    if (!to) return twilioError(400, 21604, "A 'To' phone number is required.")
    if (!/^\+[1-9]\d{6,14}$/.test(to)) return twilioError(400, 21211, `Invalid 'To' Phone Number: ${to}`)
    if (!messagingServiceSid) return twilioError(400, 21603, "A 'From' phone number is required.")
    if (!/^MG[0-9a-f]{32}$/i.test(messagingServiceSid)) {
      return twilioError(400, 21701, `The Messaging Service Sid ${messagingServiceSid} is invalid.`)
    }
    if (!body) return twilioError(400, 21602, 'Message body is required.')
    if (body.length > 1600) {
      return twilioError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.')
    }
    if (statusCallback && !isUrl(statusCallback)) {
      return twilioError(400, 21609, `The StatusCallback URL ${statusCallback} is not a valid URL.`)
    }

    if (to.endsWith('0000408')) await delay('infinite')
    const fault = faults.find(({ suffix }) => to.endsWith(suffix))
    if (fault) return fault.answer(to)

    const sid = smsSid()
    await recordOutboxMessage({
      id: sid,
      channel: 'sms',
      to: [to],
      from: messagingServiceSid,
      subject: '',
      html: '',
      text: body,
      idempotencyKey: null,
    })

    if (statusCallback) {
      const callback = (status: string, extra: Record<string, string> = {}): TwilioWebhook => ({
        url: statusCallback,
        authToken: account.authToken,
        params: {
          SmsSid: sid,
          SmsStatus: status,
          MessageStatus: status,
          To: to,
          MessagingServiceSid: messagingServiceSid,
          MessageSid: sid,
          AccountSid: account.accountSid,
          From: STANDIN_SENDER,
          ApiVersion: '2010-04-01',
          ...extra,
        },
      })
      const outcome = to.endsWith(UNDELIVERED_SUFFIX)
        ? callback('undelivered', { ErrorCode: '30003' })
        : callback('delivered')
      sendStatusCallbacks([callback('queued'), callback('sent'), outcome])
    }

    const now = twilioDate(new Date())
    const uri = `/2010-04-01/Accounts/${account.accountSid}/Messages/${sid}`
    return HttpResponse.json(
      {
        account_sid: account.accountSid,
        api_version: '2010-04-01',
        body,
        date_created: now,
        date_sent: null,
        date_updated: now,
        direction: 'outbound-api',
        error_code: null,
        error_message: null,
        from: null,
        messaging_service_sid: messagingServiceSid,
        num_media: '0',
        num_segments: '0',
        price: null,
        price_unit: null,
        sid,
        status: 'accepted',
        subresource_uris: { media: `${uri}/Media.json` },
        to,
        uri: `${uri}.json`,
      },
      { status: 201 },
    )
  }),
]
