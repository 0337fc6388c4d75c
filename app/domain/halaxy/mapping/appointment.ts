import { instantToZoned, MINUTE_MS } from '~/domain/scheduling/zoned-time.ts'
import {
  bareId,
  HALAXY_PARTICIPANT_INVOICE,
  HALAXY_PARTICIPANT_STATUS,
  halaxyParticipantStatusSystem,
  isHalaxyExtension,
  referenceTo,
  referenceType,
  type FhirAppointment,
  type FhirAppointmentParticipant,
  type FhirCoding,
  type FhirExtension,
  type FhirParameter,
  type FhirReference,
} from '../fhir.ts'
import { type Refuses } from './patient.ts'

// A Haven appointment as Halaxy's booking and the patches that move or cancel it, and
// Halaxy's appointments read back. Pure: no database, no requests, no clock. The input names
// only when, with whom and what kind: no reasons, notes or free text reach Halaxy.
//
// Shapes follow Halaxy's documentation and the live-tested notes of public clients
// (clinically-au/laravel-halaxy, ryanhunt/halaxy-mcp): $book takes a Parameters body; the
// appointment has no writable status, so a cancellation patches the patient participant's
// status modifierExtension.

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

// ───────────────────────────── booking ─────────────────────────────

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

type BookContext = {
  /** The patient's Halaxy id (from their HalaxyLink): the patient is pushed before any booking. */
  halaxyPatientId: string
  mappings: readonly HalaxyMappingRow[]
  /**
   * Prefix for references, e.g. "https://au-api.halaxy.com/main/" (Halaxy's live examples use
   * absolute references). Default: relative ("PractitionerRole/PR-123").
   */
  referenceBase?: string
}

type HalaxyAppointmentTimes = { start: string; end: string; minutesDuration: number }

/** The parameters of `POST /Appointment/$book` Haven sends; location-type is Halaxy's name for where a session happens. */
type HalaxyBookParameter = FhirParameter &
  (
    | { name: 'appt-resource'; resource: FhirAppointment }
    | { name: 'patient-id'; valueReference: FhirReference }
    | { name: 'healthcare-service-id'; valueReference: FhirReference }
    | { name: 'location-type'; valueCode: 'clinic' | 'telehealth' }
    | { name: 'status'; valueCode: 'booked' }
    | { name: 'charge-item-definition-id'; valueReference: FhirReference }
  )

/** The body of `POST /Appointment/$book`. */
type HalaxyBookParameters = { resourceType: 'Parameters'; parameter: HalaxyBookParameter[] }

/** A mapping the manager must set before this appointment can be booked in Halaxy. */
type MissingHalaxyMapping =
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

function appointmentTimes(
  appointment: Pick<HalaxyAppointmentInput, 'startsAt' | 'endsAt' | 'timeZone'>,
): HalaxyAppointmentTimes {
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
        participant: [{ actor: referenceTo('PractitionerRole', practitionerRoleId, base) }],
      },
    },
    { name: 'patient-id', valueReference: referenceTo('Patient', context.halaxyPatientId, base) },
    {
      name: 'healthcare-service-id',
      valueReference: referenceTo('HealthcareService', healthcareServiceId, base),
    },
    { name: 'location-type', valueCode: appointment.modality === 'telehealth' ? 'telehealth' : 'clinic' },
    { name: 'status', valueCode: 'booked' },
  ]
  if (chargeItemDefinitionId) {
    parameter.push({
      name: 'charge-item-definition-id',
      valueReference: referenceTo('ChargeItemDefinition', chargeItemDefinitionId, base),
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

// ───────────────────────────── cancelling and restoring ─────────────────────────────

/**
 * Halaxy's patient statuses for a cancellation. "cancelled (no charge)" also zeroes Halaxy's
 * invoice; plain "cancelled" keeps it, which is what a late cancellation (fee kept) needs.
 */
type HalaxyCancelStatus = 'cancelled (no charge)' | 'cancelled'

/** A merge-patch setting the patient participant's Halaxy status (its only writable status). */
type ParticipantStatusPatch<Code extends string> = {
  participant: [
    {
      actor: FhirReference
      modifierExtension: [FhirExtension & { valueCoding: FhirCoding & { code: Code } }]
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

function patientParticipant(appointment: FhirAppointment) {
  return appointment.participant.find(
    (participant) => referenceType(participant.actor) === 'Patient' && participant.actor?.reference,
  )
}

// The code system lives on the account's own regional host ("…/presets/…" beside "…/main/").
function participantStatusSystem(patientReference: string) {
  const origin = /^https:\/\/[a-z]+-api\.halaxy\.com/.exec(patientReference)?.[0]
  return halaxyParticipantStatusSystem(origin)
}

/** Takes the appointment as read from Halaxy, so the patient reference is Halaxy's own. */
function participantStatusPatch<Code extends string>(
  halaxyAppointment: FhirAppointment,
  code: Code,
): ParticipantStatusPatch<Code> {
  const patientReference = patientParticipant(halaxyAppointment)?.actor?.reference
  if (!patientReference) throw new NoHalaxyPatientParticipantError(halaxyAppointment.id)
  return {
    participant: [
      {
        actor: { type: 'Patient', reference: patientReference },
        modifierExtension: [
          {
            url: HALAXY_PARTICIPANT_STATUS,
            valueCoding: { system: participantStatusSystem(patientReference), code, display: code },
          },
        ],
      },
    ],
  }
}

/**
 * The merge-patch that cancels an appointment in Halaxy: the patient participant's status
 * extension set to "cancelled (no charge)", or, for a late cancellation whose fee stands,
 * "cancelled" (Halaxy then keeps its invoice).
 */
export function cancelPatch(
  halaxyAppointment: FhirAppointment,
  options: { lateCancellation?: boolean } = {},
): ParticipantStatusPatch<HalaxyCancelStatus> {
  return participantStatusPatch<HalaxyCancelStatus>(
    halaxyAppointment,
    options.lateCancellation ? 'cancelled' : 'cancelled (no charge)',
  )
}

/**
 * The merge-patch that puts an appointment cancelled in Halaxy back to booked (a manager
 * chose Haven's record over the change): the patient participant's status set to "booked".
 */
export function restorePatch(halaxyAppointment: FhirAppointment): ParticipantStatusPatch<'booked'> {
  return participantStatusPatch(halaxyAppointment, 'booked')
}

// ───────────────────────────── reading Halaxy's appointments ─────────────────────────────

/** The id of the invoice Halaxy raised for an appointment (on the patient participant), if any. */
export function appointmentInvoiceId(halaxyAppointment: FhirAppointment): string | null {
  const invoice = patientParticipant(halaxyAppointment)?.extension?.find((extension) =>
    isHalaxyExtension(extension, HALAXY_PARTICIPANT_INVOICE),
  )?.valueReference?.reference
  return invoice ? bareId(invoice) || null : null
}

// Read leniently: Halaxy files the status under modifierExtension with a valueCoding, but the
// same status under extension, or as a valueCode, means the same thing.
function participantStatusCode(participant: FhirAppointmentParticipant | undefined) {
  const found = [...(participant?.modifierExtension ?? []), ...(participant?.extension ?? [])].find(
    (extension) => isHalaxyExtension(extension, HALAXY_PARTICIPANT_STATUS),
  )
  return found?.valueCoding?.code ?? found?.valueCode ?? null
}

/** Whether Halaxy has the appointment cancelled, however it says so. */
export function isCancelled(appointment: FhirAppointment) {
  if (appointment.status === 'cancelled' || appointment.status === 'entered-in-error') return true
  // Halaxy leaves many cancelled appointments without a reason, so the patient's status is the real signal.
  if (appointment.cancellationReason) return true
  return (participantStatusCode(patientParticipant(appointment)) ?? '').startsWith('cancelled')
}

/** A date-time Halaxy wrote, as an instant; null when absent or unreadable. */
export function instantOf(text: string | undefined) {
  if (!text) return null
  const ms = Date.parse(text)
  return Number.isNaN(ms) ? null : new Date(ms)
}

/** When an appointment ends: its end, else its start plus minutesDuration. */
export function endOf(appointment: FhirAppointment, start: Date) {
  const end = instantOf(appointment.end)
  if (end || !appointment.minutesDuration) return end
  return new Date(start.getTime() + appointment.minutesDuration * MINUTE_MS)
}

type HalaxyBusyBlock = {
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
export function appointmentToBusyBlock(halaxyAppointment: FhirAppointment): HalaxyBusyBlock | null {
  const halaxyId = halaxyAppointment.id
  const startsAt = instantOf(halaxyAppointment.start)
  if (!halaxyId || !startsAt) return null
  const endsAt = endOf(halaxyAppointment, startsAt)
  if (!endsAt || endsAt <= startsAt) return null
  const practitioner = halaxyAppointment.participant.find(
    (participant) => referenceType(participant.actor) === 'PractitionerRole' && participant.actor?.reference,
  )
  const practitionerRoleId = practitioner?.actor?.reference ? bareId(practitioner.actor.reference) : ''
  if (!practitionerRoleId) return null
  return { halaxyId, practitionerRoleId, startsAt, endsAt, cancelled: isCancelled(halaxyAppointment) }
}
