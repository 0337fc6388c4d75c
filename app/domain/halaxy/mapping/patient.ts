import { toE164AustralianMobile, toE164AustralianPhone } from '~/domain/patients/phone.ts'
import {
  type FhirAddress,
  type FhirCoding,
  type FhirContactPoint,
  type FhirHumanName,
  type FhirPatient,
  type FhirPatientContact,
  type MergePatch,
} from '../fhir.ts'

// A Haven patient as Halaxy's Patient, and Halaxy's patients read back. Pure: no database, no
// requests, no clock. The input is narrow on purpose: it names the demographic fields Halaxy
// needs and refuses, at compile time, the clinical ones (intake answers, K10, notes), so
// nothing clinical can reach Halaxy through here by accident.
//
// Shapes follow Halaxy's documentation and the live-tested notes of public clients
// (clinically-au/laravel-halaxy, ryanhunt/halaxy-mcp): mobiles go as system "sms", use "mobile".

/**
 * Fields that must never be sent to Halaxy's Patient. Listed so the compiler refuses any
 * object carrying them (a whole PatientProfile, say): the caller has to pick fields by name.
 * Medicare and DVA numbers belong to Halaxy's Coverage, not the Patient, so they are out too.
 */
type NotForHalaxyPatient =
  | 'reasonForVisit'
  | 'riskThoughts'
  | 'k10Responses'
  | 'questionnaireAssignments'
  | 'questionnaireResponses'
  | 'riskFlags'
  | 'referrals'
  | 'files'
  | 'intakeSteps'
  | 'notes'
  | 'answers'
  | 'score'
  | 'band'
  | 'bands'
  | 'scaleScores'
  | 'medicareNumber'
  | 'medicareIrn'
  | 'dvaNumber'
  | 'concessionNumber'

/** An input type that the compiler refuses whenever these keys are present. */
export type Refuses<Keys extends string> = { readonly [K in Keys]?: never }

/** What Haven tells Halaxy about a patient: who they are and how to reach them. Empty = not given. */
export type HalaxyPatientInput = {
  legalFirstName: string
  legalLastName: string
  preferredName: string
  /** The patient's sign-in address (User.email). */
  email: string
  /** A Postgres `date`: midnight UTC of the birthday. */
  dateOfBirth: Date | null
  /** Haven's gender value (woman, man, non_binary, different_term, prefer_not_to_say). */
  gender: string
  /** E.164, e.g. +61412345678. */
  mobile: string
  addressLine: string
  suburb: string
  state: string
  postcode: string
  emergencyName: string
  emergencyRelationship: string
  emergencyPhone: string
} & Refuses<NotForHalaxyPatient>

/** A Patient for `POST /Patient`: always named; absent fields are left out, never "". */
export type HalaxyPatientResource = FhirPatient & { name: FhirHumanName[] }

/** The Patient fields Haven owns in Halaxy, the only ones `patientPatch` ever names. */
export const PATIENT_FIELDS = ['name', 'telecom', 'gender', 'birthDate', 'address', 'contact'] as const
export type PatientField = (typeof PATIENT_FIELDS)[number]

/** A JSON merge-patch for `PATCH /Patient/{id}`: changed fields only; null removes one. */
type HalaxyPatientPatch = MergePatch<Pick<FhirPatient, PatientField>>

// "Prefer not to say" sends nothing rather than guess; Halaxy's other values are left alone.
const GENDERS: Record<string, FhirPatient['gender']> = {
  woman: 'female',
  man: 'male',
  non_binary: 'other',
  different_term: 'other',
}

// HL7 v2 table 0131, code C: the contact is an emergency contact (the relationship is its text).
const EMERGENCY_CONTACT: FhirCoding = {
  system: 'http://terminology.hl7.org/CodeSystem/v2-0131',
  code: 'C',
  display: 'Emergency Contact',
}

const clean = (value: string | null | undefined) => value?.trim() ?? ''

/** "+61412345678" as Halaxy wants it: mobiles are SMS-capable, landlines are plain phones. */
function phoneContactPoint(input: string): FhirContactPoint | null {
  const mobile = toE164AustralianMobile(input)
  if (mobile) return { system: 'sms', value: mobile, use: 'mobile' }
  const landline = toE164AustralianPhone(input)
  return landline ? { system: 'phone', value: landline, use: 'home' } : null
}

function birthDateOf(date: Date | null) {
  return date ? date.toISOString().slice(0, 10) : undefined
}

/** "Sam Lee" → text plus a best guess at parts (last word as family), for Halaxy's contact form. */
function contactName(fullName: string): FhirHumanName | undefined {
  const words = fullName.split(/\s+/).filter(Boolean)
  if (words.length === 0) return undefined
  if (words.length === 1) return { text: fullName, given: words }
  return { text: fullName, given: words.slice(0, -1), family: words.at(-1) }
}

/** A Haven patient as a FHIR Patient for `POST /Patient`. */
export function patientResource(patient: HalaxyPatientInput): HalaxyPatientResource {
  const first = clean(patient.legalFirstName)
  const last = clean(patient.legalLastName)
  const preferred = clean(patient.preferredName)

  const official: FhirHumanName = { use: 'official' }
  if (last) official.family = last
  if (first) official.given = [first]
  const name = [official]
  if (preferred && preferred.toLowerCase() !== first.toLowerCase()) {
    name.push({ use: 'usual', given: [preferred] })
  }

  const resource: HalaxyPatientResource = { resourceType: 'Patient', name }

  const telecom: FhirContactPoint[] = []
  const phone = phoneContactPoint(clean(patient.mobile))
  if (phone) telecom.push(phone)
  const email = clean(patient.email)
  if (email) telecom.push({ system: 'email', value: email, use: 'home' })
  if (telecom.length > 0) resource.telecom = telecom

  const gender = GENDERS[clean(patient.gender)]
  if (gender) resource.gender = gender

  const birthDate = birthDateOf(patient.dateOfBirth)
  if (birthDate) resource.birthDate = birthDate

  const line = clean(patient.addressLine)
  const city = clean(patient.suburb)
  const state = clean(patient.state)
  const postalCode = clean(patient.postcode)
  if (line || city || state || postalCode) {
    const address: FhirAddress = { use: 'home', type: 'physical', country: 'AU' }
    if (line) address.line = [line]
    if (city) address.city = city
    if (state) address.state = state
    if (postalCode) address.postalCode = postalCode
    resource.address = [address]
  }

  const contactFullName = clean(patient.emergencyName)
  const contactPhone = phoneContactPoint(clean(patient.emergencyPhone))
  if (contactFullName || contactPhone) {
    const relationship = clean(patient.emergencyRelationship)
    const contact: FhirPatientContact = {
      relationship: relationship
        ? [{ coding: [EMERGENCY_CONTACT] }, { text: relationship }]
        : [{ coding: [EMERGENCY_CONTACT] }],
    }
    const contactNameParts = contactName(contactFullName)
    if (contactNameParts) contact.name = contactNameParts
    if (contactPhone) contact.telecom = [contactPhone]
    resource.contact = [contact]
  }

  return resource
}

/** One field of `after` into a merge-patch: its value, or null when it is now empty. */
function patchField<K extends PatientField>(patch: HalaxyPatientPatch, after: FhirPatient, field: K) {
  patch[field] = after[field] ?? null
}

/**
 * The merge-patch that takes Halaxy's copy from `previous` to `current`: only the fields that
 * changed, null for one now empty. Arrays (names, telecom, address, contact) are whole values
 * in a merge-patch, so a changed one is sent complete. `{}` means nothing to send.
 */
export function patientPatch(previous: HalaxyPatientInput, current: HalaxyPatientInput): HalaxyPatientPatch {
  const before = patientResource(previous)
  const after = patientResource(current)
  const patch: HalaxyPatientPatch = {}
  for (const field of PATIENT_FIELDS) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) patchField(patch, after, field)
  }
  return patch
}

type HalaxyPatientSearchQuery = {
  family: string
  given: string
  birthdate?: string
  email?: string
}

/**
 * Query parameters for `GET /Patient?…` that find the patient a lost create may have made.
 * Halaxy is known to ignore some search parameters silently, so check each result with
 * `isSearchMatch` before linking to it.
 */
export function patientSearchQuery(patient: HalaxyPatientInput): HalaxyPatientSearchQuery {
  const query: HalaxyPatientSearchQuery = {
    family: clean(patient.legalLastName),
    given: clean(patient.legalFirstName),
  }
  const birthdate = birthDateOf(patient.dateOfBirth)
  if (birthdate) query.birthdate = birthdate
  const email = clean(patient.email)
  if (email) query.email = email
  return query
}

/**
 * Whether a search result is this patient: same official family and first given name, same
 * birth date, and — when both have one — the same email. Case and spacing are ignored.
 */
export function isSearchMatch(candidate: FhirPatient, patient: HalaxyPatientInput): boolean {
  const same = (a: string | undefined, b: string) => clean(a).toLowerCase() === b.toLowerCase()
  const names = candidate.name ?? []
  const official = names.find((name) => name.use === 'official') ?? names.find((name) => name.family)
  if (!official) return false
  if (!same(official.family, clean(patient.legalLastName))) return false
  if (!same(official.given?.[0], clean(patient.legalFirstName))) return false
  if ((candidate.birthDate ?? '') !== (birthDateOf(patient.dateOfBirth) ?? '')) return false
  const email = clean(patient.email)
  const candidateEmails = (candidate.telecom ?? []).filter((point) => point.system === 'email')
  if (email && candidateEmails.length > 0) {
    return candidateEmails.some((point) => same(point.value, email))
  }
  return true
}
