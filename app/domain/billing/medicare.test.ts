import { describe, expect, it } from 'vitest'
import { medicareItemFor, medicareRateOn, type MedicareItemRow } from './medicare.ts'

const row = (overrides: Partial<MedicareItemRow>): MedicareItemRow => ({
  itemNumber: '80010',
  description: '',
  registrationType: 'clinical',
  service: 'in_rooms',
  minMinutes: 50,
  maxMinutes: null,
  scheduleFeeCents: 17_090,
  rebateCents: 14_525,
  effectiveFrom: new Date('2025-07-01T00:00:00Z'),
  active: true,
  ...overrides,
})

const items = [
  row({}),
  row({ itemNumber: '80000', minMinutes: 30, maxMinutes: 50, rebateCents: 9_925 }),
  row({ itemNumber: '91167', service: 'video' }),
  row({ itemNumber: '80110', registrationType: 'registered', rebateCents: 9_895 }),
  row({ itemNumber: '80100', registrationType: 'registered', minMinutes: 20, maxMinutes: 50 }),
  // Next year's indexation of 80010.
  row({ rebateCents: 14_900, effectiveFrom: new Date('2026-07-01T00:00:00Z') }),
]

const find = (session: Partial<Parameters<typeof medicareItemFor>[1]>) =>
  medicareItemFor(items, {
    registrationType: 'clinical',
    modality: 'in_person',
    minutes: 50,
    serviceDay: '2026-03-10',
    ...session,
  })

describe('the Medicare item of a session', () => {
  it('follows registration, modality and length', () => {
    expect(find({})?.itemNumber).toBe('80010')
    expect(find({ minutes: 30 })?.itemNumber).toBe('80000')
    expect(find({ minutes: 49 })?.itemNumber).toBe('80000')
    expect(find({ modality: 'telehealth' })?.itemNumber).toBe('91167')
    expect(find({ registrationType: 'registered' })?.itemNumber).toBe('80110')
    expect(find({ registrationType: 'registered', minutes: 20 })?.itemNumber).toBe('80100')
  })

  it('is none for a session too short for any item', () => {
    expect(find({ minutes: 15 })).toBeNull()
    expect(find({ minutes: 25 })).toBeNull()
  })

  it('uses the rates in force on the day of service', () => {
    expect(find({ serviceDay: '2026-06-30' })?.rebateCents).toBe(14_525)
    expect(find({ serviceDay: '2026-07-01' })?.rebateCents).toBe(14_900)
    expect(find({ serviceDay: '2025-06-30' })).toBeNull()
  })

  it('ignores items the manager switched off', () => {
    expect(
      medicareItemFor([row({ active: false })], {
        registrationType: 'clinical',
        modality: 'in_person',
        minutes: 50,
        serviceDay: '2026-01-01',
      }),
    ).toBeNull()
  })
})

describe("an item's rate on a day of service", () => {
  it('is the latest rate started by that day, switched off or not', () => {
    expect(medicareRateOn(items, '80010', '2026-06-30')?.rebateCents).toBe(14_525)
    expect(medicareRateOn(items, '80010', '2026-07-01')?.rebateCents).toBe(14_900)
    expect(medicareRateOn([row({ active: false })], '80010', '2026-01-01')?.rebateCents).toBe(14_525)
  })

  it('is none before the item had a rate, or for another item', () => {
    expect(medicareRateOn(items, '80010', '2025-06-30')).toBeNull()
    expect(medicareRateOn(items, '99999', '2026-07-01')).toBeNull()
  })
})
