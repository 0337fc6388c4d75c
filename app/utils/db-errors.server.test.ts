import { afterEach, describe, expect, it } from 'vitest'
import { Prisma } from '~/generated/prisma/client.ts'
import { db } from './db.server.ts'
import { isOverlapViolation, isUniqueViolation } from './db-errors.server.ts'

const HOUR = 60 * 60 * 1000
const base = new Date('2026-12-01T00:00:00Z').getTime()

async function fixtures() {
  const [patient, psychologist, type, location] = await Promise.all([
    db.user.create({ data: { email: `p${Math.random()}@example.com`, name: 'Pat' } }),
    db.user.create({ data: { email: `d${Math.random()}@example.com`, name: 'Doc' } }),
    db.appointmentType.create({
      data: {
        name: `Standard ${Math.random()}`,
        durationMinutes: 50,
        modalities: ['telehealth'],
        feeCents: 24000,
      },
    }),
    db.location.create({
      data: { name: `Telehealth ${Math.random()}`, kind: 'telehealth', timeZone: 'Australia/Sydney' },
    }),
  ])
  return (startHour: number, endHour: number, status: 'confirmed' | 'cancelled' | 'held' = 'confirmed') =>
    db.appointment.create({
      data: {
        patientId: patient.id,
        psychologistId: psychologist.id,
        appointmentTypeId: type.id,
        locationId: location.id,
        modality: 'telehealth',
        startsAt: new Date(base + startHour * HOUR),
        endsAt: new Date(base + endHour * HOUR),
        timeZone: 'Australia/Sydney',
        status,
        holdExpiresAt: status === 'held' ? new Date(base) : null,
        feeCents: 24000,
      },
    })
}

afterEach(() => db.appointment.deleteMany())

describe('the no-double-booking constraint', () => {
  it('refuses an overlapping live appointment and says so in a way the code can recognise', async () => {
    const book = await fixtures()
    await book(9, 10)
    const clash = await book(9.5, 10.5).catch((error: unknown) => error)
    expect(isOverlapViolation(clash)).toBe(true)
    expect(isUniqueViolation(clash)).toBe(false)
    const heldClash = await book(9.75, 10.25, 'held').catch((error: unknown) => error)
    expect(isOverlapViolation(heldClash)).toBe(true)
  })

  it('lets back-to-back sessions and cancelled ones through', async () => {
    const book = await fixtures()
    await book(9, 10)
    await expect(book(10, 11)).resolves.toBeTruthy()
    await expect(book(9, 10, 'cancelled')).resolves.toBeTruthy()
  })

  // Raw inserts without the calendar's turn (lockPsychologistCalendar, which bookings take) can
  // deadlock on the constraint: PostgreSQL then aborts one of them (40P01) and it is refused too.
  const deadlocked = (error: unknown) =>
    error instanceof Prisma.PrismaClientKnownRequestError &&
    (error.code === 'P2034' || /40P01|deadlock/i.test(`${error.message} ${JSON.stringify(error.meta)}`))

  it('holds under concurrency: of many simultaneous bookings of one slot, exactly one lands', async () => {
    const book = await fixtures()
    const attempts = await Promise.allSettled(Array.from({ length: 12 }, () => book(14, 15)))
    const landed = attempts.filter((attempt) => attempt.status === 'fulfilled')
    expect(landed).toHaveLength(1)
    for (const attempt of attempts) {
      if (attempt.status === 'rejected')
        expect(isOverlapViolation(attempt.reason) || deadlocked(attempt.reason)).toBe(true)
    }
  })
})
