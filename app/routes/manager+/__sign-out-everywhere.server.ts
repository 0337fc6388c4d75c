import { data } from '@remix-run/node'
import { z } from 'zod'
import { db } from '~/utils/db.server.ts'
import { type SessionUser } from '~/domain/identity/session.server.ts'
import { signOutEverywhere } from '~/domain/identity/staff.server.ts'

const SignOutEverywhereSchema = z.object({
  intent: z.literal('sign-out-everywhere'),
  userId: z.string().min(1).max(64),
})

/** The "sign out everywhere" form action shared by the staff and patient lists. */
export async function handleSignOutEverywhere(actor: SessionUser, formData: FormData) {
  const parsed = SignOutEverywhereSchema.safeParse(Object.fromEntries(formData))
  if (!parsed.success) throw data('That request was not understood.', { status: 400 })
  const target = await db.user.findUnique({
    where: { id: parsed.data.userId },
    select: { id: true, name: true },
  })
  if (!target) throw data('That person was not found.', { status: 404 })
  const ended = await signOutEverywhere(actor.id, target.id)
  return { notice: `${target.name} has been signed out of ${ended === 1 ? '1 device' : `${ended} devices`}.` }
}
