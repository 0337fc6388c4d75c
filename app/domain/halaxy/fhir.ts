import { z } from 'zod'

// The FHIR R4 resources Haven exchanges with Halaxy (its API is FHIR R4B), as Zod schemas and
// the types inferred from them: the one shape of each resource, for the client (which parses
// every answer with these schemas), the mapping that builds resources, the push, the inbound
// side and the Halaxy stand-in. Only the elements Haven reads or writes are listed; parsing
// drops the rest. Cardinality is FHIR's (most elements optional; Appointment.status too, as
// Halaxy derives it and Haven never writes it), codes with a required binding take only their
// value set, and ids are FHIR ids. What Haven only sends and never parses is a plain type.

/** A FHIR id: what Halaxy names its records by, and all that may follow `Patient/` in a path. */
export const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/
export const FhirIdSchema = z.string().regex(FHIR_ID)

const FhirCodingSchema = z.object({
  system: z.string().optional(),
  code: z.string().optional(),
  display: z.string().optional(),
})
export type FhirCoding = z.infer<typeof FhirCodingSchema>

const FhirCodeableConceptSchema = z.object({
  coding: z.array(FhirCodingSchema).optional(),
  text: z.string().optional(),
})

/** Halaxy answers with absolute references (https://au-api.halaxy.com/main/Patient/1) and a type. */
const FhirReferenceSchema = z.object({
  reference: z.string().optional(),
  type: z.string().optional(),
  display: z.string().optional(),
})
export type FhirReference = z.infer<typeof FhirReferenceSchema>

/** Halaxy writes most amounts as numbers, some as strings ("98.95"). */
const FhirMoneySchema = z.object({
  value: z.union([z.number(), z.string()]).optional(),
  currency: z.string().optional(),
})

const FhirExtensionSchema = z.object({
  url: z.string(),
  valueString: z.string().optional(),
  valueCode: z.string().optional(),
  valueBoolean: z.boolean().optional(),
  valueCoding: FhirCodingSchema.optional(),
  valueReference: FhirReferenceSchema.optional(),
})
export type FhirExtension = z.infer<typeof FhirExtensionSchema>

const FhirMetaSchema = z.object({ versionId: z.string().optional(), lastUpdated: z.string().optional() })
export type FhirMeta = z.infer<typeof FhirMetaSchema>

const FhirHumanNameSchema = z.object({
  use: z.enum(['usual', 'official', 'temp', 'nickname', 'anonymous', 'old', 'maiden']).optional(),
  text: z.string().optional(),
  family: z.string().optional(),
  given: z.array(z.string()).optional(),
  prefix: z.array(z.string()).optional(),
})
export type FhirHumanName = z.infer<typeof FhirHumanNameSchema>

const FhirContactPointSchema = z.object({
  system: z.enum(['phone', 'fax', 'email', 'pager', 'url', 'sms', 'other']).optional(),
  /** Phone numbers in international form (+61…): Halaxy refuses local ones. */
  value: z.string().optional(),
  use: z.enum(['home', 'work', 'temp', 'old', 'mobile']).optional(),
  rank: z.number().optional(),
})
export type FhirContactPoint = z.infer<typeof FhirContactPointSchema>

const FhirAddressSchema = z.object({
  use: z.enum(['home', 'work', 'temp', 'old', 'billing']).optional(),
  type: z.enum(['postal', 'physical', 'both']).optional(),
  line: z.array(z.string()).optional(),
  city: z.string().optional(),
  state: z.string().optional(),
  postalCode: z.string().optional(),
  country: z.string().optional(),
})
export type FhirAddress = z.infer<typeof FhirAddressSchema>

const FhirIdentifierSchema = z.object({ system: z.string().optional(), value: z.string().optional() })

const FhirPatientContactSchema = z.object({
  relationship: z.array(FhirCodeableConceptSchema).optional(),
  name: FhirHumanNameSchema.optional(),
  telecom: z.array(FhirContactPointSchema).optional(),
})
export type FhirPatientContact = z.infer<typeof FhirPatientContactSchema>

export const FhirPatientSchema = z.object({
  resourceType: z.literal('Patient'),
  id: FhirIdSchema.optional(),
  meta: FhirMetaSchema.optional(),
  /** Sent, but Halaxy drops identifiers on create: never rely on finding a record by one. */
  identifier: z.array(FhirIdentifierSchema).optional(),
  active: z.boolean().optional(),
  name: z.array(FhirHumanNameSchema).optional(),
  telecom: z.array(FhirContactPointSchema).optional(),
  gender: z.enum(['male', 'female', 'other', 'unknown']).optional(),
  birthDate: z.string().optional(),
  address: z.array(FhirAddressSchema).optional(),
  contact: z.array(FhirPatientContactSchema).optional(),
})
export type FhirPatient = z.infer<typeof FhirPatientSchema>

const FhirAppointmentParticipantSchema = z.object({
  actor: FhirReferenceSchema.optional(),
  status: z.enum(['accepted', 'declined', 'tentative', 'needs-action']).optional(),
  /** The patient participant's HALAXY_PARTICIPANT_STATUS modifier extension is how a booking is cancelled. */
  modifierExtension: z.array(FhirExtensionSchema).optional(),
  /** On the patient participant: HALAXY_PARTICIPANT_INVOICE, the invoice Halaxy raised. */
  extension: z.array(FhirExtensionSchema).optional(),
})
export type FhirAppointmentParticipant = z.infer<typeof FhirAppointmentParticipantSchema>

export const FhirAppointmentSchema = z.object({
  resourceType: z.literal('Appointment'),
  id: FhirIdSchema.optional(),
  meta: FhirMetaSchema.optional(),
  /** Derived by Halaxy from the participants; it cannot be written. */
  status: z
    .enum([
      'proposed',
      'pending',
      'booked',
      'arrived',
      'fulfilled',
      'cancelled',
      'noshow',
      'entered-in-error',
      'checked-in',
      'waitlist',
    ])
    .optional(),
  /** Set on some cancelled appointments, left out on many others. (FHIR R4 spells it cancelationReason.) */
  cancellationReason: FhirCodeableConceptSchema.optional(),
  /** Date-times with the local offset (2026-12-07T10:00:00+11:00). */
  start: z.string().optional(),
  end: z.string().optional(),
  minutesDuration: z.number().optional(),
  description: z.string().optional(),
  comment: z.string().optional(),
  participant: z.array(FhirAppointmentParticipantSchema),
  /** The stand-in's HALAXY_LOCATION_TYPE and HALAXY_HEALTHCARE_SERVICE. */
  extension: z.array(FhirExtensionSchema).optional(),
})
export type FhirAppointment = z.infer<typeof FhirAppointmentSchema>

const PriceComponentSchema = z.object({
  type: z.enum(['base', 'surcharge', 'deduction', 'discount', 'tax', 'informational']),
  amount: FhirMoneySchema.optional(),
})

export const FhirInvoiceSchema = z.object({
  resourceType: z.literal('Invoice'),
  id: FhirIdSchema,
  meta: FhirMetaSchema.optional(),
  status: z.enum(['draft', 'issued', 'balanced', 'cancelled', 'entered-in-error']),
  subject: FhirReferenceSchema.optional(),
  date: z.string().optional(),
  participant: z.array(z.object({ actor: FhirReferenceSchema })).optional(),
  lineItem: z
    .array(
      z.object({
        chargeItemReference: FhirReferenceSchema.optional(),
        priceComponent: z.array(PriceComponentSchema).optional(),
      }),
    )
    .optional(),
  totalNet: FhirMoneySchema.optional(),
  totalGross: FhirMoneySchema.optional(),
  /** HALAXY_INVOICE_APPOINTMENT names the appointment the invoice was raised for. */
  extension: z.array(FhirExtensionSchema).optional(),
})
export type FhirInvoice = z.infer<typeof FhirInvoiceSchema>

export const FhirOrganizationSchema = z.object({
  resourceType: z.literal('Organization'),
  id: FhirIdSchema,
  meta: FhirMetaSchema.optional(),
  active: z.boolean().optional(),
  name: z.string().optional(),
  address: z.array(FhirAddressSchema).optional(),
})
export type FhirOrganization = z.infer<typeof FhirOrganizationSchema>

export const FhirPractitionerRoleSchema = z.object({
  resourceType: z.literal('PractitionerRole'),
  id: FhirIdSchema,
  meta: FhirMetaSchema.optional(),
  active: z.boolean().optional(),
  practitioner: FhirReferenceSchema.optional(),
  organization: FhirReferenceSchema.optional(),
  code: z.array(FhirCodeableConceptSchema).optional(),
})
export type FhirPractitionerRole = z.infer<typeof FhirPractitionerRoleSchema>

export const FhirHealthcareServiceSchema = z.object({
  resourceType: z.literal('HealthcareService'),
  id: FhirIdSchema,
  meta: FhirMetaSchema.optional(),
  active: z.boolean().optional(),
  name: z.string().optional(),
  providedBy: FhirReferenceSchema.optional(),
})
export type FhirHealthcareService = z.infer<typeof FhirHealthcareServiceSchema>

export const FhirChargeItemDefinitionSchema = z.object({
  resourceType: z.literal('ChargeItemDefinition'),
  id: FhirIdSchema,
  meta: FhirMetaSchema.optional(),
  status: z.enum(['draft', 'active', 'retired', 'unknown']),
  title: z.string().optional(),
  /** The Medicare (MBS) item number. */
  code: FhirCodeableConceptSchema.optional(),
  propertyGroup: z
    .array(
      z.object({
        priceComponent: z.array(PriceComponentSchema).optional(),
      }),
    )
    .optional(),
})
export type FhirChargeItemDefinition = z.infer<typeof FhirChargeItemDefinitionSchema>

/**
 * A signed note or addendum sent to Halaxy (POST only: Halaxy cannot read it back or delete it).
 * The attachment is the document itself, HTML in base64; the description is its title.
 */
export const FhirDocumentReferenceSchema = z.object({
  resourceType: z.literal('DocumentReference'),
  id: FhirIdSchema.optional(),
  meta: FhirMetaSchema.optional(),
  status: z.enum(['current', 'superseded', 'entered-in-error']),
  docStatus: z.enum(['preliminary', 'final', 'amended', 'entered-in-error']).optional(),
  subject: FhirReferenceSchema.optional(),
  date: z.string().optional(),
  author: z.array(FhirReferenceSchema).optional(),
  description: z.string().optional(),
  content: z.array(
    z.object({
      attachment: z.object({
        contentType: z.string().optional(),
        data: z.string().optional(),
        title: z.string().optional(),
      }),
    }),
  ),
})
export type FhirDocumentReference = z.infer<typeof FhirDocumentReferenceSchema>

export const FhirOperationOutcomeSchema = z.object({
  resourceType: z.literal('OperationOutcome'),
  issue: z.array(
    z.object({
      severity: z.enum(['fatal', 'error', 'warning', 'information']),
      code: z.string(),
      diagnostics: z.string().optional(),
      details: FhirCodeableConceptSchema.optional(),
      expression: z.array(z.string()).optional(),
    }),
  ),
})
export type FhirOperationOutcome = z.infer<typeof FhirOperationOutcomeSchema>

export type FhirResource =
  | FhirPatient
  | FhirAppointment
  | FhirInvoice
  | FhirOrganization
  | FhirPractitionerRole
  | FhirHealthcareService
  | FhirChargeItemDefinition
  | FhirDocumentReference
  | FhirOperationOutcome

/** An operation's input: Haven only sends these (to $book). */
export type FhirParameter = {
  name: string
  valueString?: string
  valueId?: string
  valueCode?: string
  valueBoolean?: boolean
  valueReference?: FhirReference
  resource?: FhirResource
}
export type FhirParameters = { resourceType: 'Parameters'; parameter: FhirParameter[] }

/** A search answer; its entries' resources are parsed one by one, with the schema of what was searched. */
export const FhirBundleSchema = z.object({
  resourceType: z.literal('Bundle'),
  type: z.enum([
    'document',
    'message',
    'transaction',
    'transaction-response',
    'batch',
    'batch-response',
    'history',
    'searchset',
    'collection',
  ]),
  total: z.number().optional(),
  link: z.array(z.object({ relation: z.string(), url: z.string() })).optional(),
  entry: z
    .array(
      z.object({
        fullUrl: z.string().optional(),
        resource: z.unknown(),
        /** 'include': another resource the search brought along; 'outcome': a warning about the search. */
        search: z.object({ mode: z.enum(['match', 'include', 'outcome']).optional() }).optional(),
      }),
    )
    .optional(),
})
type FhirBundleEntry = NonNullable<z.infer<typeof FhirBundleSchema>['entry']>[number]
export type FhirBundle<T = unknown> = Omit<z.infer<typeof FhirBundleSchema>, 'entry'> & {
  entry?: (Omit<FhirBundleEntry, 'resource'> & { resource: T })[]
}

/** A resource as Halaxy holds it: always with its id. */
export type WithId<T> = T & { id: string }

/** A JSON merge-patch (RFC 7386) of a resource: null removes a field, arrays are replaced whole. */
export type MergePatch<T> = { [K in keyof T]?: T[K] | null }

// ───────────────────────────── references ─────────────────────────────

/** The id a reference ends with: "https://au-api.halaxy.com/main/Patient/1" → "1". */
export function bareId(reference: string) {
  return reference.slice(reference.lastIndexOf('/') + 1)
}

/** What a reference points at: its type, else the type in its path ("…/PractitionerRole/PR-1"). */
export function referenceType(reference: FhirReference | undefined) {
  if (reference?.type) return reference.type
  const parts = (reference?.reference ?? '').split('/')
  return parts.length >= 2 ? parts[parts.length - 2] : undefined
}

/** A typed reference to a record, relative ("Patient/1") or below a base ("https://…/main/Patient/1"). */
export function referenceTo(type: string, id: string, base = '') {
  return { type, reference: `${base}${type}/${bareId(id)}` } satisfies FhirReference
}

// ───────────────────────────── Halaxy's extensions ─────────────────────────────

const halaxyStructure = 'https://terminology.halaxy.com/StructureDefinition'
const halaxyAuOrigin = 'https://au-api.halaxy.com'

/** A modifier extension on the patient participant, valueCoding code 'booked', 'cancelled (no charge)', … */
export const HALAXY_PARTICIPANT_STATUS = `${halaxyStructure}/appointment-participant-status`
/** The code system of those codes lives under the account's own API origin (au-api, eu-api, …). */
export function halaxyParticipantStatusSystem(origin = halaxyAuOrigin) {
  return `${origin}/presets/CodeSystem/appointment-participant-status`
}
export const HALAXY_PARTICIPANT_STATUS_SYSTEM = halaxyParticipantStatusSystem()
/** An extension on the patient participant: valueReference Invoice/… that Halaxy raised for it. */
export const HALAXY_PARTICIPANT_INVOICE = `${halaxyStructure}/appointment-participant-invoice`
/** On an Appointment: 'clinic', 'telehealth', … (the $book location-type). The stand-in's own name. */
export const HALAXY_LOCATION_TYPE = `${halaxyStructure}/appointment-location-type`
/** On an Appointment: valueReference HealthcareService/… (the $book healthcare-service-id). The stand-in's own name. */
export const HALAXY_HEALTHCARE_SERVICE = `${halaxyStructure}/appointment-healthcare-service`
/** On an Invoice: valueReference Appointment/… it was raised for (what `Invoice?appointment=` searches). */
export const HALAXY_INVOICE_APPOINTMENT = `${halaxyStructure}/invoice-appointment`

/** Whether an extension is that Halaxy extension, by the last part of its URL: read leniently, as hosts differ. */
export function isHalaxyExtension(extension: FhirExtension, url: string) {
  return extension.url.endsWith(url.slice(url.lastIndexOf('/')))
}

export const HALAXY_CANCELLED_NO_CHARGE = 'cancelled (no charge)'
export const MBS_ITEM_SYSTEM = 'http://www.health.gov.au/mbs'
