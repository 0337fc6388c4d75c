// Halaxy's own web UI, as a clinician or receptionist uses it: changes made there, not through
// the API, so each one fires the matching webhook (API writes never do). They are stored exactly
// as Halaxy stores any change (a new meta.versionId and lastUpdated) and obey the API's checks.
import {
  HALAXY_HEALTHCARE_SERVICE,
  HALAXY_LOCATION_TYPE,
  HALAXY_PARTICIPANT_STATUS,
  type FhirAppointment,
  type FhirAppointmentParticipant,
  type FhirInvoice,
  type FhirPatient,
  type MergePatch,
  type WithId,
} from '../../../app/domain/halaxy/fhir.ts'
import { invalid, notFound } from './fhir.ts'
import {
  assertFree,
  idOf,
  isObject,
  minutesBetween,
  participantStatus,
  practitionerRoleOf,
  validatePatient,
  validateTimes,
} from './resources.ts'
import { type HalaxyStore } from './store.ts'
import { type HalaxyWebhooks } from './webhooks.ts'

export type FrontEndBooking = {
  /** 'PR-2001' or 'PractitionerRole/PR-2001'. */
  practitionerRoleId: string
  /** Date-times with their offset, kept as given, e.g. '2027-05-03T09:00:00+10:00'. */
  start: string
  end: string
  /** Without one it is a practitioner's own appointment (no client). */
  patientId?: string
  healthcareServiceId?: string
  description?: string
}

export type FrontEndAppointmentChanges = {
  start?: string
  end?: string
  /** true cancels (the patient participant's status 'cancelled', fee kept); false reinstates. */
  cancelled?: boolean
}

/** Top-level Patient fields: each given replaces the stored one; null removes it. */
export type FrontEndPatientChanges = MergePatch<Omit<FhirPatient, 'resourceType' | 'id' | 'meta'>>

export type FrontEndInvoiceChanges = {
  /** Dollars (AUD); totalNet follows it. */
  totalGross: number
}

export type HalaxyFrontEnd = {
  /** Fires appointment-created. Throws when the role, patient or service is unknown or the slot is taken. */
  bookAppointment(booking: FrontEndBooking): WithId<FhirAppointment>
  /** Fires appointment-updated. */
  updateAppointment(id: string, changes: FrontEndAppointmentChanges): WithId<FhirAppointment>
  /** Fires appointment-deleted; answers the appointment as it was. A GET of it then answers 404. */
  deleteAppointment(id: string): WithId<FhirAppointment>
  /** Fires patient-updated. */
  updatePatient(id: string, changes: FrontEndPatientChanges): WithId<FhirPatient>
  /** Fires invoice-updated. */
  updateInvoice(id: string, changes: FrontEndInvoiceChanges): WithId<FhirInvoice>
}

export function createFrontEnd(store: HalaxyStore, webhooks: Pick<HalaxyWebhooks, 'notify'>): HalaxyFrontEnd {
  const appointment = (id: string) => {
    const found = store.get<FhirAppointment>('Appointment', id)
    if (!found) throw notFound('Appointment', id)
    return found
  }

  return {
    bookAppointment(booking) {
      if (!isObject(booking)) throw invalid('a booking must be an object', 400)
      const roleId = idOf(text(booking.practitionerRoleId, 'practitionerRoleId'))
      const practitionerRole = `PractitionerRole/${roleId}`
      if (!store.get('PractitionerRole', roleId)) throw invalid(`${practitionerRole} does not exist`)
      const patientId = optionalText(booking.patientId, 'patientId')
      if (patientId && !store.get('Patient', patientId)) throw invalid(`Patient/${patientId} does not exist`)
      const serviceId = optionalText(booking.healthcareServiceId, 'healthcareServiceId')
      if (serviceId && !store.get('HealthcareService', serviceId)) {
        throw invalid(`HealthcareService/${serviceId} does not exist`)
      }
      const description = optionalText(booking.description, 'description')

      const participant: FhirAppointmentParticipant[] = [
        { actor: { type: 'PractitionerRole', reference: practitionerRole } },
        ...(patientId
          ? [
              {
                actor: { type: 'Patient', reference: `Patient/${patientId}` },
                status: 'accepted' as const,
                modifierExtension: [participantStatus('booked')],
              },
            ]
          : []),
      ]
      const proposed: FhirAppointment = {
        resourceType: 'Appointment',
        status: 'booked',
        start: text(booking.start, 'start'),
        end: text(booking.end, 'end'),
        participant,
      }
      validateTimes(proposed)
      assertFree(store, practitionerRole, proposed.start, proposed.end)

      // Unlike $book with a fee, no invoice is raised: a front-end booking carries none here,
      // which keeps the stand-in simple (updateInvoice works on invoices $book raised).
      const stored = store.put<FhirAppointment>({
        resourceType: 'Appointment',
        id: store.newId('Appointment'),
        status: 'booked',
        start: proposed.start,
        end: proposed.end,
        minutesDuration: minutesBetween(proposed.start, proposed.end),
        ...(description ? { description } : {}),
        participant,
        extension: [
          { url: HALAXY_LOCATION_TYPE, valueCode: 'clinic' },
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
      webhooks.notify('appointment-created', `Appointment/${stored.id}`)
      return stored
    },

    updateAppointment(id, changes) {
      if (!isObject(changes)) throw invalid('the changes must be an object', 400)
      const existing = appointment(id)
      const start = optionalText(changes.start, 'start') ?? existing.start
      const end = optionalText(changes.end, 'end') ?? existing.end
      if (changes.cancelled !== undefined && typeof changes.cancelled !== 'boolean') {
        throw invalid('cancelled: must be true or false', 400)
      }

      const wasCancelled = existing.status === 'cancelled'
      const cancelled = changes.cancelled ?? wasCancelled
      // The same rule as the API's patch: the status follows the patient participant's.
      const status = cancelled ? 'cancelled' : wasCancelled ? 'booked' : existing.status
      const participant =
        changes.cancelled === undefined
          ? existing.participant
          : existing.participant.map((entry) =>
              isPatient(entry) ? withStatus(entry, cancelled ? 'cancelled' : 'booked') : entry,
            )
      const patched: FhirAppointment = { ...existing, start, end, participant, status }
      delete patched.minutesDuration
      validateTimes(patched)
      const practitionerRole = practitionerRoleOf(participant)
      if (
        practitionerRole &&
        !cancelled &&
        (start !== existing.start || end !== existing.end || status !== existing.status)
      ) {
        assertFree(store, practitionerRole, patched.start, patched.end, existing.id)
      }
      const stored = store.put<FhirAppointment>({
        ...patched,
        minutesDuration: minutesBetween(patched.start, patched.end),
      })
      webhooks.notify('appointment-updated', `Appointment/${stored.id}`)
      return stored
    },

    deleteAppointment(id) {
      const existing = appointment(id)
      store.delete('Appointment', existing.id)
      webhooks.notify('appointment-deleted', `Appointment/${existing.id}`)
      return existing
    },

    updatePatient(id, changes) {
      if (!isObject(changes)) throw invalid('the changes must be an object', 400)
      const existing = store.get<FhirPatient>('Patient', id)
      if (!existing) throw notFound('Patient', id)
      const patched: Record<string, unknown> = { ...existing }
      for (const [field, value] of Object.entries(changes)) {
        // What identifies the record is Halaxy's, not the form's.
        if (field === 'id' || field === 'resourceType' || field === 'meta') continue
        if (value === null) delete patched[field]
        else patched[field] = value
      }
      validatePatient(patched as FhirPatient)
      const stored = store.put({ ...(patched as FhirPatient), id: existing.id, resourceType: 'Patient' })
      webhooks.notify('patient-updated', `Patient/${stored.id}`)
      return stored
    },

    updateInvoice(id, changes) {
      if (!isObject(changes)) throw invalid('the changes must be an object', 400)
      const existing = store.get<FhirInvoice>('Invoice', id)
      if (!existing) throw notFound('Invoice', id)
      const total = changes.totalGross
      if (typeof total !== 'number' || !Number.isFinite(total) || total < 0) {
        throw invalid('totalGross: must be an amount of dollars, 0 or more', 400)
      }
      const amount = { value: total, currency: 'AUD' }
      const stored = store.put<FhirInvoice>({ ...existing, totalNet: amount, totalGross: amount })
      webhooks.notify('invoice-updated', `Invoice/${stored.id}`)
      return stored
    },
  }
}

function isPatient(participant: FhirAppointmentParticipant) {
  return (
    participant.actor?.type === 'Patient' || Boolean(participant.actor?.reference?.startsWith('Patient/'))
  )
}

/** The patient participant with its Halaxy status replaced (wherever it was kept). */
function withStatus(participant: FhirAppointmentParticipant, code: string): FhirAppointmentParticipant {
  const others = (list: FhirAppointmentParticipant['extension']) =>
    (list ?? []).filter((extension) => extension.url !== HALAXY_PARTICIPANT_STATUS)
  const { extension: kept, ...rest } = participant
  const extension = others(kept)
  return {
    ...rest,
    modifierExtension: [...others(participant.modifierExtension), participantStatus(code)],
    ...(extension.length > 0 ? { extension } : {}),
  }
}

function text(value: unknown, name: string) {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(`${name}: is required`, 400)
  return value.trim()
}

function optionalText(value: unknown, name: string) {
  return value === undefined || value === null ? undefined : text(value, name)
}
