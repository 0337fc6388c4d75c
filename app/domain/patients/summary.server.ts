import { type RiskReason } from '~/generated/prisma/enums.ts'
import { db } from '~/utils/db.server.ts'
import { type AccessContext, audit } from '../audit/audit.server.ts'
import { DEFAULT_TIME_ZONE } from '../scheduling/directory.ts'
import { ageOn } from './dates.ts'
import {
  GENDER_OPTIONS,
  MODALITY_OPTIONS,
  PSYCHOLOGIST_GENDER_OPTIONS,
  REFERRER_OPTIONS,
  RISK_QUESTION,
  type IntakeStepKey,
} from './intake.ts'
import { K10_BANDS } from './k10.ts'
import { formatMedicareNumber, maskMedicareNumber } from './medicare.ts'
import { formatAustralianPhone } from './phone.ts'

/** What raised each flag, for the care team (a manager reads only that one needs follow-up). */
const RISK_REASON_LABELS: Record<RiskReason, string> = {
  k10_very_high: 'Very high K10 score',
  risk_answer: 'Said yes to the safety question',
  note_risk: 'A session note assessed the risk as high',
  phq9_item9: 'PHQ-9 item 9: thoughts of being better off dead or of self-harm',
  measure_severe: 'Severe score on a questionnaire (see outcome measures)',
}

type SummaryRow = { label: string; value: string }
export type SummarySection = { step: IntakeStepKey; title: string; rows: SummaryRow[] }

const labelOf = (options: readonly { value: string; label: string }[], value: string | null | undefined) =>
  options.find((option) => option.value === value)?.label ?? ''
const phone = (e164: string) => (e164 ? formatAustralianPhone(e164) : '')
const dateLabel = (date: Date, timeZone = 'UTC') =>
  date.toLocaleDateString('en-AU', { day: 'numeric', month: 'long', year: 'numeric', timeZone })

type SummaryAudience =
  | { audience: 'patient' }
  /** Staff: every view is audited, as the viewer. */
  | { audience: 'psychologist' | 'manager'; viewerId: string; access?: AccessContext }

/** What a staff view of the record shows, by category: the audit names these, never the values. */
const VIEWED = {
  psychologist: [
    'contact_details',
    'medicare_card',
    'referral',
    'reason_for_visit',
    'risk_answer',
    'preferences',
    'k10_scores',
    'risk_flags',
    'access_history',
  ],
  manager: [
    'contact_details',
    'medicare_card_masked',
    'referral',
    'preferences',
    'risk_flags',
    'access_history',
  ],
} as const

/** Whether this patient has a record at all (a staff action checks this without reading it). */
export async function hasPatientRecord(patientId: string) {
  return (await db.patientProfile.count({ where: { userId: patientId } })) > 0
}

/**
 * A patient's record as people read it: the patient's review and profile, and staff views.
 * Managers see what running the practice needs (decision 008): a masked Medicare number, and a
 * flag that needs follow-up without what raised it; no K10 scores, safety answer or reason for visit.
 */
export async function patientSummary(patientId: string, options: SummaryAudience) {
  const forPatient = options.audience === 'patient'
  const forManager = options.audience === 'manager'
  const profile = await db.patientProfile.findUnique({
    where: { userId: patientId },
    include: {
      user: { select: { name: true, email: true } },
      referrals: {
        orderBy: { createdAt: 'desc' },
        take: 1,
        include: { letter: { select: { id: true, fileName: true } } },
      },
      k10Responses: forManager ? false : { orderBy: { createdAt: 'desc' } },
      riskFlags: { orderBy: { raisedAt: 'desc' } },
    },
  })
  if (!profile) return null
  if (options.audience !== 'patient') {
    await db.$transaction((tx) =>
      audit(tx, {
        actorId: options.viewerId,
        action: 'patient.record_viewed',
        entity: 'patient',
        entityId: patientId,
        access: options.access,
        detail: { viewed: [...VIEWED[options.audience]] },
      }),
    )
  }
  const referral = profile.referrals[0] ?? null
  const acknowledgers = await namesOf(profile.riskFlags.map((flag) => flag.acknowledgedById))
  const dob = profile.dateOfBirth ? profile.dateOfBirth.toISOString().slice(0, 10) : null

  const sections: SummarySection[] = [
    {
      step: 'about',
      title: forPatient ? 'About you' : 'About',
      rows: [
        { label: 'Name', value: [profile.legalFirstName, profile.legalLastName].filter(Boolean).join(' ') },
        { label: 'Preferred name', value: profile.preferredName },
        { label: 'Pronouns', value: profile.pronouns },
        {
          label: 'Date of birth',
          value: dob ? `${dateLabel(profile.dateOfBirth!)} (age ${ageOn(dob, new Date())})` : '',
        },
        { label: 'Gender', value: labelOf(GENDER_OPTIONS, profile.gender) },
        {
          label: 'Address',
          value: [
            profile.addressLine,
            profile.suburb,
            [profile.state, profile.postcode].filter(Boolean).join(' '),
          ]
            .filter(Boolean)
            .join(', '),
        },
        { label: 'Mobile', value: phone(profile.mobile) },
        // The patient's own page says this beside their message choices.
        ...(profile.smsOptedOutAt && !forPatient
          ? [
              {
                label: 'Texts',
                value: `Texts stopped by the patient (STOP) on ${dateLabel(profile.smsOptedOutAt, DEFAULT_TIME_ZONE)}`,
              },
            ]
          : []),
        { label: 'Email', value: profile.user.email },
      ],
    },
    {
      step: 'contacts',
      title: 'Emergency contact and GP',
      rows: [
        {
          label: 'Emergency contact',
          value: profile.emergencyName
            ? `${profile.emergencyName} (${profile.emergencyRelationship}), ${phone(profile.emergencyPhone)}`
            : '',
        },
        {
          label: 'GP',
          value: [profile.gpName, profile.gpPractice, phone(profile.gpPhone)].filter(Boolean).join(', '),
        },
      ],
    },
    {
      step: 'medicare',
      title: 'Medicare',
      rows: [
        {
          label: 'Medicare card',
          value: profile.medicareNumber
            ? `${(forManager ? maskMedicareNumber : formatMedicareNumber)(profile.medicareNumber)}, number ${profile.medicareIrn} on the card, valid to ${String(profile.medicareExpiryMonth).padStart(2, '0')}/${profile.medicareExpiryYear}`
            : profile.intakeSteps.includes('medicare')
              ? 'No Medicare card given'
              : '',
        },
        { label: 'DVA file number', value: profile.dvaNumber },
        { label: 'Concession card', value: profile.concessionNumber },
      ],
    },
    {
      step: 'referral',
      title: 'Referral',
      rows:
        profile.referrerType === 'none'
          ? [{ label: 'Referral', value: 'No referral (private)' }]
          : referral
            ? [
                { label: 'Referred by', value: labelOf(REFERRER_OPTIONS, referral.referrerType) },
                {
                  label: 'Referrer',
                  value: [referral.referrerName, referral.referrerProviderNumber, referral.referrerPractice]
                    .filter(Boolean)
                    .join(', '),
                },
                { label: 'Referral date', value: dateLabel(referral.referralDate) },
                { label: 'Sessions referred', value: String(referral.sessionsReferred) },
                { label: 'Letter', value: referral.letter ? referral.letter.fileName : 'Not uploaded yet' },
              ]
            : [],
    },
    {
      step: 'needs',
      title: forPatient ? 'What brings you to Haven' : 'Reasons and preferences',
      rows: [
        ...(forManager
          ? []
          : [
              { label: forPatient ? 'In your words' : 'In their words', value: profile.reasonForVisit },
              {
                label: RISK_QUESTION,
                value: profile.riskThoughts === null ? '' : profile.riskThoughts ? 'Yes' : 'No',
              },
            ]),
        { label: 'How to meet', value: labelOf(MODALITY_OPTIONS, profile.modalityPreference) },
        {
          label: 'Psychologist',
          value: labelOf(PSYCHOLOGIST_GENDER_OPTIONS, profile.psychologistGenderPreference),
        },
        { label: 'Languages', value: profile.languages.join(', ') },
      ],
    },
  ]

  return {
    patientId,
    name: profile.user.name,
    email: profile.user.email,
    intakeSteps: profile.intakeSteps,
    intakeSubmittedAt: profile.intakeSubmittedAt?.toISOString() ?? null,
    sections,
    letter: referral?.letter ?? null,
    /** null: not shown to this audience. */
    k10: profile.k10Responses
      ? profile.k10Responses.map((response) => ({
          id: response.id,
          takenAt: response.createdAt.toISOString(),
          score: response.score,
          band: K10_BANDS[response.band].label,
          veryHigh: response.band === 'very_high',
        }))
      : null,
    flags: profile.riskFlags.map((flag) => ({
      id: flag.id,
      reason: forManager ? 'Needs follow-up' : RISK_REASON_LABELS[flag.reason],
      raisedAt: flag.raisedAt.toISOString(),
      acknowledgedAt: flag.acknowledgedAt?.toISOString() ?? null,
      acknowledgedBy: flag.acknowledgedById ? (acknowledgers.get(flag.acknowledgedById) ?? null) : null,
    })),
  }
}

export type PatientSummary = NonNullable<Awaited<ReturnType<typeof patientSummary>>>

async function namesOf(ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((id) => id !== null))]
  if (wanted.length === 0) return new Map<string, string>()
  const users = await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } })
  return new Map(users.map((user) => [user.id, user.name]))
}
