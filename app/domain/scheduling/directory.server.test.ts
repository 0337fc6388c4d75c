import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import { defaultAppointmentType } from './appointment-types.ts'
import { availableSlots } from './availability.server.ts'
import { parseDirectoryFilters } from './directory.ts'
import { getPsychologistBySlug, listPsychologists } from './directory.server.ts'

// Monday 7 December 2026, 8:00 am in Sydney (AEDT, UTC+11).
const NOW = new Date('2026-12-06T21:00:00Z')
const filters = (query: string) => parseDirectoryFilters(new URLSearchParams(query))

beforeAll(() => seedDemoPractice(db))

describe('the public directory', () => {
  it('lists every psychologist with their next free time, after the minimum notice', async () => {
    const rows = await listPsychologists(filters(''), NOW)
    expect(rows.map((row) => row.slug)).toEqual([
      'daniel-tran',
      'amelia-nguyen',
      'james-okafor',
      'hannah-kowalski',
    ])
    for (const row of rows) {
      expect(row.nextAvailable).not.toBeNull()
      expect(row.nextAvailable!.start.getTime()).toBeGreaterThanOrEqual(NOW.getTime() + 24 * 60 * 60 * 1000)
    }
  })

  it('filters by focus, modality, registration, gender and availability window', async () => {
    expect((await listPsychologists(filters('focus=Grief+and+loss'), NOW)).map((row) => row.slug)).toEqual([
      'daniel-tran',
    ])
    expect(
      (await listPsychologists(filters('registration=clinical&gender=male'), NOW)).map((row) => row.slug),
    ).toEqual(['james-okafor'])
    const video = await listPsychologists(filters('modality=telehealth'), NOW)
    expect(video.every((row) => row.nextAvailable?.modality === 'telehealth')).toBe(true)
    // Only James starts early enough on Tuesday (8:00) to be free within a day of 8:00 Monday.
    expect((await listPsychologists(filters('within=1'), NOW)).map((row) => row.slug)).toEqual([
      'james-okafor',
    ])
  })

  it('ignores filters it does not understand instead of failing', async () => {
    const rows = await listPsychologists(filters('modality=teleport&within=-3&tz=Mars/Base'), NOW)
    expect(rows).toHaveLength(4)
    expect(filters('tz=Mars/Base').tz).toBe('Australia/Sydney')
  })
})

describe('free times', () => {
  it('drops a booked time and time off, and keeps the rest', async () => {
    const found = (await getPsychologistBySlug('amelia-nguyen'))!
    const query = {
      durationMinutes: 50,
      now: NOW,
      from: new Date('2026-12-07T13:00:00Z'), // Tuesday 8 Dec, midnight in Sydney
      to: new Date('2026-12-08T13:00:00Z'),
    }
    const before = await availableSlots(found.profile, query)
    // Amelia works Tuesdays 9–5 at the clinic: 9:00 am Sydney is 22:00 UTC the day before.
    expect(before[0]?.start.toISOString()).toBe('2026-12-07T22:00:00.000Z')
    expect(before.every((slot) => slot.modality === 'in_person')).toBe(true)

    const patient = await db.user.findUniqueOrThrow({ where: { email: 'patient1@haven.test' } })
    const type = await db.appointmentType.findFirstOrThrow({ where: { name: 'Standard session' } })
    await db.appointment.create({
      data: {
        patientId: patient.id,
        psychologistId: found.profile.userId,
        appointmentTypeId: type.id,
        locationId: before[0]!.locationId,
        modality: 'in_person',
        startsAt: before[0]!.start,
        endsAt: before[0]!.end,
        timeZone: 'Australia/Sydney',
        status: 'confirmed',
        feeCents: type.feeCents,
      },
    })
    await db.timeOff.create({
      data: {
        psychologistId: found.profile.userId,
        startsAt: new Date('2026-12-08T02:00:00Z'), // 1:00 pm Sydney
        endsAt: new Date('2026-12-08T06:00:00Z'), // 5:00 pm Sydney
        reason: 'Supervision',
      },
    })
    const after = await availableSlots(found.profile, query)
    const starts = after.map((slot) => slot.start.toISOString())
    expect(starts).not.toContain('2026-12-07T22:00:00.000Z')
    expect(
      after.every(
        (slot) =>
          slot.end.getTime() <= new Date('2026-12-08T02:00:00Z').getTime() - 0 ||
          slot.start.getTime() >= new Date('2026-12-08T06:00:00Z').getTime(),
      ),
    ).toBe(true)
    expect(after.length).toBeGreaterThan(0)
    expect(after.length).toBeLessThan(before.length)
  })
})

describe('busy time at the edge of the window', () => {
  it('still keeps the buffer for a session that ends just before the window starts', async () => {
    const found = (await getPsychologistBySlug('amelia-nguyen'))!
    const patient = await db.user.findUniqueOrThrow({ where: { email: 'patient2@haven.test' } })
    const type = await db.appointmentType.findFirstOrThrow({ where: { name: 'Standard session' } })
    const location = await db.location.findFirstOrThrow({ where: { kind: 'telehealth' } })
    // Tuesday 15 December, 8:05–8:55 am in Sydney: inside the 10-minute buffer of a 9:00 session.
    await db.appointment.create({
      data: {
        patientId: patient.id,
        psychologistId: found.profile.userId,
        appointmentTypeId: type.id,
        locationId: location.id,
        modality: 'telehealth',
        startsAt: new Date('2026-12-14T21:05:00Z'),
        endsAt: new Date('2026-12-14T21:55:00Z'),
        timeZone: 'Australia/Sydney',
        status: 'confirmed',
        feeCents: type.feeCents,
      },
    })
    const nine = new Date('2026-12-14T22:00:00Z')
    const window = await availableSlots(found.profile, {
      durationMinutes: 50,
      now: NOW,
      from: nine,
      to: new Date(nine.getTime() + 60 * 60_000),
    })
    expect(window.map((slot) => slot.start.toISOString())).not.toContain(nine.toISOString())
  })
})

describe('the default appointment type', () => {
  it('is the one marked in the data, whatever it is called', async () => {
    const standard = await db.appointmentType.findUniqueOrThrow({ where: { isDefault: true } })
    const extended = await db.appointmentType.findUniqueOrThrow({ where: { name: 'Extended session' } })
    const nextSessionMinutes = async () =>
      new Set(
        (await listPsychologists(filters(''), NOW)).map(
          ({ nextAvailable }) => (nextAvailable!.end.getTime() - nextAvailable!.start.getTime()) / 60_000,
        ),
      )
    try {
      await db.appointmentType.update({ where: { id: standard.id }, data: { name: 'Regular session' } })
      expect(await nextSessionMinutes()).toEqual(new Set([50]))

      await db.$transaction([
        db.appointmentType.update({ where: { id: standard.id }, data: { isDefault: null } }),
        db.appointmentType.update({ where: { id: extended.id }, data: { isDefault: true } }),
      ])
      expect(await nextSessionMinutes()).toEqual(new Set([80]))
      const { types } = (await getPsychologistBySlug('amelia-nguyen'))!
      expect(defaultAppointmentType(types)?.id).toBe(extended.id)
    } finally {
      await db.$transaction([
        db.appointmentType.update({ where: { id: extended.id }, data: { isDefault: null } }),
        db.appointmentType.update({
          where: { id: standard.id },
          data: { isDefault: true, name: standard.name },
        }),
      ])
    }
  })
})
