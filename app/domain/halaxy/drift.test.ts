import { describe, expect, it } from 'vitest'
import { appointmentDrift, halaxyVersion, patientDrift } from './drift.ts'
import { bookedAppointment, cancelledAppointment } from './fixtures/halaxy-answers.ts'
import { jordan } from './fixtures/haven-records.ts'
import { patientResource } from './mapping/patient.ts'

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

  const booked = bookedAppointment
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
        cancelledAppointment,
      ),
    ).toEqual(['status'])
    expect(appointmentDrift({ ...haven, practitionerRoleId: 'PR-1' }, booked)).toEqual(['practitioner'])
    expect(appointmentDrift(haven, null)).toEqual(['deleted'])
  })

  it('lets a cancelled appointment be, unless Halaxy has it live again', () => {
    const cancelled = { ...haven, live: false }
    expect(appointmentDrift(cancelled, cancelledAppointment)).toEqual([])
    expect(appointmentDrift(cancelled, null)).toEqual([])
    expect(appointmentDrift(cancelled, booked)).toEqual(['status'])
  })

  it('reads the version Halaxy holds', () => {
    expect(halaxyVersion({ meta: { versionId: '7', lastUpdated: 'x' } })).toBe('7')
    expect(halaxyVersion({ meta: { lastUpdated: '2026-12-01T00:00:00Z' } })).toBe('2026-12-01T00:00:00Z')
    expect(halaxyVersion({})).toBeNull()
  })
})
