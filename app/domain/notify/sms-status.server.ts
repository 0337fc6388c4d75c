import { db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { optOutMobile } from './sms-opt-out.server.ts'
import { VENDOR_STATUSES, type VendorStatus } from './templates.ts'

// What Twilio's status callbacks say about an SMS Haven sent. They can arrive twice, late or out
// of order (Twilio makes no promise), so a status only ever moves a message forward.

/** How far along a message is; a later status never goes back to an earlier one. */
const PROGRESS: Partial<Record<VendorStatus, number>> = {
  accepted: 0,
  scheduled: 0,
  queued: 1,
  sending: 2,
  sent: 3,
  delivered: 4,
}

/** Final failures: nothing follows them. */
const FAILURES: readonly VendorStatus[] = ['undelivered', 'failed', 'canceled']

/** The statuses a message may be in for `status` to be news; null for one SMS sending never reports. */
function earlierThan(status: VendorStatus): VendorStatus[] | null {
  const rank = FAILURES.includes(status) ? PROGRESS.delivered : PROGRESS[status]
  if (rank === undefined) return null
  return VENDOR_STATUSES.filter((candidate) => (PROGRESS[candidate] ?? Infinity) < rank)
}

// Twilio's words for the codes an SMS to an Australian mobile meets
// (https://www.twilio.com/docs/api/errors); others are named by number and link.
const ERROR_WORDS: Record<string, string> = {
  '21211': "Invalid 'To' phone number",
  '21408': 'Permission to send an SMS has not been enabled for the region indicated by the To number',
  '21610': 'Attempt to send to unsubscribed recipient',
  '21614': "'To' number is not a valid mobile number",
  '30001': 'Queue overflow',
  '30002': 'Account suspended',
  '30003': 'Unreachable destination handset',
  '30004': 'Message blocked',
  '30005': 'Unknown destination handset',
  '30006': 'Landline or unreachable carrier',
  '30007': 'Message filtered',
  '30008': 'Unknown error',
  '30010': 'Message price exceeds max price',
}

const OPTED_OUT_CODE = '21610'

function failureWords(status: VendorStatus, errorCode: string | null) {
  if (!errorCode) return `Twilio: ${status}, no error code given`
  const words = ERROR_WORDS[errorCode] ?? `see https://www.twilio.com/docs/errors/${errorCode}`
  return `Twilio: ${status}, error ${errorCode}: ${words}`
}

export type SmsStatusUpdate = {
  /** Twilio's MessageSid (SM…), as Message.providerMessageId holds it. */
  messageSid: string
  /** Twilio's MessageStatus. */
  status: string
  /** Twilio's ErrorCode, sent with undelivered and failed. */
  errorCode?: string | null
}

/**
 * What a callback did: `applied` moved the message on; `stale` was behind what is known (a
 * repeat, or `sent` after `delivered`); `unknown` names no message of Haven's; `ignored` is a
 * status outgoing SMS never have.
 */
export type SmsStatusOutcome = 'applied' | 'stale' | 'unknown' | 'ignored'

/**
 * Records a status callback on the message with that SID. `delivered` marks it delivered;
 * `undelivered`, `failed` and `canceled` mark it failed with Twilio's words for the error code;
 * the others only note Twilio's status. The update is conditional on the row's current status,
 * so two callbacks racing each other cannot move it backwards.
 */
export async function applySmsStatus(
  update: SmsStatusUpdate,
  now: Date = new Date(),
): Promise<SmsStatusOutcome> {
  const status = VENDOR_STATUSES.find((known) => known === update.status)
  const earlier = status ? earlierThan(status) : null
  if (!status || !earlier) return 'ignored'
  const errorCode = /^\d{1,6}$/.test(update.errorCode ?? '') ? update.errorCode! : null
  const failed = FAILURES.includes(status)

  const outcome = await db.$transaction(async (tx) => {
    const moved = await tx.message.updateManyAndReturn({
      where: {
        providerMessageId: update.messageSid,
        channel: 'sms',
        OR: [{ vendorStatus: null }, { vendorStatus: { in: earlier } }],
      },
      data: {
        vendorStatus: status,
        ...(status === 'delivered' ? { status: 'delivered' as const, deliveredAt: now } : {}),
        ...(failed ? { status: 'failed' as const, lastError: failureWords(status, errorCode) } : {}),
      },
      select: { id: true, toAddress: true },
    })
    const message = moved[0]
    if (!message) {
      const known = await tx.message.count({
        where: { providerMessageId: update.messageSid, channel: 'sms' },
      })
      return known > 0 ? ('stale' as const) : ('unknown' as const)
    }
    // Twilio refused it because the patient had replied STOP: stop trying them.
    if (failed && errorCode === OPTED_OUT_CODE) await optOutMobile(message.toAddress, now, tx)
    return 'applied' as const
  })
  logger.info({ status, errorCode, outcome }, 'sms status callback')
  return outcome
}
