import { describe, expect, it } from 'vitest'
import { dayKey, formatClockTime, formatSlotTime, formatZonedTime, zoneAbbreviation } from './time.ts'

describe('showing times in a zone', () => {
  const summer = '2026-12-07T22:00:00Z' // 9:00 am Tuesday in Sydney (AEDT, +11)
  it('names the zone as it is at that instant', () => {
    expect(zoneAbbreviation(summer, 'Australia/Sydney')).toBe('AEDT')
    expect(zoneAbbreviation('2026-06-07T23:00:00Z', 'Australia/Sydney')).toBe('AEST')
    expect(zoneAbbreviation(summer, 'Australia/Brisbane')).toBe('AEST')
    expect(zoneAbbreviation(summer, 'Australia/Adelaide')).toBe('ACDT')
    expect(zoneAbbreviation(summer, 'Australia/Perth')).toBe('AWST')
  })
  it("shows one instant as each zone's own wall clock, half hours included", () => {
    expect(formatClockTime(summer, 'Australia/Sydney')).toBe('9:00 am')
    expect(formatClockTime(summer, 'Australia/Brisbane')).toBe('8:00 am')
    expect(formatClockTime(summer, 'Australia/Adelaide')).toBe('8:30 am')
    expect(formatClockTime(summer, 'Australia/Darwin')).toBe('7:30 am')
    expect(formatClockTime(summer, 'Australia/Perth')).toBe('6:00 am')
    expect(formatSlotTime(summer, 'Australia/Sydney')).toBe('Tue, 8 Dec, 9:00 am')
  })
  it('shows a time with its zone’s name, as it is that day', () => {
    expect(formatZonedTime(summer, 'Australia/Sydney')).toBe('Tue, 8 Dec, 9:00 am AEDT')
    expect(formatZonedTime('2026-06-07T23:00:00Z', 'Australia/Perth')).toBe('Mon, 8 June, 7:00 am AWST')
  })
  it("groups by the day in the viewer's zone, not UTC", () => {
    expect(dayKey(summer, 'Australia/Sydney')).toBe('2026-12-08')
    expect(dayKey(summer, 'UTC')).toBe('2026-12-07')
  })
})
