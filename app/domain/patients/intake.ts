import { z } from 'zod'
import { dateOfBirthSchema, referralDateSchema } from './dates.ts'
import { k10Schema } from './k10.ts'
import { irnSchema, medicareExpirySchema, medicareNumberSchema } from './medicare.ts'
import { mobileSchema, phoneSchema } from './phone.ts'

// The intake a new patient completes before their first session, one short step at a
// time. Client-safe: the same schemas validate in the browser and on the server.

export const INTAKE_STEPS = [
  { key: 'about', title: 'About you' },
  { key: 'contacts', title: 'Emergency contact and GP' },
  { key: 'medicare', title: 'Medicare' },
  { key: 'referral', title: 'Referral' },
  { key: 'needs', title: 'What brings you to Haven' },
  { key: 'k10', title: 'How you have been feeling' },
  { key: 'consents', title: 'Agreements' },
] as const

export type IntakeStepKey = (typeof INTAKE_STEPS)[number]['key']

export function stepIndex(step: IntakeStepKey) {
  return INTAKE_STEPS.findIndex((candidate) => candidate.key === step)
}

/** The first step not saved yet, or null when every step is saved. */
export function nextIncompleteStep(saved: readonly string[]): IntakeStepKey | null {
  return INTAKE_STEPS.find((step) => !saved.includes(step.key))?.key ?? null
}

const text = (missing: string, max = 120) =>
  z.string({ error: missing }).trim().min(1, missing).max(max, `Use at most ${max} characters`)

const optionalText = (max = 120) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max} characters`)
    .optional()
    .transform((value) => value ?? '')

export const AUSTRALIAN_STATES = ['ACT', 'NSW', 'NT', 'QLD', 'SA', 'TAS', 'VIC', 'WA'] as const

export const GENDER_OPTIONS = [
  { value: 'woman', label: 'Woman' },
  { value: 'man', label: 'Man' },
  { value: 'non_binary', label: 'Non-binary' },
  { value: 'different_term', label: 'I use a different term' },
  { value: 'prefer_not_to_say', label: 'Prefer not to say' },
] as const

export const aboutSchema = z.object({
  legalFirstName: text('Enter your first name, as on your Medicare card'),
  legalLastName: text('Enter your last name, as on your Medicare card'),
  preferredName: optionalText(),
  pronouns: optionalText(40),
  dateOfBirth: dateOfBirthSchema,
  gender: z.enum(
    GENDER_OPTIONS.map((option) => option.value),
    { error: 'Choose the option that fits best, or "Prefer not to say"' },
  ),
  addressLine: text('Enter your street address', 200),
  suburb: text('Enter your suburb or town'),
  state: z.enum(AUSTRALIAN_STATES, { error: 'Choose your state or territory' }),
  postcode: z
    .string({ error: 'Enter your postcode' })
    .trim()
    .regex(/^\d{4}$/, 'An Australian postcode has 4 digits, like 2000'),
  mobile: mobileSchema,
})

// Conform turns an empty field into undefined, so an optional phone is checked by hand.
const optionalPhone = z
  .string()
  .trim()
  .optional()
  .transform((input, ctx) => {
    if (!input) return ''
    const parsed = phoneSchema.safeParse(input)
    if (parsed.success) return parsed.data
    for (const issue of parsed.error.issues) ctx.addIssue(issue.message)
    return z.NEVER
  })

export const contactsSchema = z.object({
  emergencyName: text('Enter the name of someone we can contact in an emergency'),
  emergencyRelationship: text('Tell us how they are related to you, e.g. partner, parent, friend', 60),
  emergencyPhone: phoneSchema,
  gpName: optionalText(),
  gpPractice: optionalText(),
  gpPhone: optionalPhone,
})

export const medicareSchema = z.discriminatedUnion(
  'hasMedicare',
  [
    z.object({
      hasMedicare: z.literal('yes'),
      medicareNumber: medicareNumberSchema,
      medicareIrn: irnSchema,
      medicareExpiry: medicareExpirySchema,
      dvaNumber: optionalText(20),
      concessionNumber: optionalText(20),
    }),
    z.object({
      hasMedicare: z.literal('no'),
      dvaNumber: optionalText(20),
      concessionNumber: optionalText(20),
    }),
  ],
  { error: 'Tell us whether you have a Medicare card' },
)

export const REFERRER_OPTIONS = [
  { value: 'gp_mhtp', label: 'My GP, with a Mental Health Treatment Plan' },
  { value: 'psychiatrist', label: 'A psychiatrist' },
  { value: 'paediatrician', label: 'A paediatrician' },
  { value: 'none', label: 'No referral: I will see a psychologist privately' },
] as const

const providerNumber = z
  .string({ error: "Enter the referrer's provider number, from the referral letter" })
  .trim()
  .toUpperCase()
  .regex(
    /^\d{5,6}[0-9A-HJ-NP-Z][0-9A-HJ-NP-Z]$/,
    "A provider number looks like 2123456A: check the referral letter's letterhead",
  )

export const referralSchema = z.discriminatedUnion(
  'referrerType',
  [
    z.object({
      referrerType: z.enum(['gp_mhtp', 'psychiatrist', 'paediatrician']),
      referrerName: text("Enter the referring doctor's name"),
      referrerProviderNumber: providerNumber,
      referrerPractice: optionalText(),
      referralDate: referralDateSchema,
      sessionsReferred: z.coerce
        .number({ error: 'Enter how many sessions the referral is for (usually 6)' })
        .int('Enter a whole number of sessions')
        .min(1, 'A referral is for at least 1 session')
        .max(10, 'A referral covers at most 10 sessions'),
    }),
    z.object({ referrerType: z.literal('none') }),
  ],
  { error: 'Tell us who referred you, or choose "No referral"' },
)

export const MODALITY_OPTIONS = [
  { value: 'either', label: 'Either is fine' },
  { value: 'telehealth', label: 'Video (telehealth)' },
  { value: 'in_person', label: 'In person, in Sydney' },
] as const

export const PSYCHOLOGIST_GENDER_OPTIONS = [
  { value: 'no_preference', label: 'No preference' },
  { value: 'female', label: 'A woman' },
  { value: 'male', label: 'A man' },
  { value: 'non_binary', label: 'A non-binary psychologist' },
] as const

export const RISK_QUESTION =
  'In the past month, have you had thoughts of harming yourself or of ending your life?'

export const needsSchema = z.object({
  reasonForVisit: text('Tell us a little about what brings you here; a sentence is enough', 2000),
  riskThoughts: z.enum(['yes', 'no'], { error: 'Please answer this question; it helps us keep you safe' }),
  modalityPreference: z.enum(
    MODALITY_OPTIONS.map((option) => option.value),
    { error: 'Choose how you would like to meet' },
  ),
  psychologistGenderPreference: z.enum(
    PSYCHOLOGIST_GENDER_OPTIONS.map((option) => option.value),
    { error: 'Choose a preference, or "No preference"' },
  ),
  languages: optionalText(200).transform((value) =>
    value
      .split(',')
      .map((language) => language.trim())
      .filter(Boolean)
      .slice(0, 10),
  ),
})

/** The referral step's file field: the letter is checked on the server, which answers beside it. */
export const REFERRAL_LETTER_FIELD = 'referralLetter'

export const STEP_SCHEMAS = {
  about: aboutSchema,
  contacts: contactsSchema,
  medicare: medicareSchema,
  referral: referralSchema,
  needs: needsSchema,
  k10: k10Schema,
} as const
