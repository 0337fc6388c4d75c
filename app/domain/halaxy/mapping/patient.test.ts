import { describe, expect, it } from 'vitest'
import { searchedPatients } from '../fixtures/halaxy-answers.ts'
import { jordan, sparse } from '../fixtures/haven-records.ts'
import {
  isSearchMatch,
  patientPatch,
  patientResource,
  patientSearchQuery,
  type HalaxyPatientInput,
} from './patient.ts'

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
    const [same, namesake] = searchedPatients
    expect(isSearchMatch(same!, jordan)).toBe(true)
    expect(isSearchMatch(namesake!, jordan)).toBe(false)
    expect(isSearchMatch(same!, { ...jordan, email: 'someone.else@example.com' })).toBe(false)
    expect(isSearchMatch(same!, { ...jordan, legalFirstName: 'Jordana' })).toBe(false)
  })
})
