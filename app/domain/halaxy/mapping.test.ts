import { describe, expect, it } from 'vitest'
import bookedAppointment from './fixtures/appointment-booked.json'
import cancelledAppointment from './fixtures/appointment-cancelled.json'
import meetingAppointment from './fixtures/appointment-meeting.json'
import halaxyInvoice from './fixtures/invoice.json'
import patientSearchBundle from './fixtures/patient-search-bundle.json'
import {
  appointmentDrift,
  appointmentInvoiceId,
  appointmentToBusyBlock,
  bookParameters,
  cancelPatch,
  dollarsToCentsExact,
  feeMappingKey,
  halaxyVersion,
  invoiceAppointmentId,
  invoiceComparison,
  isSearchMatch,
  localIsoWithOffset,
  missingBookMappings,
  MissingHalaxyMappingsError,
  NoHalaxyPatientParticipantError,
  patientDrift,
  patientPatch,
  patientResource,
  patientSearchQuery,
  reschedulePatch,
  restorePatch,
  type HalaxyAppointment,
  type HalaxyAppointmentInput,
  type HalaxyMappingRow,
  type HalaxyPatientInput,
} from './mapping.ts'

const jordan: HalaxyPatientInput = {
  legalFirstName: 'Jordan',
  legalLastName: 'Citizen',
  preferredName: 'Jo',
  email: 'jordan.citizen@example.com',
  dateOfBirth: new Date('1991-03-14T00:00:00Z'),
  gender: 'woman',
  mobile: '+61412345678',
  addressLine: '12 Wattle Street',
  suburb: 'Newtown',
  state: 'NSW',
  postcode: '2042',
  emergencyName: 'Sam Lee',
  emergencyRelationship: 'Partner',
  emergencyPhone: '+61298765432',
}

const sparse: HalaxyPatientInput = {
  legalFirstName: 'Alex',
  legalLastName: 'Nguyen',
  preferredName: '',
  email: 'alex@example.com',
  dateOfBirth: null,
  gender: '',
  mobile: '',
  addressLine: '',
  suburb: '',
  state: '',
  postcode: '',
  emergencyName: '',
  emergencyRelationship: '',
  emergencyPhone: '',
}

const appointment: HalaxyAppointmentInput = {
  id: 'appt_1',
  startsAt: new Date('2026-12-06T23:00:00Z'),
  endsAt: new Date('2026-12-06T23:50:00Z'),
  timeZone: 'Australia/Sydney',
  modality: 'in_person',
  psychologistId: 'psy_1',
  appointmentTypeId: 'type_standard',
  locationId: 'loc_newtown',
}

const mappings: HalaxyMappingRow[] = [
  { kind: 'psychologist', havenId: 'psy_1', halaxyId: 'PR-3331559' },
  { kind: 'appointment_type', havenId: 'type_standard', halaxyId: '557057' },
  { kind: 'location', havenId: 'loc_newtown', halaxyId: 'CL-101' },
  { kind: 'fee', havenId: feeMappingKey('psy_1', 'type_standard'), halaxyId: '70211' },
]

const context = { halaxyPatientId: '150899633', mappings }

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

describe('patientResource', () => {
  it('maps every field Haven holds, in Halaxy’s shapes', () => {
    expect(patientResource(jordan)).toEqual({
      resourceType: 'Patient',
      name: [
        { use: 'official', family: 'Citizen', given: ['Jordan'] },
        { use: 'usual', given: ['Jo'] },
      ],
      telecom: [
        { system: 'sms', value: '+61412345678', use: 'mobile' },
        { system: 'email', value: 'jordan.citizen@example.com', use: 'home' },
      ],
      gender: 'female',
      birthDate: '1991-03-14',
      address: [
        {
          use: 'home',
          type: 'physical',
          line: ['12 Wattle Street'],
          city: 'Newtown',
          state: 'NSW',
          postalCode: '2042',
          country: 'AU',
        },
      ],
      contact: [
        {
          relationship: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/v2-0131',
                  code: 'C',
                  display: 'Emergency Contact',
                },
              ],
            },
            { text: 'Partner' },
          ],
          name: { text: 'Sam Lee', given: ['Sam'], family: 'Lee' },
          telecom: [{ system: 'phone', value: '+61298765432', use: 'home' }],
        },
      ],
    })
  })

  it('leaves out what is absent, never sending an empty string', () => {
    const resource = patientResource(sparse)
    expect(resource).toEqual({
      resourceType: 'Patient',
      name: [{ use: 'official', family: 'Nguyen', given: ['Alex'] }],
      telecom: [{ system: 'email', value: 'alex@example.com', use: 'home' }],
    })
    expect(JSON.stringify(resource)).not.toContain('""')
  })

  it('adds a usual name only when the preferred name differs', () => {
    expect(patientResource({ ...jordan, preferredName: ' jordan ' }).name).toEqual([
      { use: 'official', family: 'Citizen', given: ['Jordan'] },
    ])
  })

  it('puts phone numbers in +61 form, whatever way they were stored', () => {
    const resource = patientResource({ ...jordan, mobile: '0412 345 678', emergencyPhone: '(07) 3123 4567' })
    expect(resource.telecom?.[0]).toEqual({ system: 'sms', value: '+61412345678', use: 'mobile' })
    expect(resource.contact?.[0]?.telecom).toEqual([{ system: 'phone', value: '+61731234567', use: 'home' }])
    // 13/1300 numbers have no E.164 form: left out rather than sent malformed.
    expect(patientResource({ ...sparse, mobile: '1300 123 456' }).telecom).toEqual([
      { system: 'email', value: 'alex@example.com', use: 'home' },
    ])
  })

  it('maps Haven’s genders, and sends none for "prefer not to say"', () => {
    const genderOf = (gender: string) => patientResource({ ...sparse, gender }).gender
    expect(genderOf('woman')).toBe('female')
    expect(genderOf('man')).toBe('male')
    expect(genderOf('non_binary')).toBe('other')
    expect(genderOf('different_term')).toBe('other')
    expect(genderOf('prefer_not_to_say')).toBeUndefined()
    expect(genderOf('')).toBeUndefined()
  })

  it('keeps the emergency contact even without a relationship or a second name', () => {
    const contact = patientResource({
      ...sparse,
      emergencyName: 'Kim',
      emergencyPhone: '0400 000 001',
    }).contact
    expect(contact).toEqual([
      {
        relationship: [{ coding: [expect.objectContaining({ code: 'C' })] }],
        name: { text: 'Kim', given: ['Kim'] },
        telecom: [{ system: 'sms', value: '+61400000001', use: 'mobile' }],
      },
    ])
  })
})

describe('clinical content', () => {
  const clinical = {
    reasonForVisit: 'SENTINEL-REASON panic attacks at work',
    riskThoughts: true,
    k10Responses: [{ answers: [5, 5, 5, 5, 5, 5, 5, 5, 5, 5], score: 50, band: 'very_high' }],
    notes: 'SENTINEL-NOTE Subjective: low mood',
    medicareNumber: '2123456701',
  }

  it('cannot be handed to the patient mapping at all', () => {
    const profile = { ...jordan, ...clinical }
    // @ts-expect-error a whole profile carries clinical fields, which the input type refuses
    patientResource(profile)
    // @ts-expect-error the same for a patch
    patientPatch(jordan, profile)
  })

  it('never appears in what is sent, even if forced past the types', () => {
    const forced = { ...jordan, ...clinical } as unknown as HalaxyPatientInput
    const sent = JSON.stringify([
      patientResource(forced),
      patientPatch(sparse, forced),
      patientSearchQuery(forced),
    ])
    expect(sent).not.toMatch(/SENTINEL|very_high|2123456701|riskThoughts|k10|reasonForVisit/i)
  })

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

describe('patientPatch', () => {
  it('is empty when nothing Halaxy holds changed', () => {
    expect(patientPatch(jordan, { ...jordan })).toEqual({})
  })

  it('names only the changed fields, each complete', () => {
    expect(patientPatch(jordan, { ...jordan, mobile: '+61498765432', suburb: 'Enmore' })).toEqual({
      telecom: [
        { system: 'sms', value: '+61498765432', use: 'mobile' },
        { system: 'email', value: 'jordan.citizen@example.com', use: 'home' },
      ],
      address: [
        {
          use: 'home',
          type: 'physical',
          line: ['12 Wattle Street'],
          city: 'Enmore',
          state: 'NSW',
          postalCode: '2042',
          country: 'AU',
        },
      ],
    })
  })

  it('sends null for a field now empty', () => {
    expect(
      patientPatch(jordan, {
        ...jordan,
        gender: 'prefer_not_to_say',
        emergencyName: '',
        emergencyRelationship: '',
        emergencyPhone: '',
      }),
    ).toEqual({ gender: null, contact: null })
  })

  it('changes the names together when the preferred name goes', () => {
    expect(patientPatch(jordan, { ...jordan, preferredName: '' })).toEqual({
      name: [{ use: 'official', family: 'Citizen', given: ['Jordan'] }],
    })
  })
})

describe('looking for a patient after a lost create', () => {
  it('asks by family, given name, birth date and email', () => {
    expect(patientSearchQuery(jordan)).toEqual({
      family: 'Citizen',
      given: 'Jordan',
      birthdate: '1991-03-14',
      email: 'jordan.citizen@example.com',
    })
    expect(patientSearchQuery({ ...sparse, email: '' })).toEqual({ family: 'Nguyen', given: 'Alex' })
  })

  it('checks each result itself, as Halaxy may ignore a search parameter', () => {
    const [same, namesake] = patientSearchBundle.entry.map((entry) => entry.resource)
    expect(isSearchMatch(same!, jordan)).toBe(true)
    expect(isSearchMatch(namesake!, jordan)).toBe(false)
    expect(isSearchMatch(same!, { ...jordan, email: 'someone.else@example.com' })).toBe(false)
    expect(isSearchMatch(same!, { ...jordan, legalFirstName: 'Jordana' })).toBe(false)
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
    const eu: HalaxyAppointment = {
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
    const filedAsExtension: HalaxyAppointment = {
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
          (participant) => participant.actor.type === 'Patient',
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

describe('invoices', () => {
  it('reads dollars into whole cents without float error', () => {
    expect(dollarsToCentsExact(240.3)).toBe(24_030)
    // 145.29 * 100 is 14528.999999999998 in floating point.
    expect(dollarsToCentsExact(145.29)).toBe(14_529)
    expect(dollarsToCentsExact(1.005)).toBe(101)
    expect(dollarsToCentsExact('98.95')).toBe(9_895)
    expect(dollarsToCentsExact(85)).toBe(8_500)
    expect(dollarsToCentsExact(0)).toBe(0)
    expect(dollarsToCentsExact(-20.5)).toBe(-2_050)
    expect(dollarsToCentsExact('abc')).toBeNull()
  })

  it('matches Haven’s invoice against Halaxy’s', () => {
    expect(invoiceComparison({ totalCents: 24_030 }, halaxyInvoice)).toEqual({
      halaxyInvoiceId: '99120031',
      halaxyTotalCents: 24_030,
      halaxyStatus: 'issued',
      matches: true,
      differenceCents: 0,
    })
  })

  it('says by how much they differ, positive when Halaxy asks for more', () => {
    expect(invoiceComparison({ totalCents: 22_000 }, halaxyInvoice)).toMatchObject({
      matches: false,
      differenceCents: 2_030,
    })
    // A cancellation without charge zeroes Halaxy's invoice.
    const zeroed = { ...halaxyInvoice, totalGross: { value: 0, currency: 'AUD' } }
    expect(invoiceComparison({ totalCents: 24_030 }, zeroed)).toMatchObject({
      halaxyTotalCents: 0,
      matches: false,
      differenceCents: -24_030,
    })
  })

  it('falls back to totalNet, and reports a missing total as unknown', () => {
    const { totalGross: _gross, ...netOnly } = halaxyInvoice
    expect(invoiceComparison({ totalCents: 24_030 }, netOnly)).toMatchObject({
      halaxyTotalCents: 24_030,
      matches: true,
    })
    expect(
      invoiceComparison({ totalCents: 24_030 }, { resourceType: 'Invoice', id: '5', status: 'draft' }),
    ).toEqual({
      halaxyInvoiceId: '5',
      halaxyTotalCents: null,
      halaxyStatus: 'draft',
      matches: false,
      differenceCents: null,
    })
  })

  it('never matches a total in another currency', () => {
    const euros = { ...halaxyInvoice, totalGross: { value: 240.3, currency: 'EUR' } }
    expect(invoiceComparison({ totalCents: 24_030 }, euros).matches).toBe(false)
  })
})

describe('drift: changes made in Halaxy to records Haven owns', () => {
  // Halaxy's copy as it comes back: Haven's fields plus ids, periods and reordered lists of its own.
  const asHalaxyHolds = () => {
    const sent = patientResource(jordan)
    return {
      ...sent,
      id: '150899633',
      meta: { versionId: '3', lastUpdated: '2026-12-01T09:00:00+11:00' },
      active: true,
      name: sent.name.map((name) => ({ ...name, text: 'ignored by Haven' })),
      telecom: [...(sent.telecom ?? [])].reverse().map((point) => ({ ...point, rank: 1 })),
      address: sent.address?.map((address) => ({ ...address, period: { start: '2020-01-01' } })),
    }
  }

  it('finds none when Halaxy holds what Haven sent, whatever it adds or reorders', () => {
    expect(patientDrift(patientResource(jordan), asHalaxyHolds())).toEqual([])
  })

  it('names the fields a person changed in Halaxy, not their values', () => {
    const changed = asHalaxyHolds()
    changed.telecom = changed.telecom.map((point) =>
      point.system === 'sms' ? { ...point, value: '+61498765432' } : point,
    )
    changed.address = [{ ...changed.address![0]!, city: 'Marrickville' }]
    const drift = patientDrift(patientResource(jordan), changed)
    expect(drift).toEqual(['telecom', 'address'])
    expect(JSON.stringify(drift)).not.toMatch(/Marrickville|498765432/)
  })

  it('ignores how Halaxy writes a value (a dropped preferred name or coding, spacing, case)', () => {
    const held = asHalaxyHolds()
    held.name = [{ use: 'official', family: 'CITIZEN', given: ['Jordan '], text: 'x' }]
    held.contact = held.contact?.map(({ relationship: _coding, ...contact }) => contact as never)
    expect(patientDrift(patientResource(jordan), held)).toEqual([])
  })

  it('counts a phone added in Halaxy: Haven sending its list again would drop it', () => {
    const held = asHalaxyHolds()
    held.telecom = [...held.telecom, { system: 'phone', value: '+61298765432', use: 'home', rank: 2 }]
    expect(patientDrift(patientResource(jordan), held)).toEqual(['telecom'])
  })

  it('counts a field Halaxy removed, but not one Haven never filled', () => {
    const { birthDate: _removed, ...withoutBirthDate } = asHalaxyHolds()
    expect(patientDrift(patientResource(jordan), withoutBirthDate)).toEqual(['birthDate'])
    const noAddress = patientResource({ ...jordan, addressLine: '', suburb: '', state: '', postcode: '' })
    expect(
      patientDrift(noAddress, { ...asHalaxyHolds(), name: noAddress.name, telecom: noAddress.telecom }),
    ).toEqual([])
  })

  const booked = bookedAppointment as HalaxyAppointment
  const haven = {
    startsAt: new Date('2026-12-07T10:00:00+11:00'),
    endsAt: new Date('2026-12-07T10:50:00+11:00'),
    live: true,
    practitionerRoleId: 'PR-3331559',
  }

  it('finds an appointment unchanged when the instants match, whatever the offset written', () => {
    expect(appointmentDrift(haven, booked)).toEqual([])
    expect(
      appointmentDrift(haven, { ...booked, start: '2026-12-06T23:00:00Z', end: '2026-12-06T23:50:00Z' }),
    ).toEqual([])
  })

  it('finds an appointment moved, cancelled, reassigned or deleted in Halaxy', () => {
    expect(
      appointmentDrift(haven, {
        ...booked,
        start: '2026-12-07T11:00:00+11:00',
        end: '2026-12-07T11:50:00+11:00',
      }),
    ).toEqual(['time'])
    expect(
      appointmentDrift(
        {
          ...haven,
          startsAt: new Date('2026-12-08T14:00:00+11:00'),
          endsAt: new Date('2026-12-08T14:50:00+11:00'),
        },
        cancelledAppointment as HalaxyAppointment,
      ),
    ).toEqual(['status'])
    expect(appointmentDrift({ ...haven, practitionerRoleId: 'PR-1' }, booked)).toEqual(['practitioner'])
    expect(appointmentDrift(haven, null)).toEqual(['deleted'])
  })

  it('lets a cancelled appointment be, unless Halaxy has it live again', () => {
    const cancelled = { ...haven, live: false }
    expect(appointmentDrift(cancelled, cancelledAppointment as HalaxyAppointment)).toEqual([])
    expect(appointmentDrift(cancelled, null)).toEqual([])
    expect(appointmentDrift(cancelled, booked)).toEqual(['status'])
  })

  it('restores a cancelled appointment through the patient participant, with Halaxy’s own reference', () => {
    const patch = restorePatch(cancelledAppointment as HalaxyAppointment)
    expect(patch.participant[0].actor.reference).toBe('https://au-api.halaxy.com/main/Patient/150899700')
    expect(patch.participant[0].modifierExtension[0].valueCoding.code).toBe('booked')
    expect(() => restorePatch(meetingAppointment as HalaxyAppointment)).toThrow(
      NoHalaxyPatientParticipantError,
    )
  })

  it('reads the version and the invoice’s appointment', () => {
    expect(halaxyVersion({ meta: { versionId: '7', lastUpdated: 'x' } })).toBe('7')
    expect(halaxyVersion({ meta: { lastUpdated: '2026-12-01T00:00:00Z' } })).toBe('2026-12-01T00:00:00Z')
    expect(halaxyVersion({})).toBeNull()
    expect(
      invoiceAppointmentId({
        extension: [
          {
            url: 'https://terminology.halaxy.com/StructureDefinition/invoice-appointment',
            valueReference: { reference: 'https://au-api.halaxy.com/main/Appointment/880012345' },
          },
        ],
      }),
    ).toBe('880012345')
    expect(invoiceAppointmentId(halaxyInvoice as { extension?: [] })).toBeNull()
  })
})
