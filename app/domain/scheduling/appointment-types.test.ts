import { describe, expect, it } from 'vitest'
import { defaultAppointmentType } from './appointment-types.ts'

const type = (name: string, durationMinutes: number, isDefault: boolean | null = null) => ({
  name,
  durationMinutes,
  isDefault,
})

describe('defaultAppointmentType', () => {
  it('is the type marked as the default, whatever its name or length', () => {
    const types = [type('Short review', 30), type('Check-in', 20, true), type('Standard session', 50)]
    expect(defaultAppointmentType(types)?.name).toBe('Check-in')
  })

  it('without a mark, is the first of at least 50 minutes, else the first', () => {
    expect(
      defaultAppointmentType([type('Short review', 30), type('Long', 80), type('Session', 50)])?.name,
    ).toBe('Long')
    expect(defaultAppointmentType([type('Short review', 30), type('Check-in', 20)])?.name).toBe(
      'Short review',
    )
    expect(defaultAppointmentType([])).toBeNull()
  })
})
