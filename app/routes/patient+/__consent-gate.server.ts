import { redirect } from '@remix-run/node'
import { hasPermission } from '~/domain/identity/permissions.ts'
import { type SessionUser } from '~/domain/identity/session.server.ts'
import { CONSENTS_PATH } from '~/domain/patients/consents.ts'
import { pendingPolicies } from '~/domain/patients/consents.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { db } from '~/utils/db.server.ts'

/** Who decides on the policies: whoever may send the consents page's form. */
const DECIDES = ROUTE_POLICIES['patient+/consents.tsx'].intents.consent

/**
 * Sends a patient who has finished intake to the consents page while any current policy awaits
 * their decision (a new version asks again), then back here. Patients still in intake are not
 * sent away: intake has its own consents step. The consents page itself is never gated.
 */
export async function requireCurrentConsents(request: Request, user: SessionUser) {
  if (!hasPermission(user, DECIDES.permission)) return
  const url = new URL(request.url)
  if (url.pathname.replace(/\/+$/, '') === CONSENTS_PATH) return
  const profile = await db.patientProfile.findUnique({
    where: { userId: user.id },
    select: { intakeSubmittedAt: true },
  })
  if (!profile?.intakeSubmittedAt) return
  if ((await pendingPolicies(user.id)).length === 0) return
  const params = new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` })
  throw redirect(`${CONSENTS_PATH}?${params.toString()}`)
}
