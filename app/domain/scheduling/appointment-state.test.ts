import { describe, expect, it } from 'vitest'
import {
  APPOINTMENT_STATUSES,
  canTransition,
  isInsideNoticeWindow,
  isLive,
  patientMayCancel,
  patientMayReschedule,
  staffMayChange,
  staffMayRecordAttendance,
} from './appointment-state.ts'

const now = new Date('2026-12-01T00:00:00Z')
const hoursFromNow = (hours: number) => new Date(now.getTime() + hours * 3_600_000)

describe('transitions', () => {
  it('lets a hold be confirmed, cancelled or released, and nothing else', () => {
    const targets = APPOINTMENT_STATUSES.filter((to) => canTransition('held', to))
    expect(targets).toEqual(['confirmed', 'cancelled', 'expired'])
  })

  it('lets a confirmed appointment end in attendance or cancellation, never go back to held', () => {
    expect(APPOINTMENT_STATUSES.filter((to) => canTransition('confirmed', to))).toEqual([
      'completed',
      'no_show',
      'cancelled',
      'late_cancelled',
    ])
  })

  it('never revives a cancellation', () => {
    for (const to of APPOINTMENT_STATUSES) {
      expect(canTransition('cancelled', to)).toBe(false)
      expect(canTransition('late_cancelled', to)).toBe(false)
    }
  })

  it('confirms an expired hold only (a payment that arrived late); attendance can be corrected', () => {
    expect(canTransition('expired', 'confirmed')).toBe(true)
    expect(canTransition('expired', 'held')).toBe(false)
    expect(canTransition('completed', 'no_show')).toBe(true)
    expect(canTransition('no_show', 'completed')).toBe(true)
    expect(canTransition('completed', 'cancelled')).toBe(false)
  })

  it('counts the same statuses as live as the exclusion constraint does', () => {
    expect(APPOINTMENT_STATUSES.filter(isLive)).toEqual(['held', 'confirmed', 'completed', 'no_show'])
  })
})

describe('the notice window (48 hours)', () => {
  it('is inside at 47:59 and outside at exactly 48 hours', () => {
    expect(isInsideNoticeWindow(new Date(hoursFromNow(48).getTime() - 60_000), now)).toBe(true)
    expect(isInsideNoticeWindow(hoursFromNow(48), now)).toBe(false)
  })
})

describe('what a patient may do', () => {
  it('cancels a confirmed or held future appointment, even late', () => {
    expect(patientMayCancel({ status: 'confirmed', startsAt: hoursFromNow(2) }, now).allowed).toBe(true)
    expect(patientMayCancel({ status: 'held', startsAt: hoursFromNow(100) }, now).allowed).toBe(true)
  })

  it('cannot cancel what started, was cancelled or was released', () => {
    expect(patientMayCancel({ status: 'confirmed', startsAt: hoursFromNow(-1) }, now)).toEqual({
      allowed: false,
      reason: 'This appointment has already started.',
    })
    const cancelled = patientMayCancel({ status: 'cancelled', startsAt: hoursFromNow(100) }, now)
    expect(cancelled.allowed).toBe(false)
    expect(!cancelled.allowed && cancelled.reason).toMatch(/was cancelled/)
    expect(patientMayCancel({ status: 'expired', startsAt: hoursFromNow(100) }, now).allowed).toBe(false)
  })

  it('moves a confirmed appointment only outside the notice window', () => {
    expect(patientMayReschedule({ status: 'confirmed', startsAt: hoursFromNow(49) }, now).allowed).toBe(true)
    const late = patientMayReschedule({ status: 'confirmed', startsAt: hoursFromNow(47) }, now)
    expect(late.allowed).toBe(false)
    expect(!late.allowed && late.reason).toMatch(/less than 48 hours away/)
  })

  it('cannot move a hold or a cancelled appointment', () => {
    expect(patientMayReschedule({ status: 'held', startsAt: hoursFromNow(100) }, now).allowed).toBe(false)
    const cancelled = patientMayReschedule({ status: 'late_cancelled', startsAt: hoursFromNow(100) }, now)
    expect(!cancelled.allowed && cancelled.reason).toMatch(/cannot be moved/)
  })
})

describe('what staff may do', () => {
  it('changes confirmed and held appointments at any time, nothing that ended', () => {
    expect(staffMayChange({ status: 'confirmed', startsAt: hoursFromNow(1) }).allowed).toBe(true)
    expect(staffMayChange({ status: 'held', startsAt: hoursFromNow(1) }).allowed).toBe(true)
    expect(staffMayChange({ status: 'completed', startsAt: hoursFromNow(-5) }).allowed).toBe(false)
    expect(staffMayChange({ status: 'cancelled', startsAt: hoursFromNow(5) }).allowed).toBe(false)
  })

  it('records attendance only once the session has started', () => {
    expect(
      staffMayRecordAttendance({ status: 'confirmed', startsAt: hoursFromNow(1) }, 'completed', now),
    ).toEqual({ allowed: false, reason: 'Attendance can be recorded once the session has started.' })
    expect(
      staffMayRecordAttendance({ status: 'confirmed', startsAt: hoursFromNow(-1) }, 'no_show', now).allowed,
    ).toBe(true)
    expect(
      staffMayRecordAttendance({ status: 'no_show', startsAt: hoursFromNow(-1) }, 'completed', now).allowed,
    ).toBe(true)
    expect(
      staffMayRecordAttendance({ status: 'completed', startsAt: hoursFromNow(-1) }, 'completed', now).allowed,
    ).toBe(false)
    expect(
      staffMayRecordAttendance({ status: 'cancelled', startsAt: hoursFromNow(-1) }, 'completed', now).allowed,
    ).toBe(false)
  })
})
