// The resources and operations of the Halaxy stand-in: only what Haven uses, with Halaxy's quirks
// (identifiers dropped on Patient create, no delete through the API, read-only invoices raised by
// $book, no writable Appointment.status, phone numbers only in +61 form, documents that can be
// created but never read back). front-end.ts reuses its checks.
import {
  HALAXY_HEALTHCARE_SERVICE,
  HALAXY_INVOICE_APPOINTMENT,
  HALAXY_LOCATION_TYPE,
  HALAXY_CANCELLED_NO_CHARGE,
  HALAXY_PARTICIPANT_INVOICE,
  HALAXY_PARTICIPANT_STATUS,
  HALAXY_PARTICIPANT_STATUS_SYSTEM,
  type FhirAppointment,
  type FhirAppointmentParticipant,
  type FhirChargeItemDefinition,
  type FhirDocumentReference,
  type FhirInvoice,
  type FhirParameter,
  type FhirReference,
  type FhirPatient,
  type WithId,
} from '../../../app/domain/halaxy/fhir.ts'
import { FhirError, invalid, mergePatch, notFound, searchset } from './fhir.ts'
import { type HalaxyStore } from './store.ts'

export type ResourceRequest = {
  method: string
  /** The path below the base, split on '/', e.g. ['Patient', '100001'] or ['Appointment', '$book']. */
  segments: string[]
  query: URLSearchParams
  body: unknown
  contentType: string
  selfUrl: URL
  baseUrl: string
  pageSize: number
}

export type ResourceResponse = { status: number; body: unknown; headers?: Record<string, string> }

const referenceTypes = ['PractitionerRole', 'HealthcareService', 'Organization', 'ChargeItemDefinition']
const knownTypes = ['Patient', 'Appointment', 'Invoice', 'DocumentReference', ...referenceTypes]
const mergePatchType = 'application/merge-patch+json'

export function handleResource(request: ResourceRequest, store: HalaxyStore): ResourceResponse {
  const [type = '', idOrOperation, ...rest] = request.segments
  if (!knownTypes.includes(type) || rest.length > 0) {
    throw new FhirError(404, 'not-supported', `${request.segments.join('/')} is not a supported resource`)
  }
  const method = request.method
  if (method === 'DELETE') {
    throw new FhirError(405, 'not-supported', 'Halaxy resources cannot be deleted')
  }
  if (method === 'PUT') {
    throw new FhirError(405, 'not-supported', 'PUT is not supported by the stand-in: use PATCH (merge-patch)')
  }

  if (type === 'DocumentReference') {
    if (method !== 'POST' || idOrOperation !== undefined) {
      throw new FhirError(
        405,
        'not-supported',
        'DocumentReference can only be created: Halaxy documents cannot be read back or changed through the API',
      )
    }
    return createDocumentReference(request, store)
  }
  if (type === 'Appointment' && idOrOperation === '$book') {
    if (method !== 'POST') throw new FhirError(405, 'not-supported', '$book must be POSTed')
    return { status: 201, body: book(request.body, store) }
  }
  if (idOrOperation?.startsWith('$')) {
    throw new FhirError(404, 'not-supported', `${type}/${idOrOperation} is not a supported operation`)
  }

  if (idOrOperation === undefined) {
    if (method === 'GET') return { status: 200, body: search(type, request, store) }
    if (method === 'POST' && type === 'Patient') return createPatient(request, store)
    throw new FhirError(405, 'not-supported', `${method} ${type} is not allowed${readOnlyReason(type)}`)
  }

  const existing = store.get(type, idOrOperation)
  if (method === 'GET') {
    if (!existing) throw notFound(type, idOrOperation)
    return { status: 200, body: existing }
  }
  if (method === 'PATCH' && (type === 'Patient' || type === 'Appointment')) {
    if (!existing) throw notFound(type, idOrOperation)
    if (request.contentType !== mergePatchType) {
      throw new FhirError(415, 'not-supported', `PATCH needs Content-Type ${mergePatchType}`)
    }
    if (!isObject(request.body)) throw invalid('the merge-patch body must be a JSON object', 400)
    return type === 'Patient'
      ? { status: 200, body: patchPatient(existing as WithId<FhirPatient>, request.body, store) }
      : {
          status: 200,
          body: patchAppointment(existing as WithId<FhirAppointment>, request.body, store),
        }
  }
  throw new FhirError(405, 'not-supported', `${method} ${type}/{id} is not allowed${readOnlyReason(type)}`)
}

function readOnlyReason(type: string) {
  if (type === 'Invoice') return ': invoices are raised by Halaxy when an appointment is booked with a fee'
  if (type === 'Appointment') return ': book through Appointment/$book'
  if (referenceTypes.includes(type)) return ': it is managed in Halaxy'
  return ''
}

// ---- Patient ----

function createPatient(request: ResourceRequest, store: HalaxyStore): ResourceResponse {
  const body = request.body
  if (!isObject(body) || body.resourceType !== 'Patient') throw invalid('resourceType must be Patient', 400)
  // Halaxy keeps no identifiers sent on create: Haven cannot find its own records by one.
  const { identifier: _dropped, id: _ignored, meta: _meta, ...patient } = body as FhirPatient
  validatePatient(patient as FhirPatient)
  const stored = store.put(patient as FhirPatient)
  return { status: 201, body: stored, headers: { location: `${request.baseUrl}Patient/${stored.id}` } }
}

function patchPatient(existing: WithId<FhirPatient>, patch: Record<string, unknown>, store: HalaxyStore) {
  const { id: _id, resourceType: _type, meta: _meta, identifier: _identifier, ...changes } = patch
  const patched = mergePatch(existing, changes) as FhirPatient
  delete patched.identifier
  validatePatient(patched)
  return store.put({ ...patched, id: existing.id, resourceType: 'Patient' })
}

const genders = ['male', 'female', 'other', 'unknown']
const contactSystems = ['phone', 'email', 'sms', 'fax', 'url', 'other']

export function validatePatient(patient: FhirPatient) {
  const names = patient.name
  if (
    !Array.isArray(names) ||
    !names.some((name) => typeof name?.family === 'string' && name.family.trim())
  ) {
    throw invalid('Patient.name: a family name is required')
  }
  if (patient.birthDate !== undefined && !isDate(patient.birthDate)) {
    throw invalid('Patient.birthDate: must be a date (YYYY-MM-DD)')
  }
  if (patient.gender !== undefined && !genders.includes(patient.gender)) {
    throw invalid(`Patient.gender: must be one of ${genders.join(', ')}`)
  }
  if (patient.telecom !== undefined) {
    if (!Array.isArray(patient.telecom)) throw invalid('Patient.telecom: must be a list')
    patient.telecom.forEach((contact, index) => {
      if (!contactSystems.includes(contact?.system ?? '') || typeof contact.value !== 'string') {
        throw invalid(`Patient.telecom[${index}]: system and value are required`)
      }
      if ((contact.system === 'phone' || contact.system === 'sms') && !/^\+61\d{9}$/.test(contact.value)) {
        throw invalid(
          `Patient.telecom[${index}].value: phone numbers must be in international form (+61 and 9 digits)`,
        )
      }
      if (contact.system === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(contact.value)) {
        throw invalid(`Patient.telecom[${index}].value: not an email address`)
      }
    })
  }
}

// ---- DocumentReference (a clinical note, kept with the patient's documents) ----

const docStatuses = ['preliminary', 'final']

function createDocumentReference(request: ResourceRequest, store: HalaxyStore): ResourceResponse {
  const body = request.body
  if (!isObject(body) || body.resourceType !== 'DocumentReference')
    throw invalid('resourceType must be DocumentReference', 400)
  const { id: _ignored, meta: _meta, ...document } = body as FhirDocumentReference
  if (document.status !== 'current') throw invalid('DocumentReference.status: must be current')
  if (!docStatuses.includes(document.docStatus ?? ''))
    throw invalid(`DocumentReference.docStatus: must be one of ${docStatuses.join(', ')}`)
  const patient = referenced(document.subject, 'Patient', store)
  if (!patient) throw invalid('DocumentReference.subject: must be a Patient of this account')
  if (document.author?.length !== 1 || !referenced(document.author[0], 'PractitionerRole', store))
    throw invalid('DocumentReference.author: must be one PractitionerRole of this account')
  if (typeof document.description !== 'string' || !document.description.trim())
    throw invalid('DocumentReference.description: a title is required')
  const attachment = document.content?.[0]?.attachment
  if (document.content?.length !== 1 || attachment?.contentType !== 'text/html')
    throw invalid('DocumentReference.content: one text/html attachment is required')
  const data = attachment.data ?? ''
  if (!data || Buffer.from(data, 'base64').toString('base64') !== data)
    throw invalid('DocumentReference.content[0].attachment.data: must be base64')
  const stored = store.put(document)
  return {
    status: 201,
    body: stored,
    headers: { location: `${request.baseUrl}DocumentReference/${stored.id}` },
  }
}

/** The stored record a reference names, when it is of that type. */
function referenced(reference: FhirReference | undefined, type: string, store: HalaxyStore) {
  const target = normalised(reference)
  return target.type === type ? store.get(type, idOf(target.reference)) : undefined
}

// ---- Appointment ----

const locationTypes = ['clinic', 'telehealth', 'phone', 'home-visit', 'other']
const bookableStatuses = ['booked', 'pending']

function book(body: unknown, store: HalaxyStore) {
  if (!isObject(body) || body.resourceType !== 'Parameters' || !Array.isArray(body.parameter)) {
    throw invalid('$book needs a Parameters resource', 400)
  }
  const parameters = body.parameter as FhirParameter[]
  const parameter = (name: string) => parameters.find((candidate) => candidate?.name === name)
  const value = (name: string) => {
    const found = parameter(name)
    // Halaxy takes ids as strings or as references, relative or absolute.
    const raw = found?.valueString ?? found?.valueId ?? found?.valueCode ?? found?.valueReference?.reference
    return typeof raw === 'string' && raw.trim() ? idOf(raw.trim()) : undefined
  }

  const resource = parameter('appt-resource')?.resource
  if (!resource || resource.resourceType !== 'Appointment') {
    throw invalid('appt-resource: an Appointment resource is required')
  }
  const proposed = resource as FhirAppointment
  validateTimes(proposed)
  proposed.participant = proposed.participant.map((participant) => ({
    ...participant,
    actor: normalised(participant?.actor),
  }))

  const practitionerRole = practitionerRoleOf(proposed.participant)
  if (!practitionerRole) {
    throw invalid('Appointment.participant: an actor PractitionerRole/PR-… is required')
  }
  if (!store.get('PractitionerRole', idOf(practitionerRole))) {
    throw invalid(`Appointment.participant: ${practitionerRole} does not exist`)
  }

  const patientId = value('patient-id')
  if (!patientId) throw invalid('patient-id: is required')
  if (!store.get('Patient', patientId)) throw invalid(`patient-id: Patient/${patientId} does not exist`)

  const serviceId = value('healthcare-service-id')
  if (serviceId && !store.get('HealthcareService', serviceId)) {
    throw invalid(`healthcare-service-id: HealthcareService/${serviceId} does not exist`)
  }
  const locationType = value('location-type') ?? 'clinic'
  if (!locationTypes.includes(locationType)) {
    throw invalid(`location-type: must be one of ${locationTypes.join(', ')}`)
  }
  const status = value('status') ?? 'booked'
  if (!bookableStatuses.includes(status))
    throw invalid(`status: must be one of ${bookableStatuses.join(', ')}`)

  const feeId = value('charge-item-definition-id')
  const fee = feeId ? store.get<FhirChargeItemDefinition>('ChargeItemDefinition', feeId) : undefined
  if (feeId && !fee) {
    throw invalid(`charge-item-definition-id: ChargeItemDefinition/${feeId} does not exist`)
  }

  if (parameter('fail-on-double-booking')?.valueBoolean !== false) {
    assertFree(store, practitionerRole, proposed.start, proposed.end)
  }

  const appointmentId = store.newId('Appointment')
  const invoiceId = fee ? store.newId('Invoice') : undefined
  const appointment = store.put<FhirAppointment>({
    resourceType: 'Appointment',
    id: appointmentId,
    status: status as FhirAppointment['status'],
    start: proposed.start,
    end: proposed.end,
    minutesDuration: minutesBetween(proposed.start, proposed.end),
    ...(proposed.description ? { description: proposed.description } : {}),
    ...(proposed.comment ? { comment: proposed.comment } : {}),
    participant: [
      ...proposed.participant.filter((participant) => participant.actor?.type !== 'Patient'),
      {
        actor: { type: 'Patient', reference: `Patient/${patientId}` },
        status: 'accepted',
        modifierExtension: [participantStatus(status)],
        ...(invoiceId
          ? {
              extension: [
                {
                  url: HALAXY_PARTICIPANT_INVOICE,
                  valueReference: { type: 'Invoice', reference: `Invoice/${invoiceId}` },
                },
              ],
            }
          : {}),
      },
    ],
    extension: [
      { url: HALAXY_LOCATION_TYPE, valueCode: locationType },
      ...(serviceId
        ? [
            {
              url: HALAXY_HEALTHCARE_SERVICE,
              valueReference: { type: 'HealthcareService', reference: `HealthcareService/${serviceId}` },
            },
          ]
        : []),
    ],
  })

  // Halaxy raises its own invoice whenever a booking carries a fee.
  if (fee && invoiceId) {
    const amount = fee.propertyGroup?.[0]?.priceComponent?.[0]?.amount ?? { value: 0, currency: 'AUD' }
    store.put<FhirInvoice>({
      resourceType: 'Invoice',
      id: invoiceId,
      status: 'issued',
      subject: { type: 'Patient', reference: `Patient/${patientId}` },
      date: proposed.start,
      participant: [{ actor: { type: 'PractitionerRole', reference: practitionerRole } }],
      lineItem: [
        {
          chargeItemReference: { reference: `ChargeItemDefinition/${fee.id}` },
          priceComponent: [{ type: 'base', amount }],
        },
      ],
      totalNet: amount,
      totalGross: amount,
      extension: [
        {
          url: HALAXY_INVOICE_APPOINTMENT,
          valueReference: { type: 'Appointment', reference: `Appointment/${appointment.id}` },
        },
      ],
    })
  }
  return appointment
}

export function participantStatus(code: string) {
  return {
    url: HALAXY_PARTICIPANT_STATUS,
    valueCoding: { system: HALAXY_PARTICIPANT_STATUS_SYSTEM, code, display: code },
  }
}

const writableAppointmentFields = ['start', 'end', 'minutesDuration', 'participant', 'description', 'comment']

function patchAppointment(
  existing: WithId<FhirAppointment>,
  patch: Record<string, unknown>,
  store: HalaxyStore,
) {
  if ('status' in patch) {
    throw invalid(
      "Appointment.status: cannot be written; cancel through the patient participant's status extension",
    )
  }
  for (const field of Object.keys(patch)) {
    if (!writableAppointmentFields.includes(field) && !['id', 'resourceType'].includes(field)) {
      throw invalid(`Appointment.${field}: cannot be changed`)
    }
  }
  const { id: _id, resourceType: _type, participant: participantPatch, ...changes } = patch
  const patched = mergePatch(existing, changes) as FhirAppointment
  if (participantPatch !== undefined)
    patched.participant = patchParticipants(existing.participant, participantPatch)
  validateTimes(patched)
  const practitionerRole = practitionerRoleOf(patched.participant)
  if (!practitionerRole) throw invalid('Appointment.participant: an actor PractitionerRole/PR-… is required')

  const patientStatus = patientParticipantStatus(patched.participant)
  const cancelled = patientStatus?.startsWith('cancelled') ?? false
  const status = cancelled ? 'cancelled' : existing.status === 'cancelled' ? 'booked' : existing.status
  if (
    !cancelled &&
    (patched.start !== existing.start || patched.end !== existing.end || status !== existing.status)
  ) {
    assertFree(store, practitionerRole, patched.start, patched.end, existing.id)
  }
  if (!('minutesDuration' in changes)) patched.minutesDuration = minutesBetween(patched.start, patched.end)
  const saved = store.put<FhirAppointment>({
    ...patched,
    id: existing.id,
    resourceType: 'Appointment',
    status,
  })
  // "cancelled (no charge)" zeroes the invoice Halaxy raised; plain "cancelled" keeps the fee.
  if (patientStatus === HALAXY_CANCELLED_NO_CHARGE) {
    for (const invoice of invoicesFor(store, existing.id)) {
      const zero = { value: 0, currency: invoice.totalGross?.currency ?? 'AUD' }
      store.put<FhirInvoice>({ ...invoice, status: 'cancelled', totalNet: zero, totalGross: zero })
    }
  }
  return saved
}

/** Participants in a patch are matched to the existing ones by actor and merge-patched (none added). */
function patchParticipants(existing: FhirAppointmentParticipant[], patch: unknown) {
  if (!Array.isArray(patch)) throw invalid('Appointment.participant: must be a list')
  const result = existing.map((participant) => structuredClone(participant))
  patch.forEach((change: unknown, index) => {
    const actor =
      isObject(change) && isObject(change.actor) ? normalised(change.actor as FhirReference) : undefined
    const target = result.findIndex((participant) => participant.actor?.reference === actor?.reference)
    if (!actor || target < 0) {
      throw invalid(
        `Appointment.participant[${index}]: no participant with that actor; participants cannot be added`,
      )
    }
    const { actor: _actor, ...rest } = change as Record<string, unknown>
    result[target] = {
      ...(mergePatch(result[target], rest) as FhirAppointmentParticipant),
      actor: result[target]!.actor,
    }
  })
  return result
}

function invoicesFor(store: HalaxyStore, appointmentId: string) {
  return store
    .all<FhirInvoice>('Invoice')
    .filter((invoice) =>
      (invoice.extension ?? []).some(
        (extension) =>
          extension.url === HALAXY_INVOICE_APPOINTMENT &&
          extension.valueReference?.reference === `Appointment/${appointmentId}`,
      ),
    )
}

/** Throws unless the appointment has a start and an end with offsets, in order; then it is timed. */
export function validateTimes(
  appointment: FhirAppointment,
): asserts appointment is FhirAppointment & { start: string; end: string } {
  const { start, end } = appointment
  if (!isOffsetDateTime(start))
    throw invalid('Appointment.start: must be a date-time with a time zone offset')
  if (!isOffsetDateTime(end)) throw invalid('Appointment.end: must be a date-time with a time zone offset')
  if (Date.parse(end) <= Date.parse(start)) {
    throw invalid('Appointment.end: must be after Appointment.start')
  }
  if (
    appointment.minutesDuration !== undefined &&
    appointment.minutesDuration !== minutesBetween(start, end)
  ) {
    throw invalid('Appointment.minutesDuration: does not match start and end')
  }
  if (!Array.isArray(appointment.participant)) throw invalid('Appointment.participant: is required')
}

export function assertFree(
  store: HalaxyStore,
  practitionerRole: string,
  start: string,
  end: string,
  exceptId?: string,
) {
  const from = Date.parse(start)
  const to = Date.parse(end)
  const clash = store
    .all<FhirAppointment>('Appointment')
    .find(
      (other) =>
        other.id !== exceptId &&
        other.status !== 'cancelled' &&
        practitionerRoleOf(other.participant) === practitionerRole &&
        Date.parse(other.start ?? '') < to &&
        from < Date.parse(other.end ?? ''),
    )
  if (clash) {
    throw new FhirError(409, 'conflict', `${practitionerRole} already has an appointment at that time`)
  }
}

export function practitionerRoleOf(participants: FhirAppointmentParticipant[] | undefined) {
  return participants
    ?.map((participant) => normalised(participant.actor).reference)
    .find((reference) => reference.startsWith('PractitionerRole/'))
}

function patientParticipantStatus(participants: FhirAppointmentParticipant[]) {
  const patient = participants.find((participant) => normalised(participant?.actor).type === 'Patient')
  const status = [...(patient?.modifierExtension ?? []), ...(patient?.extension ?? [])].find(
    (extension) => extension.url === HALAXY_PARTICIPANT_STATUS,
  )
  return status?.valueCoding?.code ?? status?.valueCode
}

/** 'Type/id' with its type, whether Haven sent it relative or absolute (as Halaxy writes them). */
function normalised(actor: FhirReference | undefined): FhirReference & { type: string; reference: string } {
  const parts = (actor?.reference ?? '').split('/').filter(Boolean)
  const type = parts.at(-2) ?? actor?.type ?? ''
  return {
    ...actor,
    type,
    reference: parts.length >= 2 ? `${type}/${parts.at(-1)}` : (actor?.reference ?? ''),
  }
}

// ---- Search ----

type Filter = (resource: Record<string, unknown>) => boolean

function search(type: string, request: ResourceRequest, store: HalaxyStore) {
  const query = request.query
  const filters: Filter[] = []
  const each = (name: string, build: (value: string) => Filter) => {
    for (const value of query.getAll(name)) if (value !== '') filters.push(build(value))
  }

  each('_id', (id) => (resource) => resource.id === id)
  each('_lastUpdated', (value) => {
    const compare = comparator(value, '_lastUpdated')
    return (resource) => compare(String((resource.meta as { lastUpdated?: string })?.lastUpdated ?? ''))
  })

  if (type === 'Patient') {
    const names = (resource: Record<string, unknown>) => (resource as FhirPatient).name ?? []
    each('family', (value) => (resource) => names(resource).some((name) => startsWith(name.family, value)))
    each(
      'given',
      (value) => (resource) =>
        names(resource).some((name) => (name.given ?? []).some((given) => startsWith(given, value))),
    )
    each(
      'name',
      (value) => (resource) =>
        names(resource).some((name) =>
          [name.family, ...(name.given ?? [])].some((part) => startsWith(part, value)),
        ),
    )
    each('birthdate', (value) => {
      const date = value.replace(/^eq/, '')
      if (!isDate(date)) throw invalid('birthdate: must be a date (YYYY-MM-DD)', 400)
      return (resource) => (resource as FhirPatient).birthDate === date
    })
    each(
      'email',
      (value) => (resource) =>
        ((resource as FhirPatient).telecom ?? []).some(
          (contact) => contact.system === 'email' && contact.value?.toLowerCase() === value.toLowerCase(),
        ),
    )
  }

  if (type === 'Appointment') {
    const participants = (resource: Record<string, unknown>) =>
      (resource as FhirAppointment).participant ?? []
    const hasActor = (prefix: string) => (value: string) => {
      const reference = value.includes('/') ? value : `${prefix}/${value}`
      return (resource: Record<string, unknown>) =>
        participants(resource).some((participant) => normalised(participant.actor).reference === reference)
    }
    each('patient', hasActor('Patient'))
    each('practitioner-role', hasActor('PractitionerRole'))
    each('date', (value) => {
      const compare = comparator(value, 'date')
      return (resource) => compare((resource as FhirAppointment).start ?? '')
    })
    each('status', (value) => (resource) => value.split(',').includes(String(resource.status)))
  }

  if (type === 'Invoice') {
    each('appointment', (value) => {
      const reference = value.includes('/') ? value : `Appointment/${value}`
      return (resource) =>
        ((resource as FhirInvoice).extension ?? []).some(
          (extension) =>
            extension.url === HALAXY_INVOICE_APPOINTMENT && extension.valueReference?.reference === reference,
        )
    })
    each('patient', (value) => {
      const reference = value.includes('/') ? value : `Patient/${value}`
      return (resource) => (resource as FhirInvoice).subject?.reference === reference
    })
  }

  if (referenceTypes.includes(type)) {
    each('active', (value) => (resource) => String(resource.active ?? true) === value)
  }

  const matches = store
    .all(type)
    .filter((resource) => filters.every((filter) => filter(resource as Record<string, unknown>)))
  // Halaxy sorts on date-time values such as _lastUpdated ('-' for newest first); others are not needed.
  const sort = query.get('_sort')
  if (sort === '_lastUpdated' || sort === '-_lastUpdated') {
    const stamp = (resource: object) =>
      String((resource as { meta?: { lastUpdated?: string } }).meta?.lastUpdated ?? '')
    matches.sort((a, b) => stamp(a).localeCompare(stamp(b)) * (sort.startsWith('-') ? -1 : 1))
  } else if (sort) throw invalid(`_sort: the stand-in sorts on _lastUpdated only, not ${sort}`, 400)
  const count = positiveInteger(query.get('_count')) ?? request.pageSize
  const offset = positiveInteger(query.get('_offset')) ?? 0
  return searchset(request.baseUrl, matches, { offset, count, selfUrl: request.selfUrl })
}

function comparator(value: string, parameter: string) {
  const match = /^(eq|ne|gt|lt|ge|le)?(.+)$/.exec(value)
  const prefix = match?.[1] ?? 'eq'
  const at = Date.parse(match?.[2] ?? '')
  if (Number.isNaN(at)) throw invalid(`${parameter}: '${value}' is not a date or date-time`, 400)
  return (candidate: string) => {
    const time = Date.parse(candidate)
    if (Number.isNaN(time)) return false
    switch (prefix) {
      case 'gt':
        return time > at
      case 'lt':
        return time < at
      case 'ge':
        return time >= at
      case 'le':
        return time <= at
      case 'ne':
        return time !== at
      default:
        return time === at
    }
  }
}

// ---- helpers ----

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function isDate(value: unknown) {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value))
}

function isOffsetDateTime(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
    !Number.isNaN(Date.parse(value))
  )
}

export function minutesBetween(start: string, end: string) {
  return Math.round((Date.parse(end) - Date.parse(start)) / 60_000)
}

function startsWith(candidate: string | undefined, value: string) {
  return typeof candidate === 'string' && candidate.toLowerCase().startsWith(value.toLowerCase())
}

export function idOf(reference: string) {
  return reference.slice(reference.lastIndexOf('/') + 1)
}

function positiveInteger(value: string | null) {
  if (value === null || !/^\d+$/.test(value)) return undefined
  return Number(value)
}
