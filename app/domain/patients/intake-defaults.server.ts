import { formatAustralianPhone } from './phone.ts'
import { type getIntake } from './intake.server.ts'
import { K10_ITEMS } from './k10.ts'
import { type DataStep } from './intake.server.ts'

type Intake = Awaited<ReturnType<typeof getIntake>>

const isoDate = (date: Date | null | undefined) => (date ? date.toISOString().slice(0, 10) : undefined)
const phone = (e164: string) => (e164 ? formatAustralianPhone(e164) : '')

/** What a step's form shows: the patient's saved answers, in the form's own terms. */
export function stepDefaults(step: DataStep, { profile, referral, k10 }: Intake): Record<string, unknown> {
  switch (step) {
    case 'about':
      return {
        legalFirstName: profile.legalFirstName,
        legalLastName: profile.legalLastName,
        preferredName: profile.preferredName,
        pronouns: profile.pronouns,
        dateOfBirth: isoDate(profile.dateOfBirth),
        gender: profile.gender || undefined,
        addressLine: profile.addressLine,
        suburb: profile.suburb,
        state: profile.state || undefined,
        postcode: profile.postcode,
        mobile: phone(profile.mobile),
      }
    case 'contacts':
      return {
        emergencyName: profile.emergencyName,
        emergencyRelationship: profile.emergencyRelationship,
        emergencyPhone: phone(profile.emergencyPhone),
        gpName: profile.gpName,
        gpPractice: profile.gpPractice,
        gpPhone: phone(profile.gpPhone),
      }
    case 'medicare':
      return {
        hasMedicare: profile.medicareNumber
          ? 'yes'
          : profile.intakeSteps.includes('medicare')
            ? 'no'
            : undefined,
        medicareNumber: profile.medicareNumber ?? '',
        medicareIrn: profile.medicareIrn?.toString() ?? '',
        medicareExpiry:
          profile.medicareExpiryYear && profile.medicareExpiryMonth
            ? `${profile.medicareExpiryYear}-${String(profile.medicareExpiryMonth).padStart(2, '0')}`
            : '',
        dvaNumber: profile.dvaNumber,
        concessionNumber: profile.concessionNumber,
      }
    case 'referral':
      return {
        referrerType: profile.referrerType ?? undefined,
        referrerName: referral?.referrerName ?? '',
        referrerProviderNumber: referral?.referrerProviderNumber ?? '',
        referrerPractice: referral?.referrerPractice ?? '',
        referralDate: isoDate(referral?.referralDate) ?? '',
        sessionsReferred: referral?.sessionsReferred?.toString() ?? '6',
      }
    case 'needs':
      return {
        reasonForVisit: profile.reasonForVisit,
        riskThoughts: profile.riskThoughts === null ? undefined : profile.riskThoughts ? 'yes' : 'no',
        modalityPreference: profile.modalityPreference ?? undefined,
        psychologistGenderPreference: profile.psychologistGenderPreference || undefined,
        languages: profile.languages.join(', '),
      }
    case 'k10':
      return Object.fromEntries(K10_ITEMS.map((item, index) => [item.name, k10?.answers[index]?.toString()]))
  }
}
