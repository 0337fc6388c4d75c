import { bareId, referenceType, type FhirAppointment, type FhirMeta, type FhirPatient } from './fhir.ts'
import { endOf, instantOf, isCancelled } from './mapping/appointment.ts'
import { PATIENT_FIELDS, type HalaxyPatientResource, type PatientField } from './mapping/patient.ts'

// Drift: how Halaxy's copy of a record Haven owns differs from Haven's, after a person changed
// it in Halaxy. Pure and client-safe; field names only, never values (they go to the monitor).

/** Which version of a resource Halaxy holds: its versionId, else its lastUpdated. */
export function halaxyVersion(resource: { meta?: FhirMeta }): string | null {
  return resource.meta?.versionId ?? resource.meta?.lastUpdated ?? null
}

/** A Patient field Haven owns that someone changed in Halaxy. */
export type PatientDriftField = PatientField

const fold = (value: string | undefined) => (value ?? '').trim().replace(/\s+/g, ' ').toLowerCase()

// What each field means, leaving out how it is written: Halaxy adds ids, periods and display
// text of its own, may reorder lists and drop codings, so only the values a person would read
// are compared (a preferred name Halaxy has nowhere to keep is not a change).
function patientFacts(patient: FhirPatient): Record<PatientDriftField, string> {
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
 * only fields Haven sends are compared.
 */
export function patientDrift(expected: HalaxyPatientResource, actual: FhirPatient): PatientDriftField[] {
  const haven = patientFacts(expected)
  const halaxy = patientFacts(actual)
  return PATIENT_FIELDS.filter((field) => haven[field] !== '' && haven[field] !== halaxy[field])
}

/** What can differ on an appointment Haven booked: moved, cancelled (or restored), given to another practitioner, deleted. */
export type AppointmentDriftField = 'time' | 'status' | 'practitioner' | 'deleted'

type HavenAppointmentState = {
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
  actual: FhirAppointment | null,
): AppointmentDriftField[] {
  if (!actual) return expected.live ? ['deleted'] : []
  const cancelled = isCancelled(actual)
  if (!expected.live) return cancelled ? [] : ['status']
  const drift: AppointmentDriftField[] = []
  const start = instantOf(actual.start)
  const end = start ? endOf(actual, start) : instantOf(actual.end)
  if (start?.getTime() !== expected.startsAt.getTime() || end?.getTime() !== expected.endsAt.getTime())
    drift.push('time')
  if (cancelled) drift.push('status')
  if (expected.practitionerRoleId) {
    const role = actual.participant.find(
      (participant) => referenceType(participant.actor) === 'PractitionerRole',
    )?.actor?.reference
    if (!role || bareId(role) !== bareId(expected.practitionerRoleId)) drift.push('practitioner')
  }
  return drift
}
