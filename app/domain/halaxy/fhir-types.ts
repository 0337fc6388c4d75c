// The FHIR R4B shapes Haven exchanges with Halaxy: only the fields Haven reads or writes.
// Halaxy's own extensions are named by the constants below (the stand-in uses the same ones).

/** Halaxy answers with absolute references (https://au-api.halaxy.com/main/Patient/1) and a type. */
export type FhirReference = { reference: string; type?: string; display?: string }

export type FhirCoding = { system?: string; code?: string; display?: string }

export type FhirCodeableConcept = { coding?: FhirCoding[]; text?: string }

export type FhirMoney = { value: number; currency: 'AUD' | string }

export type FhirExtension = {
  url: string
  valueString?: string
  valueCode?: string
  valueCoding?: FhirCoding
  valueReference?: FhirReference
  valueBoolean?: boolean
}

export type FhirMeta = { versionId?: string; lastUpdated?: string }

export type FhirHumanName = {
  use?: 'official' | 'usual' | 'nickname' | 'maiden'
  family?: string
  given?: string[]
  prefix?: string[]
  text?: string
}

export type FhirContactPoint = {
  system: 'phone' | 'email' | 'sms' | 'fax' | 'url' | 'other'
  /** Phone numbers in international form (+61…): Halaxy refuses local ones. */
  value: string
  use?: 'home' | 'work' | 'mobile' | 'temp' | 'old'
}

export type FhirAddress = {
  use?: 'home' | 'work' | 'temp' | 'billing'
  line?: string[]
  city?: string
  state?: string
  postalCode?: string
  country?: string
}

export type FhirIdentifier = { system?: string; value: string }

export type FhirPatient = {
  resourceType: 'Patient'
  id?: string
  meta?: FhirMeta
  /** Sent, but Halaxy drops identifiers on create: never rely on finding a record by one. */
  identifier?: FhirIdentifier[]
  active?: boolean
  name?: FhirHumanName[]
  telecom?: FhirContactPoint[]
  gender?: 'male' | 'female' | 'other' | 'unknown'
  birthDate?: string
  address?: FhirAddress[]
  contact?: {
    relationship?: FhirCodeableConcept[]
    name?: FhirHumanName
    telecom?: FhirContactPoint[]
  }[]
  extension?: FhirExtension[]
}

export type FhirAppointmentParticipant = {
  actor: FhirReference
  status?: 'accepted' | 'declined' | 'tentative' | 'needs-action'
  /** The patient participant's HALAXY_PARTICIPANT_STATUS modifier extension is how a booking is cancelled. */
  modifierExtension?: FhirExtension[]
  /** On the patient participant: HALAXY_PARTICIPANT_INVOICE, the invoice Halaxy raised. */
  extension?: FhirExtension[]
}

export type FhirAppointmentStatus =
  | 'proposed'
  | 'pending'
  | 'booked'
  | 'arrived'
  | 'fulfilled'
  | 'cancelled'
  | 'noshow'
  | 'entered-in-error'
  | 'checked-in'
  | 'waitlist'

export type FhirAppointment = {
  resourceType: 'Appointment'
  id?: string
  meta?: FhirMeta
  /** Derived by Halaxy from the participants; it cannot be written. */
  status?: FhirAppointmentStatus
  start: string
  end: string
  minutesDuration?: number
  description?: string
  comment?: string
  participant: FhirAppointmentParticipant[]
  extension?: FhirExtension[]
}

export type FhirInvoice = {
  resourceType: 'Invoice'
  id: string
  meta?: FhirMeta
  status: 'draft' | 'issued' | 'balanced' | 'cancelled' | 'entered-in-error'
  subject?: FhirReference
  date?: string
  participant?: { actor: FhirReference }[]
  lineItem?: {
    chargeItemReference?: FhirReference
    priceComponent?: { type: 'base' | 'surcharge' | 'deduction' | 'discount' | 'tax'; amount?: FhirMoney }[]
  }[]
  totalNet?: FhirMoney
  totalGross?: FhirMoney
  /** HALAXY_INVOICE_APPOINTMENT names the appointment the invoice was raised for. */
  extension?: FhirExtension[]
}

export type FhirOrganization = {
  resourceType: 'Organization'
  id: string
  meta?: FhirMeta
  name: string
  active?: boolean
  telecom?: FhirContactPoint[]
  address?: FhirAddress[]
}

export type FhirPractitionerRole = {
  resourceType: 'PractitionerRole'
  id: string
  meta?: FhirMeta
  active?: boolean
  practitioner?: FhirReference
  organization?: FhirReference
  code?: FhirCodeableConcept[]
  specialty?: FhirCodeableConcept[]
}

export type FhirHealthcareService = {
  resourceType: 'HealthcareService'
  id: string
  meta?: FhirMeta
  active?: boolean
  name: string
  providedBy?: FhirReference
  comment?: string
  extension?: FhirExtension[]
}

export type FhirChargeItemDefinition = {
  resourceType: 'ChargeItemDefinition'
  id: string
  meta?: FhirMeta
  status: 'draft' | 'active' | 'retired' | 'unknown'
  title?: string
  /** The Medicare (MBS) item number. */
  code?: FhirCodeableConcept
  // 'base', 'surcharge', … (kept open: Halaxy's fees only use 'base').
  propertyGroup?: { priceComponent?: { type: string; amount?: FhirMoney }[] }[]
}

export type FhirOperationOutcome = {
  resourceType: 'OperationOutcome'
  issue: {
    severity: 'fatal' | 'error' | 'warning' | 'information'
    code: string
    diagnostics?: string
    details?: FhirCodeableConcept
    expression?: string[]
  }[]
}

export type FhirParameter = {
  name: string
  valueString?: string
  valueId?: string
  valueCode?: string
  valueBoolean?: boolean
  valueInteger?: number
  valueReference?: FhirReference
  resource?: FhirResource
}

export type FhirParameters = { resourceType: 'Parameters'; parameter: FhirParameter[] }

export type FhirBundle<T = FhirResource> = {
  resourceType: 'Bundle'
  type: 'searchset'
  total?: number
  link?: { relation: 'self' | 'next' | 'previous' | string; url: string }[]
  entry?: { fullUrl?: string; resource: T; search?: { mode?: 'match' | 'include' } }[]
}

export type FhirResource =
  | FhirPatient
  | FhirAppointment
  | FhirInvoice
  | FhirOrganization
  | FhirPractitionerRole
  | FhirHealthcareService
  | FhirChargeItemDefinition
  | FhirOperationOutcome
  | FhirParameters

/** Halaxy's lists the manager picks mappings from. */
export type HalaxyReferenceType =
  'PractitionerRole' | 'HealthcareService' | 'Organization' | 'ChargeItemDefinition'

export type HalaxyReferenceResource = {
  PractitionerRole: FhirPractitionerRole
  HealthcareService: FhirHealthcareService
  Organization: FhirOrganization
  ChargeItemDefinition: FhirChargeItemDefinition
}

/** A JSON merge-patch (RFC 7386) of a resource: null removes a field, arrays are replaced whole. */
export type MergePatch<T> = { [K in keyof T]?: T[K] | null }

const halaxyStructure = 'https://terminology.halaxy.com/StructureDefinition'

/** A modifier extension on the patient participant, valueCoding code 'booked', 'cancelled (no charge)', … */
export const HALAXY_PARTICIPANT_STATUS = `${halaxyStructure}/appointment-participant-status`
/** The code system of those codes is under the account's API origin. */
export const HALAXY_PARTICIPANT_STATUS_SYSTEM =
  'https://au-api.halaxy.com/presets/CodeSystem/appointment-participant-status'
/** An extension on the patient participant: valueReference Invoice/… that Halaxy raised for it. */
export const HALAXY_PARTICIPANT_INVOICE = `${halaxyStructure}/appointment-participant-invoice`
/** On an Appointment: 'clinic', 'telehealth', … (the $book location-type). The stand-in's own name. */
export const HALAXY_LOCATION_TYPE = `${halaxyStructure}/appointment-location-type`
/** On an Appointment: valueReference HealthcareService/… (the $book healthcare-service-id). The stand-in's own name. */
export const HALAXY_HEALTHCARE_SERVICE = `${halaxyStructure}/appointment-healthcare-service`
/** On an Invoice: valueReference Appointment/… it was raised for (what `Invoice?appointment=` searches). */
export const HALAXY_INVOICE_APPOINTMENT = `${halaxyStructure}/invoice-appointment`

export const HALAXY_CANCELLED_NO_CHARGE = 'cancelled (no charge)'
export const MBS_ITEM_SYSTEM = 'http://www.health.gov.au/mbs'
