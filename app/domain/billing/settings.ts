import { z } from 'zod'
import { dollarsSchema } from '~/utils/money.ts'
import { emailSchema } from '../identity/email.ts'
import { toE164AustralianPhone } from '../patients/phone.ts'
import { abnSchema } from './abn.ts'

// Client-safe: the billing settings forms, validated with these in the browser and on the server.

const PHONE_MESSAGE =
  'Enter an Australian phone number with its area code, like (02) 9270 6400, or a 1300 number'

/** Receipts print the practice's number: a landline or mobile (stored as E.164) or a 13/1300/1800 line. */
const practicePhoneSchema = z
  .string({ error: 'Enter the practice phone number' })
  .trim()
  .min(1, 'Enter the practice phone number')
  .transform((input, ctx) => {
    const e164 = toE164AustralianPhone(input)
    if (e164) return e164
    const compact = input.replace(/[\s()-]/g, '')
    // Practices often answer on a 1300 number; it has no E.164 form, so it is kept as dialled.
    if (/^(1[38]00\d{6}|13\d{4})$/.test(compact)) return compact
    ctx.addIssue(PHONE_MESSAGE)
    return z.NEVER
  })

// An empty box is a missing number, never 0.
const blankAsMissing = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value

export const practiceSchema = z.object({
  intent: z.literal('practice'),
  name: z
    .string({ error: 'Enter the practice name' })
    .trim()
    .min(2, 'Enter the practice name')
    .max(120, 'Keep the name under 120 characters'),
  abn: abnSchema,
  address: z
    .string({ error: 'Enter the address printed on receipts' })
    .trim()
    .min(5, 'Enter the address printed on receipts')
    .max(300, 'Keep the address under 300 characters'),
  phone: practicePhoneSchema,
  email: z
    .string({ error: 'Enter the practice email' })
    .trim()
    .min(1, 'Enter the practice email')
    .pipe(emailSchema),
  invoicePrefix: z
    .string({ error: 'Enter a prefix, like INV' })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z][A-Z0-9]{0,7}$/, 'Use 1 to 8 letters or digits, starting with a letter, like INV'),
  lateCancellationRefundPercent: z.preprocess(
    blankAsMissing,
    z.coerce
      .number({ error: 'Enter a percentage from 0 to 100' })
      .int('Enter a whole percentage')
      .min(0, 'Enter a percentage from 0 to 100')
      .max(100, 'Enter a percentage from 0 to 100'),
  ),
})

export type PracticeInput = z.infer<typeof practiceSchema>

const itemNumber = z
  .string()
  .trim()
  .regex(/^\d{3,6}$/, 'That item number was not understood.')

/** A calendar day, "YYYY-MM-DD", that exists (no 30 February). */
export const calendarDaySchema = (missing: string) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    .refine((value) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
      const date = new Date(`${value}T00:00:00Z`)
      return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value)
    }, 'Enter a date like 2027-07-01.')
    .refine((value) => value >= '2000-01-01' && value <= '2099-12-31', 'Enter a date this century.')

// Fee and rebate are per service; $10,000 is far above any MBS fee and catches a typo.
const MAX_MBS_CENTS = 1_000_000

export const medicareRateSchema = z
  .object({
    intent: z.literal('add-rate'),
    itemNumber,
    effectiveFrom: calendarDaySchema('Choose the first day the new rate applies'),
    scheduleFee: dollarsSchema({ missing: 'Enter the schedule fee', minCents: 1, maxCents: MAX_MBS_CENTS }),
    rebate: dollarsSchema({ missing: 'Enter the rebate (the Medicare benefit)', maxCents: MAX_MBS_CENTS }),
  })
  .superRefine((rate, ctx) => {
    if (rate.rebate > rate.scheduleFee)
      ctx.addIssue({
        code: 'custom',
        path: ['rebate'],
        message: 'The rebate cannot be more than the schedule fee.',
      })
  })

export type MedicareRateInput = z.infer<typeof medicareRateSchema>

// Better Access items run from 20 minutes to an hour or so; a day is the outer bound of sense.
const MAX_MINUTES = 480
const minutes = (missing: string) =>
  z.coerce
    .number({ error: missing })
    .int('Enter whole minutes')
    .min(0, 'Enter 0 or more minutes')
    .max(MAX_MINUTES, `Enter no more than ${MAX_MINUTES} minutes`)

export const medicareItemSchema = z
  .object({
    intent: z.literal('edit-item'),
    itemNumber,
    description: z
      .string({ error: 'Describe the item' })
      .trim()
      .min(5, 'Describe the item')
      .max(200, 'Keep the description under 200 characters'),
    minMinutes: z.preprocess(blankAsMissing, minutes('Enter the shortest session the item covers')),
    // Left empty: no upper bound (the "50 minutes or more" items).
    maxMinutes: z.preprocess(blankAsMissing, minutes('Enter a length, or leave it empty').optional()),
  })
  .superRefine((item, ctx) => {
    if (item.maxMinutes !== undefined && item.maxMinutes <= item.minMinutes)
      ctx.addIssue({
        code: 'custom',
        path: ['maxMinutes'],
        message: 'This must be more than the shortest length, or left empty for no upper limit.',
      })
  })

export type MedicareItemInput = z.infer<typeof medicareItemSchema>

export const medicareSwitchSchema = z.object({
  intent: z.literal('switch-item'),
  itemNumber,
  active: z.enum(['on', 'off']),
})

/** The first 1 July after `today` ("YYYY-MM-DD"): when the MBS indexation starts. */
export function nextIndexationDay(today: string) {
  const year = Number(today.slice(0, 4))
  return today < `${year}-07-01` ? `${year}-07-01` : `${year + 1}-07-01`
}

export const removeRateSchema = z.object({
  intent: z.literal('remove-rate'),
  // The item the rate belongs to: the page returns to it.
  itemNumber,
  rateId: z.string().min(1).max(64),
})

// Left empty: the psychologist is charged the type's own fee.
const ownFee = z
  .preprocess(blankAsMissing, dollarsSchema({ missing: 'Enter a fee', maxCents: 1_000_000 }).optional())
  .transform((cents) => cents ?? null)

export type FeeChange = { appointmentTypeId: string; feeCents: number | null }

/**
 * One psychologist's row of the fees grid: a field per appointment type (`fees.<type id>`)
 * holding their own fee, or empty to charge the type's default; a bad one is refused on its
 * own field. Read as the change to every type.
 */
export function feeRowSchema(appointmentTypeIds: readonly string[]) {
  return z.object({
    intent: z.literal('fees'),
    psychologistId: z.string().min(1).max(64),
    fees: z.object(Object.fromEntries(appointmentTypeIds.map((id) => [id, ownFee]))).transform((fees) =>
      Object.entries(fees).map(([appointmentTypeId, feeCents]): FeeChange => ({
        appointmentTypeId,
        feeCents,
      })),
    ),
  })
}
