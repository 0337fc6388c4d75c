import { data } from '@remix-run/node'
import { z } from 'zod'
import {
  sessionIntent,
  sessionView,
  SESSION_INTENTS,
  type SessionIntent,
} from '~/domain/telehealth/session.server.ts'
import { type SessionRole } from '~/domain/telehealth/session-view.ts'
import { type Access } from '~/utils/access.ts'
import { type FormPolicy, handleAction } from '~/utils/action.server.ts'
import { invariantResponse } from '~/utils/invariant.ts'
import { redirectWithNotice } from '~/utils/notice.server.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

// The video session page's server half, for the patient's and the psychologist's route alike.
// Nothing here may be cached or kept: the answers hold access tokens.
export const NO_STORE = { 'Cache-Control': 'private, no-store' }

type Permitted = Extract<Access, { kind: 'permission' }>
type SessionPolicy = FormPolicy & { loader: Permitted; intents: Record<string, Permitted> }

async function findView(appointmentId: string, userId: string, role: SessionRole) {
  const view = await sessionView(appointmentId, { userId, role }, new Date())
  invariantResponse(view, 'We could not find that session.', 404)
  return view
}

export async function loadVideoSession(
  request: Request,
  policy: SessionPolicy,
  role: SessionRole,
  appointmentId: string,
) {
  const user = await requireAccess(request, policy.loader)
  return data({ view: await findView(appointmentId, user.id, role) }, { headers: NO_STORE })
}

export async function performVideoSession(
  request: Request,
  policy: SessionPolicy,
  role: SessionRole,
  appointmentId: string,
) {
  const intents = SESSION_INTENTS[role] as readonly SessionIntent[] as [SessionIntent, ...SessionIntent[]]
  return handleAction(request, {
    policy,
    // Not theirs → 404, whatever the form holds.
    load: (actor) => findView(appointmentId, actor.id, role),
    schema: z.object({ intent: z.enum(intents) }),
    perform: async ({ intent }, actor) => {
      const answer = await sessionIntent(appointmentId, { userId: actor.id, role }, intent, new Date())
      if (intent === 'end' && answer.ok)
        return redirectWithNotice(
          `/clinician/appointments/${appointmentId}/note`,
          'Session ended. Write your note here; attendance is recorded on the appointment.',
        )
      // Not joinable now (early, closed, cancelled, not let in yet): the same refusal a form gets for a state that forbids it.
      return data(answer, { status: answer.ok ? 200 : 409, headers: NO_STORE })
    },
  })
}
