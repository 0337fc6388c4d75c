import { describe, expect, it } from 'vitest'
import { type AppointmentStatus } from '~/generated/prisma/client.ts'
import { db } from '~/utils/db.server.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import { calendarAppointments, calendarDays, dayBounds, weekBounds, weekOffsetOf } from './calendar.server.ts'

describe('weekBounds', () => {
  it('starts the week on the Monday of the viewer’s local date', () => {
    // Sunday 6 Dec 2026, 3:30 pm UTC is already Monday 7 Dec, 2:30 am in Sydney…
    expect(weekBounds(new Date('2026-12-06T15:30:00Z'), 'Australia/Sydney', 0).days[0]).toBe('2026-12-07')
    // …but still Sunday, 11:30 pm, in Perth: its week began on 30 November.
    expect(weekBounds(new Date('2026-12-06T15:30:00Z'), 'Australia/Perth', 0).days[0]).toBe('2026-11-30')
  })
  it('moves by whole weeks and is bounded by local midnights', () => {
    const next = weekBounds(new Date('2026-12-06T21:00:00Z'), 'Australia/Sydney', 1)
    expect(next.days).toEqual([
      '2026-12-14',
      '2026-12-15',
      '2026-12-16',
      '2026-12-17',
      '2026-12-18',
      '2026-12-19',
      '2026-12-20',
    ])
    expect(next.from.toISOString()).toBe('2026-12-13T13:00:00.000Z')
    expect(next.to.toISOString()).toBe('2026-12-20T13:00:00.000Z')
  })
})

describe('dayBounds and weekOffsetOf', () => {
  it('bounds a local day, 25 hours long when the clocks go back', () => {
    const sunday = dayBounds('2027-04-04', 'Australia/Sydney')
    expect(sunday.from.toISOString()).toBe('2027-04-03T13:00:00.000Z')
    expect(sunday.to.toISOString()).toBe('2027-04-04T14:00:00.000Z')
  })
  it('counts the weeks between a date’s week and this one', () => {
    const now = new Date('2026-12-06T21:00:00Z') // Monday 7 December in Sydney
    expect(weekOffsetOf('2026-12-13', 'Australia/Sydney', now)).toBe(0)
    expect(weekOffsetOf('2026-12-14', 'Australia/Sydney', now)).toBe(1)
    expect(weekOffsetOf('2026-12-06', 'Australia/Sydney', now)).toBe(-1)
    expect(weekOffsetOf('2027-01-04', 'Australia/Sydney', now)).toBe(4)
  })
})

describe('calendarDays', () => {
  const days = ['2026-12-07', '2026-12-08', '2026-12-09']
  const entry = (id: string, start: string, end: string) => ({ id, start, end })

  it('puts sessions on the day they start and time off on every day it touches, in time order', () => {
    const grouped = calendarDays(days, 'Australia/Sydney', {
      appointments: [
        entry('monday-morning', '2026-12-06T22:00:00.000Z', '2026-12-06T22:50:00.000Z'), // Mon 9:00 am
        // Monday 11:30 pm to Tuesday 12:20 am: shown on Monday only.
        entry('late-monday', '2026-12-07T12:30:00.000Z', '2026-12-07T13:20:00.000Z'),
        entry('tuesday-afternoon', '2026-12-08T04:00:00.000Z', '2026-12-08T04:50:00.000Z'), // Tue 3:00 pm
      ],
      timeOff: [
        // Monday 2:00 pm until Tuesday 1:00 pm.
        entry('away', '2026-12-07T03:00:00.000Z', '2026-12-08T02:00:00.000Z'),
        // The week before: on none of these days.
        entry('last-week', '2026-11-30T03:00:00.000Z', '2026-12-01T03:00:00.000Z'),
      ],
    })
    expect(grouped.map((day) => day.items.map((item) => item.id))).toEqual([
      ['monday-morning', 'away', 'late-monday'],
      ['away', 'tuesday-afternoon'],
      [],
    ])
    expect(grouped[1]).toMatchObject({
      date: '2026-12-08',
      from: '2026-12-07T13:00:00.000Z',
      to: '2026-12-08T13:00:00.000Z',
    })
  })
})

describe('calendarAppointments', () => {
  it('shows holds awaiting payment and cancellations, but not released holds', async () => {
    await seedDemoPractice(db)
    const psychologist = await db.user.findUniqueOrThrow({ where: { email: 'daniel.tran@haven.test' } })
    const patient = await db.user.findUniqueOrThrow({ where: { email: 'patient2@haven.test' } })
    const type = await db.appointmentType.findFirstOrThrow({ where: { name: 'Standard session' } })
    const location = await db.location.findFirstOrThrow({ where: { kind: 'clinic' } })
    const statuses: AppointmentStatus[] = ['held', 'confirmed', 'cancelled', 'expired']
    for (const [index, status] of statuses.entries()) {
      const startsAt = new Date(Date.UTC(2026, 11, 10, index, 0))
      await db.appointment.create({
        data: {
          patientId: patient.id,
          psychologistId: psychologist.id,
          appointmentTypeId: type.id,
          locationId: location.id,
          modality: 'in_person',
          startsAt,
          endsAt: new Date(startsAt.getTime() + 50 * 60_000),
          timeZone: 'Australia/Sydney',
          status,
          holdExpiresAt: status === 'held' ? startsAt : null,
          feeCents: type.feeCents,
        },
      })
    }
    const entries = await calendarAppointments({
      psychologistId: psychologist.id,
      from: new Date('2026-12-09T13:00:00Z'),
      to: new Date('2026-12-10T13:00:00Z'),
    })
    expect(entries.map((entry) => entry.status)).toEqual(['held', 'confirmed', 'cancelled'])
    expect(entries[0]).toMatchObject({
      kind: 'appointment',
      modality: 'in_person',
      patient: { id: patient.id, name: 'Liam Papadopoulos' },
      psychologist: { id: psychologist.id, name: 'Daniel Tran' },
      type: 'Standard session',
    })
  })
})
