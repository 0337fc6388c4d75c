import { describe, expect, it } from 'vitest'
import { bookedAppointment, cancelledAppointment, meetingAppointment } from '../fixtures/halaxy-answers.ts'
import { appointment, context, mappings } from '../fixtures/haven-records.ts'
import {
  appointmentInvoiceId,
  appointmentToBusyBlock,
  bookParameters,
  cancelPatch,
  localIsoWithOffset,
  missingBookMappings,
  MissingHalaxyMappingsError,
  NoHalaxyPatientParticipantError,
  reschedulePatch,
  restorePatch,
  type HalaxyAppointmentInput,
} from './appointment.ts'
import { type FhirAppointment } from '../fhir.ts'

describe('localIsoWithOffset', () => {
  const cases: [zone: string, instant: string, local: string][] = [
    // Sydney: AEDT in summer, AEST in winter.
    ['Australia/Sydney', '2026-12-06T23:00:00Z', '2026-12-07T10:00:00+11:00'],
    ['Australia/Sydney', '2026-07-07T00:00:00Z', '2026-07-07T10:00:00+10:00'],
    // Clocks go forward at 02:00 on 4 October 2026: one minute apart, an hour and a minute of wall clock.
    ['Australia/Sydney', '2026-10-03T15:59:00Z', '2026-10-04T01:59:00+10:00'],
    ['Australia/Sydney', '2026-10-03T16:00:00Z', '2026-10-04T03:00:00+11:00'],
    // Clocks go back at 03:00 on 5 April 2026: 02:xx happens twice, told apart by the offset.
    ['Australia/Sydney', '2026-04-04T15:30:00Z', '2026-04-05T02:30:00+11:00'],
    ['Australia/Sydney', '2026-04-04T16:30:00Z', '2026-04-05T02:30:00+10:00'],
    // Brisbane keeps +10:00 all year.
    ['Australia/Brisbane', '2026-12-07T00:00:00Z', '2026-12-07T10:00:00+10:00'],
    ['Australia/Brisbane', '2026-07-07T00:00:00Z', '2026-07-07T10:00:00+10:00'],
    // Adelaide: half-hour offsets, with daylight saving.
    ['Australia/Adelaide', '2026-12-06T23:30:00Z', '2026-12-07T10:00:00+10:30'],
    ['Australia/Adelaide', '2026-07-07T00:30:00Z', '2026-07-07T10:00:00+09:30'],
    ['Australia/Adelaide', '2026-10-03T16:29:00Z', '2026-10-04T01:59:00+09:30'],
    ['Australia/Adelaide', '2026-10-03T16:30:00Z', '2026-10-04T03:00:00+10:30'],
    // Darwin: +09:30, no daylight saving.
    ['Australia/Darwin', '2026-12-07T00:30:00Z', '2026-12-07T10:00:00+09:30'],
    ['Australia/Darwin', '2026-07-07T00:30:00Z', '2026-07-07T10:00:00+09:30'],
    ['Australia/Perth', '2026-12-07T02:00:00Z', '2026-12-07T10:00:00+08:00'],
    ['UTC', '2026-12-07T10:00:45Z', '2026-12-07T10:00:45+00:00'],
  ]

  it.each(cases)('writes %s %s as %s', (zone, instant, local) => {
    expect(localIsoWithOffset(new Date(instant), zone)).toBe(local)
    // The same instant, whatever the offset says.
    expect(Date.parse(local)).toBe(Date.parse(instant))
  })
})

describe('clinical content', () => {
  it('never appears in a booking, even if forced past the types', () => {
    const forced = {
      ...appointment,
      cancelReason: 'SENTINEL-REASON staff note',
      notes: 'SENTINEL-NOTE',
    } as unknown as HalaxyAppointmentInput
    expect(JSON.stringify(bookParameters(forced, context))).not.toContain('SENTINEL')
    expect(JSON.stringify(reschedulePatch(forced))).not.toContain('SENTINEL')
  })
})

describe('bookParameters', () => {
  it('builds the $book Parameters with local offsets and every mapped id', () => {
    expect(bookParameters(appointment, context)).toEqual({
      resourceType: 'Parameters',
      parameter: [
        {
          name: 'appt-resource',
          resource: {
            resourceType: 'Appointment',
            start: '2026-12-07T10:00:00+11:00',
            end: '2026-12-07T10:50:00+11:00',
            minutesDuration: 50,
            participant: [{ actor: { type: 'PractitionerRole', reference: 'PractitionerRole/PR-3331559' } }],
          },
        },
        { name: 'patient-id', valueReference: { type: 'Patient', reference: 'Patient/150899633' } },
        {
          name: 'healthcare-service-id',
          valueReference: { type: 'HealthcareService', reference: 'HealthcareService/557057' },
        },
        { name: 'location-type', valueCode: 'clinic' },
        { name: 'status', valueCode: 'booked' },
        {
          name: 'charge-item-definition-id',
          valueReference: { type: 'ChargeItemDefinition', reference: 'ChargeItemDefinition/70211' },
        },
      ],
    })
  })

  it('books telehealth as telehealth, in the appointment’s own zone', () => {
    const adelaide = bookParameters(
      {
        ...appointment,
        modality: 'telehealth',
        timeZone: 'Australia/Adelaide',
        startsAt: new Date('2026-07-07T00:30:00Z'),
        endsAt: new Date('2026-07-07T01:00:00Z'),
      },
      context,
    )
    expect(adelaide.parameter).toContainEqual({ name: 'location-type', valueCode: 'telehealth' })
    expect(adelaide.parameter[0]).toMatchObject({
      resource: { start: '2026-07-07T10:00:00+09:30', end: '2026-07-07T10:30:00+09:30', minutesDuration: 30 },
    })
  })

  it('attaches no fee without a fee mapping', () => {
    const withoutFee = bookParameters(appointment, {
      ...context,
      mappings: mappings.filter((row) => row.kind !== 'fee'),
    })
    expect(withoutFee.parameter.map((parameter) => parameter.name)).toEqual([
      'appt-resource',
      'patient-id',
      'healthcare-service-id',
      'location-type',
      'status',
    ])
  })

  it('writes absolute references when given Halaxy’s base, and accepts ids stored as references', () => {
    const parameters = bookParameters(appointment, {
      halaxyPatientId: '150899633',
      referenceBase: 'https://au-api.halaxy.com/main/',
      mappings: [
        { kind: 'psychologist', havenId: 'psy_1', halaxyId: 'PractitionerRole/PR-3331559' },
        { kind: 'appointment_type', havenId: 'type_standard', halaxyId: 'HealthcareService/557057' },
      ],
    })
    expect(parameters.parameter).toContainEqual({
      name: 'patient-id',
      valueReference: { type: 'Patient', reference: 'https://au-api.halaxy.com/main/Patient/150899633' },
    })
    expect(parameters.parameter[0]).toMatchObject({
      resource: {
        participant: [
          {
            actor: {
              type: 'PractitionerRole',
              reference: 'https://au-api.halaxy.com/main/PractitionerRole/PR-3331559',
            },
          },
        ],
      },
    })
  })

  it('says exactly which mappings the manager must set', () => {
    const onlyLocation = mappings.filter((row) => row.kind === 'location')
    expect(missingBookMappings(appointment, onlyLocation)).toEqual([
      { kind: 'psychologist', havenId: 'psy_1', halaxyResource: 'PractitionerRole' },
      { kind: 'appointment_type', havenId: 'type_standard', halaxyResource: 'HealthcareService' },
    ])
    expect(missingBookMappings(appointment, mappings)).toEqual([])

    let thrown: unknown
    try {
      bookParameters(appointment, {
        ...context,
        mappings: mappings.filter((row) => row.kind !== 'appointment_type'),
      })
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(MissingHalaxyMappingsError)
    expect((thrown as MissingHalaxyMappingsError).missing).toEqual([
      { kind: 'appointment_type', havenId: 'type_standard', halaxyResource: 'HealthcareService' },
    ])
    expect((thrown as Error).message).toBe(
      'Set these Halaxy mappings first: appointment type → Halaxy appointment type (HealthcareService) (type_standard).',
    )
  })

  it('treats a blank mapped id as missing', () => {
    const blank = mappings.map((row) => (row.kind === 'psychologist' ? { ...row, halaxyId: '  ' } : row))
    expect(missingBookMappings(appointment, blank)).toEqual([
      { kind: 'psychologist', havenId: 'psy_1', halaxyResource: 'PractitionerRole' },
    ])
  })
})

describe('reschedulePatch', () => {
  it('moves start and end with the offset in force on the new day', () => {
    // From a Sydney summer session to a winter one: the offset changes with it.
    expect(
      reschedulePatch({
        startsAt: new Date('2027-06-01T00:00:00Z'),
        endsAt: new Date('2027-06-01T01:00:00Z'),
        timeZone: 'Australia/Sydney',
      }),
    ).toEqual({ start: '2027-06-01T10:00:00+10:00', end: '2027-06-01T11:00:00+10:00', minutesDuration: 60 })
  })
})

describe('cancelPatch', () => {
  const statusOf = (patch: ReturnType<typeof cancelPatch>) =>
    patch.participant[0].modifierExtension[0].valueCoding.code

  it('cancels without charge through the patient participant’s status extension', () => {
    expect(cancelPatch(bookedAppointment)).toEqual({
      participant: [
        {
          actor: { type: 'Patient', reference: 'https://au-api.halaxy.com/main/Patient/150899633' },
          modifierExtension: [
            {
              url: 'https://terminology.halaxy.com/StructureDefinition/appointment-participant-status',
              valueCoding: {
                system: 'https://au-api.halaxy.com/presets/CodeSystem/appointment-participant-status',
                code: 'cancelled (no charge)',
                display: 'cancelled (no charge)',
              },
            },
          ],
        },
      ],
    })
  })

  it('keeps Halaxy’s invoice for a late cancellation', () => {
    expect(statusOf(cancelPatch(bookedAppointment, { lateCancellation: true }))).toBe('cancelled')
  })

  it('uses the account’s own regional code system', () => {
    const eu: FhirAppointment = {
      resourceType: 'Appointment',
      id: '42',
      participant: [{ actor: { reference: 'https://eu-api.halaxy.com/main/Patient/77' } }],
    }
    expect(cancelPatch(eu).participant[0]).toMatchObject({
      actor: { type: 'Patient', reference: 'https://eu-api.halaxy.com/main/Patient/77' },
      modifierExtension: [
        {
          valueCoding: {
            system: 'https://eu-api.halaxy.com/presets/CodeSystem/appointment-participant-status',
          },
        },
      ],
    })
  })

  it('refuses an appointment with no patient', () => {
    expect(() => cancelPatch(meetingAppointment)).toThrow(NoHalaxyPatientParticipantError)
  })
})

describe('restorePatch', () => {
  it('restores a cancelled appointment through the patient participant, with Halaxy’s own reference', () => {
    const patch = restorePatch(cancelledAppointment)
    expect(patch.participant[0].actor.reference).toBe('https://au-api.halaxy.com/main/Patient/150899700')
    expect(patch.participant[0].modifierExtension[0].valueCoding.code).toBe('booked')
    expect(() => restorePatch(meetingAppointment)).toThrow(NoHalaxyPatientParticipantError)
  })
})

describe('reading Halaxy’s appointments', () => {
  it('finds the invoice Halaxy raised for a booking', () => {
    expect(appointmentInvoiceId(bookedAppointment)).toBe('99120031')
    expect(appointmentInvoiceId(cancelledAppointment)).toBeNull()
  })

  it('turns a session made in Halaxy into busy time', () => {
    expect(appointmentToBusyBlock(bookedAppointment)).toEqual({
      halaxyId: '880012345',
      practitionerRoleId: 'PR-3331559',
      startsAt: new Date('2026-12-06T23:00:00Z'),
      endsAt: new Date('2026-12-06T23:50:00Z'),
      cancelled: false,
    })
  })

  it('sees a cancellation in the patient’s status, even while the top-level status says booked', () => {
    expect(appointmentToBusyBlock(cancelledAppointment)).toMatchObject({
      halaxyId: '880012399',
      cancelled: true,
    })
    expect(
      appointmentToBusyBlock({ ...bookedAppointment, cancellationReason: { text: 'Patient unwell' } })
        ?.cancelled,
    ).toBe(true)
  })

  it('reads a cancelled status however it is filed', () => {
    const filedAsExtension: FhirAppointment = {
      resourceType: 'Appointment',
      id: '7',
      start: '2026-12-08T14:00:00+11:00',
      end: '2026-12-08T14:50:00+11:00',
      participant: [
        { actor: { reference: 'PractitionerRole/PR-1' } },
        {
          actor: { reference: 'Patient/9' },
          extension: [
            { url: 'https://example.org/appointment-participant-status', valueCode: 'cancelled (no charge)' },
          ],
        },
      ],
    }
    expect(appointmentToBusyBlock(filedAsExtension)?.cancelled).toBe(true)
    const booked = { ...filedAsExtension, participant: [filedAsExtension.participant![0]!] }
    expect(appointmentToBusyBlock(booked)?.cancelled).toBe(false)
  })

  it('blocks a meeting with no patient, ending it by its duration', () => {
    expect(appointmentToBusyBlock(meetingAppointment)).toEqual({
      halaxyId: '880012420',
      practitionerRoleId: 'PR-4410021',
      startsAt: new Date('2026-12-09T02:00:00Z'),
      endsAt: new Date('2026-12-09T03:00:00Z'),
      cancelled: false,
    })
  })

  it('gives nothing without times or a practitioner role', () => {
    const { start: _start, ...noStart } = bookedAppointment
    expect(appointmentToBusyBlock(noStart)).toBeNull()
    const { end: _end, minutesDuration: _minutes, ...noEnd } = bookedAppointment
    expect(appointmentToBusyBlock(noEnd)).toBeNull()
    expect(appointmentToBusyBlock({ ...bookedAppointment, start: 'next Tuesday' })).toBeNull()
    expect(appointmentToBusyBlock({ ...bookedAppointment, end: bookedAppointment.start })).toBeNull()
    expect(
      appointmentToBusyBlock({
        ...bookedAppointment,
        participant: bookedAppointment.participant.filter(
          (participant) => participant.actor?.type === 'Patient',
        ),
      }),
    ).toBeNull()
    // A Practitioner is not a PractitionerRole: Haven maps psychologists to roles.
    expect(
      appointmentToBusyBlock({
        ...bookedAppointment,
        participant: [{ actor: { reference: 'Practitioner/99001' } }],
      }),
    ).toBeNull()
  })
})
