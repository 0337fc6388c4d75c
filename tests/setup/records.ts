import { findSessionUser, startSession, type SessionUser } from '~/domain/identity/session.server.ts'
import { type AccessContext } from '~/domain/audit/audit.server.ts'
import { db } from '~/utils/db.server.ts'
import { seedSchedulingDemo } from './scheduling.ts'

// For the clinical record tests: the demo practice, sessions that already happened (at fixed
// times long before any demo booking, so nothing overlaps whatever today is), and the people who
// act on them as their sessions would see them.

/** A fixed "now" for these tests, after every session `pastSession` makes. */
export const RECORDS_NOW = new Date('2025-03-20T00:00:00Z')

export const TEST_ACCESS: AccessContext = { ipAddress: '203.0.113.9', path: '/test' }

/** The person as a signed-in request would see them (roles, permissions, grants). */
export async function sessionUserFor(userId: string): Promise<SessionUser> {
  const token = await startSession(userId, null)
  const user = await findSessionUser(token)
  if (!user) throw new Error(`No session for ${userId}`)
  return user
}

let sessionsMade = 0

/** Seeds the demo practice; `session()` makes a completed 50-minute session in March 2025. */
export async function recordsDemo() {
  const seeded = await seedSchedulingDemo()
  const psychologistId = seeded.psychologists['daniel-tran']!
  const otherPsychologistId = seeded.psychologists['hannah-kowalski']!
  const location = await db.location.findFirstOrThrow({ where: { kind: 'telehealth' } })
  return {
    ...seeded,
    psychologistId,
    otherPsychologistId,
    /** A session of `patientId` with `psychologistId` (defaults: patient7 and Daniel Tran). */
    async session(
      options: {
        patientId?: string
        psychologistId?: string
        status?: 'completed' | 'confirmed' | 'cancelled'
      } = {},
    ) {
      sessionsMade += 1
      const startsAt = new Date(Date.UTC(2025, 2, 1, 0, 0) + sessionsMade * 60 * 60_000)
      const patientId = options.patientId ?? seeded.patientId
      const psychologist = options.psychologistId ?? psychologistId
      await db.patientProfile.upsert({
        where: { userId: patientId },
        create: { userId: patientId },
        update: {},
      })
      await db.careAssignment.upsert({
        where: { patientId_psychologistId: { patientId, psychologistId: psychologist } },
        create: { patientId, psychologistId: psychologist },
        update: {},
      })
      return db.appointment.create({
        data: {
          patientId,
          psychologistId: psychologist,
          appointmentTypeId: seeded.typeId,
          locationId: location.id,
          modality: 'telehealth',
          startsAt,
          endsAt: new Date(startsAt.getTime() + 50 * 60_000),
          timeZone: 'Australia/Sydney',
          status: options.status ?? 'completed',
          feeCents: 22_000,
        },
      })
    },
  }
}
