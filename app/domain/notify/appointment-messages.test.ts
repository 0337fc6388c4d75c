import { describe, expect, it } from 'vitest'
import {
  isQuietHour,
  messagesForChange,
  outsideQuietHours,
  patientZone,
  plannedReminders,
  type ImpliedMessages,
  type ReminderSettings,
} from './appointment-messages.ts'

describe('which messages a change implies', () => {
  const none: ImpliedMessages = { confirmation: false, notice: null, reminders: 'keep' }
  const confirm: ImpliedMessages = { confirmation: true, notice: null, reminders: 'plan' }
  const replan: ImpliedMessages = { confirmation: false, notice: null, reminders: 'plan' }
  const moved: ImpliedMessages = { confirmation: false, notice: 'moved', reminders: 'plan' }
  const cancelled: ImpliedMessages = { confirmation: false, notice: 'cancelled', reminders: 'drop' }
  const drop: ImpliedMessages = { confirmation: false, notice: null, reminders: 'drop' }

  // Every change the scheduling code records, in the states it can leave the appointment in.
  it.each([
    ['booked', 'held', false, none, 'a booking waiting for payment is told nothing yet'],
    ['booked', 'confirmed', false, confirm, 'a booking needing no payment is confirmed at once'],
    ['booked', 'confirmed', true, replan, 'a re-delivered booking job confirms nothing twice'],
    ['booked', 'cancelled', false, none, 'a booking cancelled before its job ran is told nothing'],
    ['confirmed', 'confirmed', false, confirm, 'payment confirms the booking'],
    ['confirmed', 'confirmed', true, replan, 'a second confirmation job sends nothing new'],
    ['rescheduled', 'confirmed', true, moved, 'a move of an announced session is a notice'],
    [
      'rescheduled',
      'confirmed',
      false,
      confirm,
      'a move before the confirmation went: the confirmation has the new time',
    ],
    ['rescheduled', 'held', false, none, 'a held booking moved is still waiting for payment'],
    ['cancelled', 'cancelled', true, cancelled, 'a cancellation of an announced session is a notice'],
    ['late_cancelled', 'late_cancelled', true, cancelled, 'a late cancellation too'],
    ['cancelled', 'cancelled', false, drop, 'a hold cancelled before payment is told nothing'],
    ['hold_expired', 'expired', false, drop, 'a hold that ran out is told nothing'],
    ['completed', 'completed', true, drop, 'a session that took place drops its reminders'],
    ['no_show', 'no_show', true, drop, 'a no-show drops its reminders'],
  ] as const)('%s → %s (announced: %s)', (kind, status, wasAnnounced, expected, _why) => {
    expect(messagesForChange({ kind, status, wasAnnounced })).toEqual(expected)
  })
})

it('a session cancelled after payment confirmed it, before its confirmation went, still gets the notice', () => {
  expect(
    messagesForChange({ kind: 'cancelled', status: 'cancelled', wasAnnounced: false, wasConfirmed: true }),
  ).toEqual({
    confirmation: false,
    notice: 'cancelled',
    reminders: 'drop',
  })
})

describe('quiet hours', () => {
  const quiet = { enabled: true, start: 21, end: 8 }

  it('wrap past midnight, and are off when disabled or empty', () => {
    expect([20, 21, 23, 0, 7, 8].map((hour) => isQuietHour(hour, quiet))).toEqual([
      false,
      true,
      true,
      true,
      true,
      false,
    ])
    expect(isQuietHour(7.99, quiet)).toBe(true)
    expect(isQuietHour(23, { ...quiet, enabled: false })).toBe(false)
    expect(isQuietHour(23, { enabled: true, start: 8, end: 8 })).toBe(false)
    expect(isQuietHour(13, { enabled: true, start: 12, end: 14 })).toBe(true)
  })

  const session = new Date('2026-12-10T23:00:00Z') // Friday 10:00 am in Sydney (AEDT, +11)

  it('moves a reminder due at night to 8 am in the patient’s zone', () => {
    // Due 11:30 pm Sydney on Wednesday → 8:00 am Thursday Sydney (21:00 UTC Wednesday).
    const due = new Date('2026-12-09T12:30:00Z')
    expect(outsideQuietHours(due, 'Australia/Sydney', quiet, session).toISOString()).toBe(
      '2026-12-09T21:00:00.000Z',
    )
    // The same instant is 8:30 pm in Perth (+8): not quiet there.
    expect(outsideQuietHours(due, 'Australia/Perth', quiet, session)).toEqual(due)
  })

  it('uses half-hour zones: Adelaide (+10:30 in summer) and Darwin (+9:30, no daylight saving)', () => {
    const due = new Date('2026-12-09T11:00:00Z') // 9:30 pm Adelaide, 8:30 pm Darwin
    expect(outsideQuietHours(due, 'Australia/Adelaide', quiet, session).toISOString()).toBe(
      '2026-12-09T21:30:00.000Z',
    )
    expect(outsideQuietHours(due, 'Australia/Darwin', quiet, session)).toEqual(due)
  })

  it('follows daylight saving: 8 am Sydney is 21:00 UTC in summer and 22:00 UTC in winter', () => {
    const winterSession = new Date('2026-07-10T00:00:00Z')
    const winterNight = new Date('2026-07-08T13:00:00Z') // 11 pm AEST
    expect(outsideQuietHours(winterNight, 'Australia/Sydney', quiet, winterSession).toISOString()).toBe(
      '2026-07-08T22:00:00.000Z',
    )
    // The night daylight saving starts (4 Oct 2026, 2 am → 3 am): 8 am AEDT is 21:00 UTC.
    const changeNight = new Date('2026-10-03T15:30:00Z') // 1:30 am AEST, Sunday
    const afterChange = new Date('2026-10-05T00:00:00Z')
    expect(outsideQuietHours(changeNight, 'Australia/Sydney', quiet, afterChange).toISOString()).toBe(
      '2026-10-03T21:00:00.000Z',
    )
    // Brisbane keeps +10 all year.
    expect(outsideQuietHours(changeNight, 'Australia/Brisbane', quiet, afterChange).toISOString()).toBe(
      '2026-10-03T22:00:00.000Z',
    )
  })

  it('sends the evening before when 8 am would be too late for an early session', () => {
    const early = new Date('2026-12-10T19:00:00Z') // Friday 6:00 am Sydney
    const due = new Date('2026-12-10T17:00:00Z') // 4:00 am Friday, two hours before
    // 8 am is after the session, so 8:59 pm Thursday instead.
    expect(outsideQuietHours(due, 'Australia/Sydney', quiet, early).toISOString()).toBe(
      '2026-12-10T09:59:00.000Z',
    )
  })
})

describe('the reminders a session gets', () => {
  const settings: ReminderSettings = {
    emailReminderHours: 48,
    smsReminderHours: 24,
    videoSoonMinutes: 10,
    quiet: { enabled: true, start: 21, end: 8 },
  }
  const startsAt = new Date('2026-12-10T23:00:00Z') // Friday 10:00 am Sydney
  const base = {
    startsAt,
    modality: 'telehealth' as const,
    patientZone: 'Australia/Sydney',
    settings,
    emailReminders: true,
    smsReminders: true,
    smsBlockedBecause: null,
    now: new Date('2026-12-01T00:00:00Z'),
  }

  it('email 48 h before, SMS 24 h before, and the video SMS 10 minutes before a telehealth session', () => {
    expect(plannedReminders(base)).toEqual([
      {
        kind: 'email',
        channel: 'email',
        template: 'appointment-reminder',
        sendAt: new Date('2026-12-08T23:00:00Z'),
        skipReason: null,
      },
      {
        kind: 'sms',
        channel: 'sms',
        template: 'appointment-reminder',
        sendAt: new Date('2026-12-09T23:00:00Z'),
        skipReason: null,
      },
      {
        kind: 'video-soon',
        channel: 'sms',
        template: 'video-starting-soon',
        sendAt: new Date('2026-12-10T22:50:00Z'),
        skipReason: null,
      },
    ])
  })

  it('no video SMS for a session in person; an offset of 0 turns a reminder off', () => {
    const kinds = plannedReminders({
      ...base,
      modality: 'in_person',
      settings: { ...settings, emailReminderHours: 0 },
    }).map((reminder) => reminder.kind)
    expect(kinds).toEqual(['sms'])
  })

  it('records why a reminder will not go: booked late, turned off, or no SMS allowed', () => {
    const late = plannedReminders({ ...base, now: new Date('2026-12-10T00:00:00Z') })
    expect(late.map((reminder) => reminder.skipReason)).toEqual([
      'Booked too late for this reminder',
      'Booked too late for this reminder',
      null,
    ])
    const choices = plannedReminders({
      ...base,
      emailReminders: false,
      smsBlockedBecause: 'No mobile number',
    })
    expect(choices.map((reminder) => reminder.skipReason)).toEqual([
      'The patient turned reminder emails off',
      'No mobile number',
      'No mobile number',
    ])
    expect(plannedReminders({ ...base, smsReminders: false }).map((reminder) => reminder.skipReason)).toEqual(
      [null, 'The patient turned reminder texts off', 'The patient turned reminder texts off'],
    )
  })

  it('keeps reminders out of the patient’s night, but not the video SMS they chose the time of', () => {
    const earlySession = new Date('2026-12-10T20:30:00Z') // Friday 7:30 am Sydney
    const reminders = plannedReminders({ ...base, startsAt: earlySession })
    expect(reminders.map((reminder) => reminder.sendAt.toISOString())).toEqual([
      '2026-12-08T21:00:00.000Z', // 7:30 am Wednesday is quiet → 8:00 am
      '2026-12-09T21:00:00.000Z', // 7:30 am Thursday → 8:00 am
      '2026-12-10T20:20:00.000Z', // 7:20 am Friday: sent anyway
    ])
  })
})

it('finds the patient’s zone from their state, else the session’s', () => {
  expect(patientZone('WA', 'Australia/Sydney')).toBe('Australia/Perth')
  expect(patientZone('NT', 'Australia/Sydney')).toBe('Australia/Darwin')
  expect(patientZone('', 'Australia/Melbourne')).toBe('Australia/Melbourne')
})
