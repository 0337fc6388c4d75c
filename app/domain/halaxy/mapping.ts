import { toE164AustralianMobile, toE164AustralianPhone } from '~/domain/patients/phone.ts'
import { instantToZoned, MINUTE_MS } from '~/domain/scheduling/zoned-time.ts'

// Haven's records as Halaxy's FHIR resources, and Halaxy's resources read back. Pure: no
// database, no requests, no clock. Inputs are narrow on purpose: they name the demographic
// and scheduling fields Halaxy needs and refuse, at compile time, the clinical ones (intake
// answers, K10, notes), so nothing clinical can reach Halaxy through here by accident.
//
// Shapes follow Halaxy's documentation and the live-tested notes of public clients
// (clinically-au/laravel-halaxy, ryanhunt/halaxy-mcp): mobiles go as system "sms", use
// "mobile"; $book takes a Parameters body; the appointment has no writable status, so a
// cancellation patches the patient participant's status modifierExtension.

// ───────────────────────────── shared FHIR pieces ─────────────────────────────

export type FhirReference = { type: string; reference: string }

export type FhirCoding = { system?: string; code?: string; display?: string }

export type FhirContactPoint = {
  system: 'sms' | 'phone' | 'email'
  value: string
  use: 'mobile' | 'home'
}

/** Halaxy's own extension URLs and code systems. */
export const HALAXY_PARTICIPANT_STATUS_URL =
  'https://terminology.halaxy.com/StructureDefinition/appointment-participant-status'
export const HALAXY_PARTICIPANT_INVOICE_URL =
  'https://terminology.halaxy.com/StructureDefinition/appointment-participant-invoice'
const HALAXY_AU_ORIGIN = 'https://au-api.halaxy.com'

// ───────────────────────────── patients ─────────────────────────────

/**
 * Fields that must never be sent to Halaxy's Patient. Listed so the compiler refuses any
 * object carrying them (a whole PatientProfile, say): the caller has to pick fields by name.
 * Medicare and DVA numbers belong to Halaxy's Coverage, not the Patient, so they are out too.
 */
type NotForHalaxyPatient =
  | 'reasonForVisit'
  | 'riskThoughts'
  | 'k10Responses'
  | 'riskFlags'
  | 'referrals'
  | 'files'
  | 'intakeSteps'
  | 'notes'
  | 'answers'
  | 'score'
  | 'band'
  | 'medicareNumber'
  | 'medicareIrn'
  | 'dvaNumber'
  | 'concessionNumber'

type Refuses<Keys extends string> = { readonly [K in Keys]?: never }

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

export type FhirHumanName = {
  use: 'official' | 'usual'
  text?: string
  family?: string
  given?: string[]
}

export type FhirAddress = {
  use: 'home'
  type: 'physical'
  line?: string[]
  city?: string
  state?: string
  postalCode?: string
  country: 'AU'
}

export type FhirPatientContact = {
  relationship: [{ coding: [FhirCoding] }, ...{ text: string }[]]
  name?: { text: string; family?: string; given?: string[] }
  telecom?: FhirContactPoint[]
}

export type HalaxyGender = 'female' | 'male' | 'other'

/** A Patient for `POST /Patient`: only what Haven knows; absent fields are left out, never "". */
export type HalaxyPatientResource = {
  resourceType: 'Patient'
  name: FhirHumanName[]
  telecom?: FhirContactPoint[]
  gender?: HalaxyGender
  birthDate?: string
  address?: FhirAddress[]
  contact?: FhirPatientContact[]
}

/** The Patient fields Haven owns in Halaxy, the only ones `patientPatch` ever names. */
export const PATIENT_FIELDS = ['name', 'telecom', 'gender', 'birthDate', 'address', 'contact'] as const
type PatientField = (typeof PATIENT_FIELDS)[number]

/** A JSON merge-patch for `PATCH /Patient/{id}`: changed fields only; null removes one. */
export type HalaxyPatientPatch = {
  [K in PatientField]?: NonNullable<HalaxyPatientResource[K]> | null
}

// "Prefer not to say" sends nothing rather than guess; Halaxy's other values are left alone.
const GENDERS: Record<string, HalaxyGender> = {
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
function contactName(fullName: string) {
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

/**
 * The merge-patch that takes Halaxy's copy from `previous` to `current`: only the fields that
 * changed, null for one now empty. Arrays (names, telecom, address, contact) are whole values
 * in a merge-patch, so a changed one is sent complete. `{}` means nothing to send.
 */
export function patientPatch(previous: HalaxyPatientInput, current: HalaxyPatientInput): HalaxyPatientPatch {
  const before = patientResource(previous)
  const after = patientResource(current)
  const patch: Record<string, unknown> = {}
  for (const field of PATIENT_FIELDS) {
    if (JSON.stringify(before[field]) === JSON.stringify(after[field])) continue
    patch[field] = after[field] ?? null
  }
  return patch as HalaxyPatientPatch
}

export type HalaxyPatientSearchQuery = {
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

/** A Patient as Halaxy returns it; only the fields Haven reads. */
export type HalaxyPatient = {
  resourceType?: string
  id?: string
  name?: { use?: string; family?: string; given?: string[]; text?: string }[]
  telecom?: { system?: string; value?: string; use?: string }[]
  birthDate?: string
}

/**
 * Whether a search result is this patient: same official family and first given name, same
 * birth date, and — when both have one — the same email. Case and spacing are ignored.
 */
export function isSearchMatch(candidate: HalaxyPatient, patient: HalaxyPatientInput): boolean {
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

// ───────────────────────────── time ─────────────────────────────

function twoDigits(value: number) {
  return String(value).padStart(2, '0')
}

/**
 * An instant as the wall clock of a zone with that zone's offset, the way Halaxy wants
 * times: 2026-12-07T10:00:00+11:00 in a Sydney summer, …+10:30 in an Adelaide one.
 */
export function localIsoWithOffset(instant: Date, timeZone: string): string {
  const zoned = instantToZoned(instant, timeZone)
  const hours = Math.floor(zoned.minute / 60)
  const minutes = zoned.minute % 60
  const seconds = Math.floor((((instant.getTime() % MINUTE_MS) + MINUTE_MS) % MINUTE_MS) / 1000)
  const sign = zoned.offsetMinutes < 0 ? '-' : '+'
  const offset = Math.abs(zoned.offsetMinutes)
  const offsetText = `${sign}${twoDigits(Math.floor(offset / 60))}:${twoDigits(offset % 60)}`
  return `${zoned.date}T${twoDigits(hours)}:${twoDigits(minutes)}:${twoDigits(seconds)}${offsetText}`
}

// ───────────────────────────── appointments ─────────────────────────────

/** Kinds of HalaxyMapping rows; a fee's havenId is "<psychologistId>:<appointmentTypeId>". */
export const HALAXY_MAPPING_KINDS = ['psychologist', 'location', 'appointment_type', 'fee'] as const
export type HalaxyMappingKind = (typeof HALAXY_MAPPING_KINDS)[number]

/** A HalaxyMapping row (or the part of one that matters here). */
export type HalaxyMappingRow = { kind: string; havenId: string; halaxyId: string }

/** What Haven books in Halaxy: when, with whom, what kind. No reasons, notes or free text. */
export type HalaxyAppointmentInput = {
  id: string
  startsAt: Date
  endsAt: Date
  /** IANA zone the appointment is shown in (its location's). */
  timeZone: string
  modality: 'in_person' | 'telehealth'
  psychologistId: string
  appointmentTypeId: string
  locationId: string
} & Refuses<'cancelReason' | 'notes' | 'reason' | 'description' | 'comment'>

export type BookContext = {
  /** The patient's Halaxy id (from their HalaxyLink): the patient is pushed before any booking. */
  halaxyPatientId: string
  mappings: readonly HalaxyMappingRow[]
  /**
   * Prefix for references, e.g. "https://au-api.halaxy.com/main/" (Halaxy's live examples use
   * absolute references). Default: relative ("PractitionerRole/PR-123").
   */
  referenceBase?: string
}

/** Halaxy's names for where a session happens. */
export type HalaxyLocationType = 'clinic' | 'telehealth'

export type HalaxyAppointmentTimes = { start: string; end: string; minutesDuration: number }

export type HalaxyApptResource = HalaxyAppointmentTimes & {
  resourceType: 'Appointment'
  participant: [{ actor: FhirReference }]
}

export type HalaxyBookParameter =
  | { name: 'appt-resource'; resource: HalaxyApptResource }
  | { name: 'patient-id'; valueReference: FhirReference }
  | { name: 'healthcare-service-id'; valueReference: FhirReference }
  | { name: 'location-type'; valueCode: HalaxyLocationType }
  | { name: 'status'; valueCode: 'booked' }
  | { name: 'charge-item-definition-id'; valueReference: FhirReference }

/** The body of `POST /Appointment/$book`. */
export type HalaxyBookParameters = { resourceType: 'Parameters'; parameter: HalaxyBookParameter[] }

/** A mapping the manager must set before this appointment can be booked in Halaxy. */
export type MissingHalaxyMapping =
  | { kind: 'psychologist'; havenId: string; halaxyResource: 'PractitionerRole' }
  | { kind: 'appointment_type'; havenId: string; halaxyResource: 'HealthcareService' }

const MISSING_LABELS: Record<MissingHalaxyMapping['kind'], string> = {
  psychologist: 'psychologist → Halaxy practitioner role',
  appointment_type: 'appointment type → Halaxy appointment type (HealthcareService)',
}

/** Booking cannot go ahead until a manager sets these mappings; `missing` says which, exactly. */
export class MissingHalaxyMappingsError extends Error {
  constructor(readonly missing: MissingHalaxyMapping[]) {
    super(
      `Set these Halaxy mappings first: ${missing
        .map((mapping) => `${MISSING_LABELS[mapping.kind]} (${mapping.havenId})`)
        .join('; ')}.`,
    )
    this.name = 'MissingHalaxyMappingsError'
  }
}

/** The mapped Halaxy id, tolerating a stored reference ("PractitionerRole/PR-1") as well as a bare id. */
function mappedId(mappings: readonly HalaxyMappingRow[], kind: HalaxyMappingKind, havenId: string) {
  const halaxyId = mappings.find((row) => row.kind === kind && row.havenId === havenId)?.halaxyId
  return halaxyId ? bareId(halaxyId.trim()) || null : null
}

function bareId(reference: string) {
  return reference.slice(reference.lastIndexOf('/') + 1)
}

function reference(type: string, id: string, base = ''): FhirReference {
  return { type, reference: `${base}${type}/${bareId(id)}` }
}

/** Which manager-set mappings this appointment still lacks (empty: it can be booked). */
export function missingBookMappings(
  appointment: Pick<HalaxyAppointmentInput, 'psychologistId' | 'appointmentTypeId'>,
  mappings: readonly HalaxyMappingRow[],
): MissingHalaxyMapping[] {
  const missing: MissingHalaxyMapping[] = []
  if (!mappedId(mappings, 'psychologist', appointment.psychologistId)) {
    missing.push({
      kind: 'psychologist',
      havenId: appointment.psychologistId,
      halaxyResource: 'PractitionerRole',
    })
  }
  if (!mappedId(mappings, 'appointment_type', appointment.appointmentTypeId)) {
    missing.push({
      kind: 'appointment_type',
      havenId: appointment.appointmentTypeId,
      halaxyResource: 'HealthcareService',
    })
  }
  return missing
}

/** The HalaxyMapping havenId of a psychologist's fee for an appointment type. */
export function feeMappingKey(psychologistId: string, appointmentTypeId: string) {
  return `${psychologistId}:${appointmentTypeId}`
}

function appointmentTimes(appointment: Pick<HalaxyAppointmentInput, 'startsAt' | 'endsAt' | 'timeZone'>) {
  return {
    start: localIsoWithOffset(appointment.startsAt, appointment.timeZone),
    end: localIsoWithOffset(appointment.endsAt, appointment.timeZone),
    minutesDuration: Math.round((appointment.endsAt.getTime() - appointment.startsAt.getTime()) / MINUTE_MS),
  }
}

/**
 * The `Parameters` body for `POST /Appointment/$book`. With a fee mapping it attaches the
 * fee (Halaxy then raises its own invoice). Throws MissingHalaxyMappingsError when the
 * psychologist or appointment type has no Halaxy counterpart yet.
 */
export function bookParameters(
  appointment: HalaxyAppointmentInput,
  context: BookContext,
): HalaxyBookParameters {
  const missing = missingBookMappings(appointment, context.mappings)
  if (missing.length > 0) throw new MissingHalaxyMappingsError(missing)
  const practitionerRoleId = mappedId(context.mappings, 'psychologist', appointment.psychologistId) as string
  const healthcareServiceId = mappedId(
    context.mappings,
    'appointment_type',
    appointment.appointmentTypeId,
  ) as string
  const chargeItemDefinitionId = mappedId(
    context.mappings,
    'fee',
    feeMappingKey(appointment.psychologistId, appointment.appointmentTypeId),
  )
  const base = context.referenceBase ?? ''

  const parameter: HalaxyBookParameter[] = [
    {
      name: 'appt-resource',
      resource: {
        resourceType: 'Appointment',
        ...appointmentTimes(appointment),
        participant: [{ actor: reference('PractitionerRole', practitionerRoleId, base) }],
      },
    },
    { name: 'patient-id', valueReference: reference('Patient', context.halaxyPatientId, base) },
    {
      name: 'healthcare-service-id',
      valueReference: reference('HealthcareService', healthcareServiceId, base),
    },
    { name: 'location-type', valueCode: appointment.modality === 'telehealth' ? 'telehealth' : 'clinic' },
    { name: 'status', valueCode: 'booked' },
  ]
  if (chargeItemDefinitionId) {
    parameter.push({
      name: 'charge-item-definition-id',
      valueReference: reference('ChargeItemDefinition', chargeItemDefinitionId, base),
    })
  }
  return { resourceType: 'Parameters', parameter }
}

/** The merge-patch for `PATCH /Appointment/{id}` that moves it to the appointment's new time. */
export function reschedulePatch(
  appointment: Pick<HalaxyAppointmentInput, 'startsAt' | 'endsAt' | 'timeZone'>,
): HalaxyAppointmentTimes {
  return appointmentTimes(appointment)
}

/** An Appointment as Halaxy returns it (read, webhook follow-up); only the fields Haven reads. */
export type HalaxyAppointment = {
  resourceType?: string
  id?: string
  status?: string
  start?: string
  end?: string
  minutesDuration?: number
  cancellationReason?: unknown
  participant?: HalaxyParticipant[]
}

export type HalaxyParticipant = {
  actor?: { reference?: string; type?: string }
  status?: string
  extension?: HalaxyExtension[]
  modifierExtension?: HalaxyExtension[]
}

export type HalaxyExtension = {
  url?: string
  valueCoding?: FhirCoding
  valueCode?: string
  valueReference?: { reference?: string; type?: string }
}

/**
 * Halaxy's patient statuses for a cancellation. "cancelled (no charge)" also zeroes Halaxy's
 * invoice; plain "cancelled" keeps it, which is what a late cancellation (fee kept) needs.
 */
export type HalaxyCancelStatus = 'cancelled (no charge)' | 'cancelled'

export type HalaxyCancelPatch = {
  participant: [
    {
      actor: FhirReference
      modifierExtension: [
        { url: string; valueCoding: { system: string; code: HalaxyCancelStatus; display: string } },
      ]
    },
  ]
}

/** The appointment has no patient participant to cancel (a block-out or meeting). */
export class NoHalaxyPatientParticipantError extends Error {
  constructor(halaxyAppointmentId: string | undefined) {
    super(`Halaxy appointment ${halaxyAppointmentId ?? '(no id)'} has no patient to cancel.`)
    this.name = 'NoHalaxyPatientParticipantError'
  }
}

function actorTypeOf(actor: { reference?: string; type?: string } | undefined) {
  if (actor?.type) return actor.type
  const parts = (actor?.reference ?? '').split('/')
  return parts.length >= 2 ? parts[parts.length - 2] : undefined
}

function patientParticipant(appointment: HalaxyAppointment) {
  return (appointment.participant ?? []).find(
    (participant) => actorTypeOf(participant.actor) === 'Patient' && participant.actor?.reference,
  )
}

// The code system lives on the account's own regional host ("…/presets/…" beside "…/main/").
function participantStatusSystem(patientReference: string) {
  const origin = /^https:\/\/[a-z]+-api\.halaxy\.com/.exec(patientReference)?.[0] ?? HALAXY_AU_ORIGIN
  return `${origin}/presets/CodeSystem/appointment-participant-status`
}

/**
 * The merge-patch that cancels an appointment in Halaxy: the patient participant's status
 * extension set to "cancelled (no charge)", or, for a late cancellation whose fee stands,
 * "cancelled" (Halaxy then keeps its invoice). Takes the appointment as read from Halaxy,
 * so the patient reference is Halaxy's own.
 */
export function cancelPatch(
  halaxyAppointment: HalaxyAppointment,
  options: { lateCancellation?: boolean } = {},
): HalaxyCancelPatch {
  const patient = patientParticipant(halaxyAppointment)
  const patientReference = patient?.actor?.reference
  if (!patientReference) throw new NoHalaxyPatientParticipantError(halaxyAppointment.id)
  const code: HalaxyCancelStatus = options.lateCancellation ? 'cancelled' : 'cancelled (no charge)'
  return {
    participant: [
      {
        actor: { type: 'Patient', reference: patientReference },
        modifierExtension: [
          {
            url: HALAXY_PARTICIPANT_STATUS_URL,
            valueCoding: { system: participantStatusSystem(patientReference), code, display: code },
          },
        ],
      },
    ],
  }
}

/** The id of the invoice Halaxy raised for an appointment (on the patient participant), if any. */
export function appointmentInvoiceId(halaxyAppointment: HalaxyAppointment): string | null {
  const invoice = patientParticipant(halaxyAppointment)?.extension?.find((extension) =>
    (extension.url ?? '').endsWith('/appointment-participant-invoice'),
  )?.valueReference?.reference
  return invoice ? bareId(invoice) || null : null
}

// Read leniently: Halaxy files the status under modifierExtension with a valueCoding, but the
// same status under extension, or as a valueCode, means the same thing.
function participantStatusCode(participant: HalaxyParticipant | undefined) {
  const found = [...(participant?.modifierExtension ?? []), ...(participant?.extension ?? [])].find(
    (extension) => (extension.url ?? '').endsWith('/appointment-participant-status'),
  )
  return found?.valueCoding?.code ?? found?.valueCode ?? null
}

function isCancelled(appointment: HalaxyAppointment) {
  if (appointment.status === 'cancelled' || appointment.status === 'entered-in-error') return true
  // Halaxy leaves many cancelled appointments without a reason, so the patient's status is the real signal.
  if (appointment.cancellationReason) return true
  return (participantStatusCode(patientParticipant(appointment)) ?? '').startsWith('cancelled')
}

function instantOf(text: string | undefined) {
  if (!text) return null
  const ms = Date.parse(text)
  return Number.isNaN(ms) ? null : new Date(ms)
}

export type HalaxyBusyBlock = {
  halaxyId: string
  practitionerRoleId: string
  startsAt: Date
  endsAt: Date
  cancelled: boolean
}

/**
 * An appointment made directly in Halaxy (a session, a meeting, a block-out) as time the
 * practitioner is busy. The end may be given as minutesDuration alone. Null when the
 * appointment has no id, no usable times or no PractitionerRole participant.
 */
export function appointmentToBusyBlock(halaxyAppointment: HalaxyAppointment): HalaxyBusyBlock | null {
  const halaxyId = halaxyAppointment.id
  const startsAt = instantOf(halaxyAppointment.start)
  if (!halaxyId || !startsAt) return null
  let endsAt = instantOf(halaxyAppointment.end)
  if (!endsAt && halaxyAppointment.minutesDuration && halaxyAppointment.minutesDuration > 0) {
    endsAt = new Date(startsAt.getTime() + halaxyAppointment.minutesDuration * MINUTE_MS)
  }
  if (!endsAt || endsAt <= startsAt) return null
  const practitioner = (halaxyAppointment.participant ?? []).find(
    (participant) => actorTypeOf(participant.actor) === 'PractitionerRole' && participant.actor?.reference,
  )
  const practitionerRoleId = practitioner?.actor?.reference ? bareId(practitioner.actor.reference) : ''
  if (!practitionerRoleId) return null
  return { halaxyId, practitionerRoleId, startsAt, endsAt, cancelled: isCancelled(halaxyAppointment) }
}

// ───────────────────────────── invoices ─────────────────────────────

export type HalaxyMoney = { value?: number | string; currency?: string }

/** An Invoice as Halaxy returns it; only the fields Haven reads. */
export type HalaxyInvoice = {
  resourceType?: string
  id: string
  status?: string
  totalGross?: HalaxyMoney
  totalNet?: HalaxyMoney
  /** Halaxy's invoice-appointment extension names the appointment it was raised for. */
  extension?: HalaxyExtension[]
}

export type InvoiceComparison = {
  halaxyInvoiceId: string
  /** Null when Halaxy's invoice carries no total yet. */
  halaxyTotalCents: number | null
  halaxyStatus: string | null
  matches: boolean
  /** Halaxy's total minus Haven's: positive when Halaxy asks for more. Null without a Halaxy total. */
  differenceCents: number | null
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/

/**
 * Dollars as Halaxy writes them (85, 145.25, "98.95") → integer cents, read from the decimal
 * digits rather than multiplied as a float. Digits past the cent round half away from zero.
 */
export function dollarsToCentsExact(value: number | string): number | null {
  const text = String(value).trim()
  const match = DECIMAL.exec(text)
  if (!match) {
    const number = typeof value === 'number' ? value : Number(text)
    return Number.isFinite(number) ? Math.round(number * 100) : null
  }
  const [, sign = '', whole = '0', fraction = ''] = match
  const cents = Number(whole) * 100 + Number(fraction.slice(0, 2).padEnd(2, '0'))
  const roundUp = fraction.length > 2 && Number(fraction[2]) >= 5 ? 1 : 0
  const magnitude = cents + roundUp
  return sign === '-' && magnitude !== 0 ? -magnitude : magnitude
}

/**
 * Haven's invoice against Halaxy's for the same appointment. Halaxy's total is totalGross
 * (psychology is GST-free, so it equals totalNet), else totalNet. A total in another
 * currency never matches.
 */
export function invoiceComparison(
  havenInvoice: { totalCents: number },
  halaxyInvoice: HalaxyInvoice,
): InvoiceComparison {
  const money =
    halaxyInvoice.totalGross?.value !== undefined ? halaxyInvoice.totalGross : halaxyInvoice.totalNet
  const halaxyTotalCents = money?.value === undefined ? null : dollarsToCentsExact(money.value)
  const inAud = !money?.currency || money.currency.toUpperCase() === 'AUD'
  const differenceCents = halaxyTotalCents === null ? null : halaxyTotalCents - havenInvoice.totalCents
  return {
    halaxyInvoiceId: halaxyInvoice.id,
    halaxyTotalCents,
    halaxyStatus: halaxyInvoice.status ?? null,
    matches: inAud && differenceCents === 0,
    differenceCents,
  }
}

/** The id of the appointment an Invoice was raised for (Halaxy's invoice-appointment extension), if named. */
export function invoiceAppointmentId(invoice: { extension?: HalaxyExtension[] }): string | null {
  const appointment = (invoice.extension ?? []).find((extension) =>
    (extension.url ?? '').endsWith('/invoice-appointment'),
  )?.valueReference?.reference
  return appointment ? bareId(appointment) || null : null
}

// ───────────────────────────── drift (changes made in Halaxy) ─────────────────────────────

/** Which version of a resource Halaxy holds: its versionId, else its lastUpdated. */
export function halaxyVersion(resource: unknown): string | null {
  const meta = (resource as { meta?: { versionId?: string; lastUpdated?: string } } | null)?.meta
  return meta?.versionId ?? meta?.lastUpdated ?? null
}

/** A Patient field Haven owns that someone changed in Halaxy. */
export type PatientDriftField = (typeof PATIENT_FIELDS)[number]

type LoosePatient = {
  name?: { use?: string; family?: string; given?: string[]; text?: string }[]
  telecom?: { system?: string; value?: string }[]
  gender?: string
  birthDate?: string
  address?: { line?: string[]; city?: string; state?: string; postalCode?: string }[]
  contact?: { name?: { text?: string; family?: string; given?: string[] }; telecom?: { value?: string }[] }[]
}

const fold = (value: string | undefined) => (value ?? '').trim().replace(/\s+/g, ' ').toLowerCase()

// What each field means, leaving out how it is written: Halaxy adds ids, periods and display
// text of its own, may reorder lists and drop codings, so only the values a person would read
// are compared (a preferred name Halaxy has nowhere to keep is not a change).
function patientFacts(patient: LoosePatient): Record<PatientDriftField, string> {
  const names = patient.name ?? []
  const official = names.find((name) => name.use === 'official') ?? names.find((name) => name.family)
  const address = patient.address?.[0]
  const contact = patient.contact?.[0]
  const contactName =
    contact?.name?.text ?? [...(contact?.name?.given ?? []), contact?.name?.family].join(' ')
  return {
    name: official ? `${fold(official.family)}|${fold(official.given?.[0])}` : '',
    telecom: (patient.telecom ?? [])
      .map((point) => fold(point.value))
      .filter(Boolean)
      .sort()
      .join(','),
    gender: fold(patient.gender),
    birthDate: fold(patient.birthDate),
    address: address
      ? [(address.line ?? []).join(' '), address.city, address.state, address.postalCode].map(fold).join('|')
      : '',
    contact: contact
      ? [
          fold(contactName),
          ...(contact.telecom ?? [])
            .map((point) => fold(point.value))
            .filter(Boolean)
            .sort(),
        ].join('|')
      : '',
  }
}

/**
 * The fields of a patient Haven owns that Halaxy now holds differently: Haven's resource
 * (what it sends) against Halaxy's copy. A field Haven leaves empty is Halaxy's to fill, so
 * only fields Haven sends are compared. Names only, never values (they go to the monitor).
 */
export function patientDrift(expected: HalaxyPatientResource, actual: unknown): PatientDriftField[] {
  const haven = patientFacts(expected)
  const halaxy = patientFacts((actual ?? {}) as LoosePatient)
  return PATIENT_FIELDS.filter((field) => haven[field] !== '' && haven[field] !== halaxy[field])
}

/** What can differ on an appointment Haven booked: moved, cancelled (or restored), given to another practitioner, deleted. */
export type AppointmentDriftField = 'time' | 'status' | 'practitioner' | 'deleted'

export type HavenAppointmentState = {
  startsAt: Date
  endsAt: Date
  /** Booked, attended or not attended: it should stand in Halaxy. False: cancelled. */
  live: boolean
  /** The PractitionerRole the psychologist is mapped to, when known. */
  practitionerRoleId?: string
}

/**
 * How Halaxy's copy of an appointment Haven owns differs from Haven's: null `actual` means
 * Halaxy no longer has it (deleted in its front-end). A cancelled appointment only drifts
 * if Halaxy has it live again.
 */
export function appointmentDrift(
  expected: HavenAppointmentState,
  actual: HalaxyAppointment | null,
): AppointmentDriftField[] {
  if (!actual) return expected.live ? ['deleted'] : []
  const cancelled = isCancelled(actual)
  if (!expected.live) return cancelled ? [] : ['status']
  const drift: AppointmentDriftField[] = []
  const start = instantOf(actual.start)
  let end = instantOf(actual.end)
  if (!end && start && actual.minutesDuration)
    end = new Date(start.getTime() + actual.minutesDuration * MINUTE_MS)
  if (start?.getTime() !== expected.startsAt.getTime() || end?.getTime() !== expected.endsAt.getTime())
    drift.push('time')
  if (cancelled) drift.push('status')
  if (expected.practitionerRoleId) {
    const role = (actual.participant ?? []).find(
      (participant) => actorTypeOf(participant.actor) === 'PractitionerRole',
    )?.actor?.reference
    if (!role || bareId(role) !== bareId(expected.practitionerRoleId)) drift.push('practitioner')
  }
  return drift
}

export type HalaxyRestorePatch = {
  participant: [
    {
      actor: FhirReference
      modifierExtension: [{ url: string; valueCoding: { system: string; code: 'booked'; display: string } }]
    },
  ]
}

/**
 * The merge-patch that puts an appointment cancelled in Halaxy back to booked (a manager
 * chose Haven's record over the change): the patient participant's status set to "booked".
 */
export function restorePatch(halaxyAppointment: HalaxyAppointment): HalaxyRestorePatch {
  const patientReference = patientParticipant(halaxyAppointment)?.actor?.reference
  if (!patientReference) throw new NoHalaxyPatientParticipantError(halaxyAppointment.id)
  return {
    participant: [
      {
        actor: { type: 'Patient', reference: patientReference },
        modifierExtension: [
          {
            url: HALAXY_PARTICIPANT_STATUS_URL,
            valueCoding: {
              system: participantStatusSystem(patientReference),
              code: 'booked',
              display: 'booked',
            },
          },
        ],
      },
    ],
  }
}
