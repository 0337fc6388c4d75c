import { type AppointmentStatus } from '~/generated/prisma/client.ts'
import { getSessionUser } from '~/utils/auth.server.ts'
import { db } from '~/utils/db.server.ts'
import { ORIGIN, signedInCookie } from './route-calls.ts'

// For the session summary tests: people of the demo practice (seedDemoPractice) as their sessions
// see them, and sessions that have already happened, written directly.

/** A signed-in person, as the app sees them after sign-in; and their cookie. */
export async function signedInAs(email: string) {
  const { id } = await db.user.findUniqueOrThrow({ where: { email } })
  const cookie = await signedInCookie(id)
  const user = await getSessionUser(new Request(ORIGIN, { headers: { cookie } }))
  if (!user) throw new Error(`${email} could not sign in`)
  return { user, cookie }
}

const DAY_MS = 24 * 60 * 60_000
let sessions = 0

/**
 * A 50-minute session at the clinic, `startsAt` or else a day further back from `before` each
 * time (so one psychologist's sessions never overlap).
 */
export async function pastSession(input: {
  patientId: string
  psychologistId: string
  before: Date
  startsAt?: Date
  status?: AppointmentStatus
}) {
  const status = input.status ?? 'completed'
  const start = input.startsAt ?? new Date(input.before.getTime() - ++sessions * DAY_MS - 2 * 60 * 60_000)
  const [type, clinic] = await Promise.all([
    db.appointmentType.findFirstOrThrow({ where: { name: 'Standard session' } }),
    db.location.findFirstOrThrow({ where: { kind: 'clinic' } }),
  ])
  return db.appointment.create({
    data: {
      patientId: input.patientId,
      psychologistId: input.psychologistId,
      appointmentTypeId: type.id,
      locationId: clinic.id,
      modality: 'in_person',
      startsAt: start,
      endsAt: new Date(start.getTime() + 50 * 60_000),
      timeZone: 'Australia/Sydney',
      status,
      cancelledAt: status === 'cancelled' ? input.before : null,
      feeCents: 24_000,
    },
  })
}
