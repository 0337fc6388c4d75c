import { z } from 'zod'
import { db } from '~/utils/db.server.ts'
import { type SessionUser } from '~/domain/identity/session.server.ts'
import { signOutEverywhere } from '~/domain/identity/staff.server.ts'
import { invariantResponse } from '~/utils/invariant.ts'
import { redirectWithNotice } from '~/utils/notice.server.ts'

/** The "sign out everywhere" button of a list of people (app/components/people-table.tsx). */
export const SignOutEverywhereSchema = z.object({
  intent: z.literal('sign-out-everywhere'),
  userId: z.string({ error: 'That request was not understood.' }).min(1).max(64),
})

/** Ends every session of the person the form names, and says so back on the same page. */
export async function signOutPersonEverywhere(
  request: Request,
  actor: SessionUser,
  { userId }: z.infer<typeof SignOutEverywhereSchema>,
) {
  const target = await db.user.findUnique({ where: { id: userId }, select: { id: true, name: true } })
  invariantResponse(target, 'That person was not found.', 404)
  const ended = await signOutEverywhere(actor.id, target.id)
  return redirectWithNotice(
    new URL(request.url).pathname,
    `${target.name} has been signed out of ${ended === 1 ? '1 device' : `${ended} devices`}.`,
  )
}
