import { hasPermission } from '~/domain/identity/permissions.ts'
import { type SessionUser } from '~/domain/identity/session.server.ts'
import { db } from '~/utils/db.server.ts'

/**
 * Who may see a patient's record: the patient, a psychologist caring for them, and staff
 * allowed to read any patient. Routes answer everyone else as if the record did not exist
 * (404), so a guessed id reveals nothing.
 */
export async function canReadPatient(user: SessionUser, patientId: string) {
  if (user.id === patientId && hasPermission(user, 'read:patient:own')) return true
  if (hasPermission(user, 'read:patient:any')) return true
  if (hasPermission(user, 'read:caseload:own')) {
    const assignment = await db.careAssignment.findUnique({
      where: { patientId_psychologistId: { patientId, psychologistId: user.id } },
      select: { patientId: true },
    })
    return assignment !== null
  }
  return false
}
