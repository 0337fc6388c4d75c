// Video journeys' data: a confirmed telehealth session whose join window is open now, made in
// the e2e server's database the way a booking leaves it (its room is prepared when the session
// page first asks, as for a session booked minutes before it starts).
import { useE2eServerEnv } from './sign-in.ts'

/** Starts tried, in minutes from now, until one does not overlap the psychologist's other sessions. */
const STARTS = [-5, 5, -20, 10, -35, -50]

export async function telehealthSessionNow({
  patient,
  psychologist,
}: {
  patient: string
  psychologist: string
}) {
  useE2eServerEnv()
  const { db } = await import('../../app/utils/db.server.ts')
  const [patientUser, psychologistUser, type, location] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { email: patient } }),
    db.user.findUniqueOrThrow({ where: { email: psychologist } }),
    db.appointmentType.findFirstOrThrow({ where: { isDefault: true } }),
    db.location.findFirstOrThrow({ where: { kind: 'telehealth' } }),
  ])
  const minute = 60_000
  const now = Math.floor(Date.now() / minute) * minute
  for (const offset of STARTS) {
    const startsAt = new Date(now + offset * minute)
    const endsAt = new Date(startsAt.getTime() + type.durationMinutes * minute)
    const busy = await db.appointment.count({
      where: {
        psychologistId: psychologistUser.id,
        status: { in: ['held', 'confirmed', 'completed', 'no_show'] },
        startsAt: { lt: endsAt },
        endsAt: { gt: startsAt },
      },
    })
    if (busy > 0) continue
    // As a booking does: the patient joins the psychologist's care team.
    const { joinCareTeam } = await import('../../app/domain/patients/directory.server.ts')
    await db.$transaction((tx) => joinCareTeam(tx, patientUser.id, psychologistUser.id))
    const appointment = await db.appointment.create({
      data: {
        patientId: patientUser.id,
        psychologistId: psychologistUser.id,
        appointmentTypeId: type.id,
        locationId: location.id,
        modality: 'telehealth',
        startsAt,
        endsAt,
        timeZone: location.timeZone,
        status: 'confirmed',
        feeCents: type.feeCents,
      },
    })
    return appointment.id
  }
  throw new Error(`${psychologist} has no free time around now for a video session`)
}

/** The current note of a session, by reading the e2e server's database. */
export async function noteIdOf(appointmentId: string) {
  useE2eServerEnv()
  const { db } = await import('../../app/utils/db.server.ts')
  const note = await db.clinicalNote.findFirstOrThrow({ where: { appointmentId, current: true } })
  return note.id
}
