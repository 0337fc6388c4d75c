import { NotFoundError } from '~/domain/errors.ts'
import { hasPermission } from '~/domain/identity/permissions.ts'
import { type SessionUser } from '~/domain/identity/session.server.ts'
import { db } from '~/utils/db.server.ts'

/**
 * Outcome measures are the treating psychologists': someone on the patient's care team. Anyone
 * else (a manager, another psychologist) is answered as if the patient were not there.
 */
export async function requireCareTeam(user: SessionUser, patientId: string) {
  const onTeam =
    hasPermission(user, 'read:caseload:own') &&
    (await db.careAssignment.findUnique({
      where: { patientId_psychologistId: { patientId, psychologistId: user.id } },
      select: { patientId: true },
    })) !== null
  if (!onTeam) throw new NotFoundError('We could not find that patient.')
}
