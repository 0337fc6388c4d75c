import { describe, expect, it } from 'vitest'
import {
  bareId,
  FhirAppointmentSchema,
  FhirInvoiceSchema,
  FhirPatientSchema,
  HALAXY_PARTICIPANT_STATUS,
  isHalaxyExtension,
  referenceTo,
  referenceType,
} from './fhir.ts'
import bookedJson from './fixtures/appointment-booked.json'
import meetingJson from './fixtures/appointment-meeting.json'
import invoiceJson from './fixtures/invoice.json'
import { bookedAppointment, halaxyInvoice, searchedPatients } from './fixtures/halaxy-answers.ts'

describe('the FHIR schemas every answer from Halaxy is read with', () => {
  it('read Halaxy’s answers as it writes them, dropping what Haven does not use', () => {
    expect(searchedPatients.map((patient) => patient.id)).toEqual(['150899633', '150899640'])
    expect(bookedAppointment.participant).toHaveLength(2)
    expect(bookedAppointment).not.toHaveProperty('supportingInformation')
    expect(halaxyInvoice).toMatchObject({ id: '99120031', status: 'issued', totalGross: { value: 240.3 } })
    expect(halaxyInvoice).not.toHaveProperty('recipient')
    // A meeting gives its length, not its end; amounts may come as strings.
    expect(FhirAppointmentSchema.safeParse(meetingJson).success).toBe(true)
    expect(
      FhirInvoiceSchema.safeParse({ ...invoiceJson, totalGross: { value: '240.30', currency: 'AUD' } })
        .success,
    ).toBe(true)
  })

  it('refuse a shape Haven would misread, naming where it differs', () => {
    const refusal = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
      result.success ? null : result.error?.issues[0]?.path.join('.')
    expect(refusal(FhirPatientSchema.safeParse({ resourceType: 'Patient', gender: 'Female' }))).toBe('gender')
    expect(refusal(FhirPatientSchema.safeParse({ resourceType: 'Appointment' }))).toBe('resourceType')
    expect(refusal(FhirPatientSchema.safeParse({ resourceType: 'Patient', id: 'Patient/1' }))).toBe('id')
    expect(
      refusal(
        FhirPatientSchema.safeParse({ resourceType: 'Patient', name: [{ family: 'Lee', given: 'Sam' }] }),
      ),
    ).toBe('name.0.given')
    const { participant: _participant, ...noParticipant } = bookedJson
    expect(refusal(FhirAppointmentSchema.safeParse(noParticipant))).toBe('participant')
    const { status: _status, ...noStatus } = invoiceJson
    expect(refusal(FhirInvoiceSchema.safeParse(noStatus))).toBe('status')
  })
})

describe('references and Halaxy’s extensions', () => {
  it('read a reference’s id and type, relative or absolute', () => {
    expect(bareId('https://au-api.halaxy.com/main/Patient/150899633')).toBe('150899633')
    expect(referenceType({ reference: 'https://au-api.halaxy.com/main/PractitionerRole/PR-1' })).toBe(
      'PractitionerRole',
    )
    expect(referenceType({ type: 'Patient', reference: 'x' })).toBe('Patient')
    expect(referenceType({ reference: 'PR-1' })).toBeUndefined()
    expect(referenceTo('Patient', 'Patient/7', 'https://au-api.halaxy.com/main/')).toEqual({
      type: 'Patient',
      reference: 'https://au-api.halaxy.com/main/Patient/7',
    })
  })

  it('know an extension by the end of its URL, whatever the host', () => {
    expect(isHalaxyExtension({ url: HALAXY_PARTICIPANT_STATUS }, HALAXY_PARTICIPANT_STATUS)).toBe(true)
    expect(
      isHalaxyExtension(
        { url: 'https://example.org/appointment-participant-status' },
        HALAXY_PARTICIPANT_STATUS,
      ),
    ).toBe(true)
    expect(
      isHalaxyExtension(
        { url: 'https://example.org/appointment-participant-status-reason' },
        HALAXY_PARTICIPANT_STATUS,
      ),
    ).toBe(false)
  })
})
