import { beforeAll, describe, expect, it } from 'vitest'
import { type AppointmentStatus } from '~/generated/prisma/client.ts'
import { db } from '~/utils/db.server.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import { slotRequestsFor } from './availability.server.ts'
import { generateSlots } from './slots.ts'
import {
  blockTimeOff,
  ownTimeOff,
  practiceTimeOff,
  removeTimeOff,
  TimeOffNotFoundError,
  TimeOffRefusedError,
} from './time-off.server.ts'

const NOW = new Date('2026-12-06T21:00:00Z') // Monday 7 December 2026, 8:00 am in Sydney
const SYDNEY = 'Australia/Sydney'
const at = (date: string, time: string) => ({
  date,
  minute: Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5)),
})

let daniel: string
let hannah: string
let amelia: string

beforeAll(async () => {
  await seedDemoPractice(db)
  const id = async (email: string) => (await db.user.findUniqueOrThrow({ where: { email } })).id
  daniel = await id('daniel.tran@haven.test')
  hannah = await id('hannah.kowalski@haven.test')
  amelia = await id('dr.amelia.nguyen@haven.test')
})

const block = (overrides: Partial<Parameters<typeof blockTimeOff>[0]> = {}) =>
  blockTimeOff({
    psychologistId: daniel,
    from: at('2026-12-10', '13:00'),
    until: at('2026-12-10', '17:00'),
    timeZone: SYDNEY,
    now: NOW,
    ...overrides,
  })

async function refusal(attempt: Promise<unknown>) {
  const error = await attempt.catch((caught: unknown) => caught)
  expect(error).toBeInstanceOf(TimeOffRefusedError)
  return error as TimeOffRefusedError
}

async function session(
  psychologistId: string,
  patientEmail: string,
  startsAt: Date,
  status: AppointmentStatus,
  holdExpiresAt: Date | null = null,
) {
  const patient = await db.user.findUniqueOrThrow({ where: { email: patientEmail } })
  const type = await db.appointmentType.findFirstOrThrow({ where: { name: 'Standard session' } })
  const location = await db.location.findFirstOrThrow({ where: { kind: 'telehealth' } })
  return db.appointment.create({
    data: {
      patientId: patient.id,
      psychologistId,
      appointmentTypeId: type.id,
      locationId: location.id,
      modality: 'telehealth',
      startsAt,
      endsAt: new Date(startsAt.getTime() + 50 * 60_000),
      timeZone: SYDNEY,
      status,
      holdExpiresAt,
      feeCents: type.feeCents,
    },
  })
}

describe('blocking time off', () => {
  it('stores the wall-clock times as instants in the practice zone, and audits without the reason', async () => {
    const timeOff = await block({ reason: '  Supervision with Dr Lee  ' })
    // Thursday 10 December is daylight-saving time in Sydney (UTC+11).
    expect(timeOff.startsAt.toISOString()).toBe('2026-12-10T02:00:00.000Z')
    expect(timeOff.endsAt.toISOString()).toBe('2026-12-10T06:00:00.000Z')
    expect(timeOff.reason).toBe('Supervision with Dr Lee')
    const event = await db.auditEvent.findFirstOrThrow({ where: { entityId: timeOff.id } })
    expect(event).toMatchObject({ actorId: daniel, action: 'time_off.blocked', entity: 'time_off' })
    expect(JSON.stringify(event)).not.toContain('Supervision')
  })

  it('refuses an end that is not after the start, and a time that has wholly passed', async () => {
    const backwards = await refusal(block({ until: at('2026-12-10', '12:00') }))
    expect(backwards.reason).toBe('end_not_after_start')
    await expect(block({ until: at('2026-12-10', '13:00') })).rejects.toMatchObject({
      reason: 'end_not_after_start',
    })
    const past = await refusal(block({ from: at('2026-12-07', '06:00'), until: at('2026-12-07', '07:30') }))
    expect(past.reason).toBe('in_past')
    // The rest of a day already under way can still be blocked.
    await expect(
      block({ psychologistId: amelia, from: at('2026-12-07', '06:00'), until: at('2026-12-07', '09:00') }),
    ).resolves.toBeTruthy()
  })

  it('allows 90 days in one block, counted in local days across a daylight-saving change, and no more', async () => {
    // 10 January to 9 April 2027, whole days: Sydney's clocks go back on 4 April, so this is
    // 90 local days but 90 days and an hour of absolute time.
    const ninety = await block({
      psychologistId: hannah,
      from: at('2027-01-10', '00:00'),
      until: at('2027-04-10', '00:00'),
    })
    expect(ninety.endsAt.getTime() - ninety.startsAt.getTime()).toBe((90 * 24 + 1) * 3_600_000)
    const tooLong = await refusal(
      block({ psychologistId: hannah, from: at('2027-01-10', '00:00'), until: at('2027-04-10', '00:01') }),
    )
    expect(tooLong.reason).toBe('too_long')
    expect(tooLong.message).toMatch(/at most 90 days/)
  })

  it('refuses a wall-clock time skipped when the clocks go forward', async () => {
    // Sunday 3 October 2027: Sydney goes from 2:00 straight to 3:00.
    const skipped = await refusal(
      block({ from: at('2027-10-03', '02:30'), until: at('2027-10-03', '05:00') }),
    )
    expect(skipped.reason).toBe('start_skipped')
  })

  it('refuses to cover live sessions, naming them, and blocks nothing', async () => {
    // Friday 11 December: 11:00 am confirmed, 2:00 pm held (still being paid for).
    await session(daniel, 'patient3@haven.test', new Date('2026-12-11T00:00:00Z'), 'confirmed')
    await session(
      daniel,
      'patient4@haven.test',
      new Date('2026-12-11T03:00:00Z'),
      'held',
      new Date(NOW.getTime() + 10 * 60_000),
    )
    // Neither a cancelled session nor a hold that ran out is in the way.
    await session(daniel, 'patient5@haven.test', new Date('2026-12-11T05:00:00Z'), 'cancelled')
    await session(
      daniel,
      'patient6@haven.test',
      new Date('2026-12-11T06:00:00Z'),
      'held',
      new Date(NOW.getTime() - 60_000),
    )
    const before = await db.timeOff.count({ where: { psychologistId: daniel } })

    const refused = await refusal(
      block({ from: at('2026-12-11', '10:00'), until: at('2026-12-11', '18:00') }),
    )
    expect(refused.reason).toBe('overlaps_sessions')
    expect(refused.message).toBe(
      'That time overlaps 2 booked sessions: Fri, 11 Dec, 11:00 am–11:50 am AEDT with Charlotte Singh; ' +
        'Fri, 11 Dec, 2:00 pm–2:50 pm AEDT with Noah Fitzgerald. Move or cancel them first, then block the time.',
    )
    expect(await db.timeOff.count({ where: { psychologistId: daniel } })).toBe(before)

    // Around the sessions (touching, not overlapping) is fine.
    await expect(
      block({ from: at('2026-12-11', '15:00'), until: at('2026-12-11', '18:00') }),
    ).resolves.toBeTruthy()
    await expect(
      block({ from: at('2026-12-11', '10:00'), until: at('2026-12-11', '11:00') }),
    ).resolves.toBeTruthy()
  })

  it('may overlap time off already blocked', async () => {
    await block({ psychologistId: amelia, from: at('2026-12-15', '09:00'), until: at('2026-12-15', '12:00') })
    await expect(
      block({ psychologistId: amelia, from: at('2026-12-15', '11:00'), until: at('2026-12-15', '17:00') }),
    ).resolves.toBeTruthy()
  })
})

describe('removing time off', () => {
  it('removes only the psychologist’s own time off', async () => {
    const timeOff = await block({
      psychologistId: hannah,
      from: at('2026-12-09', '09:00'),
      until: at('2026-12-09', '12:00'),
    })
    await expect(removeTimeOff({ psychologistId: daniel, timeOffId: timeOff.id })).rejects.toBeInstanceOf(
      TimeOffNotFoundError,
    )
    await expect(
      removeTimeOff({ psychologistId: hannah, timeOffId: 'not-a-real-id' }),
    ).rejects.toBeInstanceOf(TimeOffNotFoundError)
    expect(await db.timeOff.count({ where: { id: timeOff.id } })).toBe(1)

    await removeTimeOff({ psychologistId: hannah, timeOffId: timeOff.id })
    expect(await db.timeOff.count({ where: { id: timeOff.id } })).toBe(0)
    expect(
      await db.auditEvent.count({
        where: { entityId: timeOff.id, action: 'time_off.removed', actorId: hannah },
      }),
    ).toBe(1)
    await expect(removeTimeOff({ psychologistId: hannah, timeOffId: timeOff.id })).rejects.toBeInstanceOf(
      TimeOffNotFoundError,
    )
  })
})

describe('what patients are offered', () => {
  async function offeredStarts(userId: string) {
    const profile = await db.psychologistProfile.findUniqueOrThrow({ where: { userId } })
    const request = (await slotRequestsFor([profile], { durationMinutes: 50, now: NOW })).get(userId)!
    return generateSlots(request).map((slot) => slot.start.toISOString())
  }

  it('leaves out blocked time, and offers it again once the time off is removed', async () => {
    const james = (await db.user.findUniqueOrThrow({ where: { email: 'dr.james.okafor@haven.test' } })).id
    // James works Wednesdays 9–5 at the clinic; block the afternoon of 16 December.
    const before = await offeredStarts(james)
    const afternoon = ['2026-12-16T02:00:00.000Z', '2026-12-16T03:00:00.000Z', '2026-12-16T05:00:00.000Z']
    const morning = '2026-12-15T22:00:00.000Z' // 9:00 am
    expect(before).toEqual(expect.arrayContaining([...afternoon, morning]))

    const timeOff = await blockTimeOff({
      psychologistId: james,
      from: at('2026-12-16', '13:00'),
      until: at('2026-12-16', '17:00'),
      timeZone: SYDNEY,
      now: NOW,
    })
    const during = await offeredStarts(james)
    for (const start of afternoon) expect(during).not.toContain(start)
    expect(during).toContain(morning)

    await removeTimeOff({ psychologistId: james, timeOffId: timeOff.id })
    expect(await offeredStarts(james)).toEqual(before)
  })
})

describe('time off on calendars', () => {
  it('shows the reason on the psychologist’s own calendar and never on the practice’s', async () => {
    await block({
      psychologistId: amelia,
      from: at('2026-12-22', '09:00'),
      until: at('2026-12-22', '12:00'),
      reason: 'Dentist',
    })
    const range = { from: new Date('2026-12-21T13:00:00Z'), to: new Date('2026-12-22T13:00:00Z') }
    const own = await ownTimeOff({ psychologistId: amelia, ...range })
    expect(own).toEqual([
      expect.objectContaining({ kind: 'time_off', start: '2026-12-21T22:00:00.000Z', reason: 'Dentist' }),
    ])
    const practice = await practiceTimeOff(range)
    expect(practice).toHaveLength(1)
    expect(practice[0]).toMatchObject({ psychologist: { id: amelia, name: 'Dr Amelia Nguyen' } })
    expect(practice[0]).not.toHaveProperty('reason')
    expect(await ownTimeOff({ psychologistId: daniel, ...range })).toEqual([])
  })
})
