import { db, type Tx } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { audit } from '../audit/audit.server.ts'
import { toE164AustralianMobile } from '../patients/phone.ts'

// A patient's SMS goes off when they reply STOP (or Twilio refuses a send because they did,
// error 21610) and on again when they reply START. Twilio keeps its own opt-out list per sender
// and answers the keywords itself; Haven mirrors it so it stops trying and staff can see why.

/** Twilio's default opt-out keywords (https://help.twilio.com/articles/223134027). */
const OPT_OUT_KEYWORDS = new Set([
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'REVOKE',
  'OPTOUT',
])
/** Twilio's default opt-in keywords. */
const OPT_IN_KEYWORDS = new Set(['START', 'UNSTOP', 'YES'])

type OptOutSource = 'sms_reply' | 'twilio_refused'

/** The number as PatientProfile.mobile stores it (E.164); anything else as it came. */
function storedForm(mobile: string) {
  return toE164AustralianMobile(mobile) ?? mobile.trim()
}

/**
 * Turns SMS off (at `optedOutAt`) or back on (null) for every patient with this mobile whose
 * setting differs, an earlier STOP keeping its time; audits each change, returns how many.
 */
async function changeSmsOptOut(tx: Tx, mobile: string, optedOutAt: Date | null, source: OptOutSource) {
  const number = storedForm(mobile)
  // Profiles without a mobile hold "": no number must never mean all of them.
  if (!number) return 0
  const changed = await tx.patientProfile.updateManyAndReturn({
    where: { mobile: number, smsOptedOutAt: optedOutAt ? null : { not: null } },
    data: { smsOptedOutAt: optedOutAt },
    select: { userId: true },
  })
  for (const { userId } of changed) {
    await audit(tx, {
      // A reply is the patient's own act; a refusal is Twilio reporting an earlier one.
      actorId: source === 'sms_reply' ? userId : null,
      action: optedOutAt ? 'patient.sms_opted_out' : 'patient.sms_opted_in',
      entity: 'patient',
      entityId: userId,
      detail: { source },
    })
  }
  return changed.length
}

/**
 * Turns SMS off at `at` for every patient with this mobile: Twilio refused a send to it because
 * they had replied STOP (error 21610). In the caller's transaction if given; returns how many changed.
 */
export function optOutMobile(mobile: string, at: Date, tx?: Tx): Promise<number> {
  return tx
    ? changeSmsOptOut(tx, mobile, at, 'twilio_refused')
    : db.$transaction((tx) => changeSmsOptOut(tx, mobile, at, 'twilio_refused'))
}

export type InboundSmsOutcome = 'opted-out' | 'opted-in' | 'ignored'

/**
 * A text a patient sent to the practice's number: an opt-out or opt-in keyword (the whole text,
 * trimmed, any case) changes their SMS setting; anything else is left alone, unread and unlogged.
 */
export async function receiveInboundSms(
  { from, body }: { from: string; body: string },
  now: Date = new Date(),
): Promise<InboundSmsOutcome> {
  const keyword = body.trim().toUpperCase()
  const outcome: InboundSmsOutcome = OPT_OUT_KEYWORDS.has(keyword)
    ? 'opted-out'
    : OPT_IN_KEYWORDS.has(keyword)
      ? 'opted-in'
      : 'ignored'
  const patients =
    outcome === 'ignored'
      ? 0
      : await db.$transaction((tx) =>
          changeSmsOptOut(tx, from, outcome === 'opted-out' ? now : null, 'sms_reply'),
        )
  // Neither the number nor the text: counts only.
  logger.info({ outcome, patients }, 'inbound sms received')
  return outcome
}
