import { z } from 'zod'

type PhoneReading =
  | { kind: 'mobile' | 'landline'; e164: string }
  | { kind: 'service' | 'overseas' | 'no_area_code' | 'unreadable' }

// Brackets, spaces, dots and dashes are how people group numbers; none of them change the number.
const SEPARATORS = /[\s().\u2010-\u2015-]/g

/**
 * Reads an Australian number written any of the usual ways: "0412 345 678", "+61 412 345 678",
 * "+61 (0)412 345 678", "61412345678", "(04) 1234 5678", or the 9 digits after +61.
 */
function readAustralianPhone(input: string): PhoneReading {
  const compact = input.replace(SEPARATORS, '')
  if (!/^\+?\d+$/.test(compact)) return { kind: 'unreadable' }

  let national: string
  if (compact.startsWith('+')) {
    if (!compact.startsWith('+61')) return { kind: 'overseas' }
    national = compact.slice(3).replace(/^0/, '')
  } else if (/^61(0?\d{9})$/.test(compact)) {
    national = compact.slice(2).replace(/^0/, '')
  } else {
    national = compact.replace(/^0/, '')
  }

  if (/^4\d{8}$/.test(national)) return { kind: 'mobile', e164: `+61${national}` }
  // Geographic numbers: 02 NSW/ACT, 03 Vic/Tas, 07 Qld, 08 SA/WA/NT.
  if (/^[2378]\d{8}$/.test(national)) return { kind: 'landline', e164: `+61${national}` }
  // 13, 1300 and 1800 numbers are left out: they are businesses' lines, cannot take a text message, and
  // cannot be dialled from overseas, so they have no E.164 form to store.
  if (/^1[38]/.test(national)) return { kind: 'service' }
  if (/^[2-9]\d{7}$/.test(compact)) return { kind: 'no_area_code' }
  return { kind: 'unreadable' }
}

/** Australian mobile (04…) → "+614XXXXXXXX"; null for anything else. */
export function toE164AustralianMobile(input: string): string | null {
  const reading = readAustralianPhone(input)
  return reading.kind === 'mobile' ? reading.e164 : null
}

/** Australian mobile or landline (02, 03, 07, 08) → E.164; null for anything else, 13/1300/1800 included. */
export function toE164AustralianPhone(input: string): string | null {
  const reading = readAustralianPhone(input)
  return reading.kind === 'mobile' || reading.kind === 'landline' ? reading.e164 : null
}

/** "+61412345678" → "0412 345 678"; "+61292706400" → "(02) 9270 6400"; anything else unchanged. */
export function formatAustralianPhone(e164: string): string {
  const match = /^\+61([23478]\d{8})$/.exec(e164)
  if (!match?.[1]) return e164
  const local = `0${match[1]}`
  if (local.startsWith('04')) return `${local.slice(0, 4)} ${local.slice(4, 7)} ${local.slice(7)}`
  return `(${local.slice(0, 2)}) ${local.slice(2, 6)} ${local.slice(6)}`
}

const MOBILE_MISSING = 'Enter your mobile number'

const MOBILE_MESSAGES: Record<Exclude<PhoneReading['kind'], 'mobile'>, string> = {
  landline: 'That looks like a landline. Enter a mobile number starting with 04, so we can text you.',
  service: "We can't use 13, 1300 or 1800 numbers. Enter a mobile number starting with 04.",
  overseas: 'Enter an Australian mobile number, starting with 04 or +61 4.',
  no_area_code: 'Check your mobile number — it should be 10 digits starting with 04, like 0412 345 678.',
  unreadable: 'Check your mobile number — it should be 10 digits starting with 04, like 0412 345 678.',
}

/** Australian mobile, stored as E.164 ("+61412345678"). */
export const mobileSchema = z
  .string({ error: MOBILE_MISSING })
  .trim()
  .min(1, MOBILE_MISSING)
  .transform((input, ctx) => {
    const reading = readAustralianPhone(input)
    if (reading.kind === 'mobile') return reading.e164
    ctx.addIssue(MOBILE_MESSAGES[reading.kind])
    return z.NEVER
  })

const PHONE_MISSING = 'Enter your phone number'

const PHONE_MESSAGES: Record<Exclude<PhoneReading['kind'], 'mobile' | 'landline'>, string> = {
  service: "We can't use 13, 1300 or 1800 numbers. Enter a mobile, or a landline with its area code.",
  overseas: 'Enter an Australian phone number, starting with 0 or +61.',
  no_area_code: 'Add your area code at the start, like (02) 9270 6400.',
  unreadable:
    'Check your phone number — it should be 10 digits with the area code, like 0412 345 678 or (02) 9270 6400.',
}

/** Australian mobile or landline, stored as E.164. */
export const phoneSchema = z
  .string({ error: PHONE_MISSING })
  .trim()
  .min(1, PHONE_MISSING)
  .transform((input, ctx) => {
    const reading = readAustralianPhone(input)
    if (reading.kind === 'mobile' || reading.kind === 'landline') return reading.e164
    ctx.addIssue(PHONE_MESSAGES[reading.kind])
    return z.NEVER
  })
