import { hasPermission, homePathFor } from '~/domain/identity/permissions.ts'
import { type SessionUser } from '~/domain/identity/session.server.ts'
import { type Access } from './access.ts'
import { getSessionUser, requireAnonymous, requireUser } from './auth.server.ts'
import { invariantResponse } from './invariant.ts'

type Guarded = Extract<Access, { kind: 'permission' | 'signed-in' }>

/**
 * The guard every loader and action calls first, with its row of the route policy table
 * (app/routes/__policy.ts). Signed out where a person is needed: to the sign-in page, coming
 * back afterwards. Signed in without the permission: 403. Public routes get the visitor, if any.
 */
export async function requireAccess(request: Request, access: Guarded): Promise<SessionUser>
export async function requireAccess(request: Request, access: Access): Promise<SessionUser | null>
export async function requireAccess(request: Request, access: Access): Promise<SessionUser | null> {
  switch (access.kind) {
    case 'public':
      return getSessionUser(request)
    case 'signed-out':
      await requireAnonymous(request, homePathFor)
      return null
    case 'webhook':
      // The route verifies the vendor's signature over the body it reads.
      return null
    case 'dev':
      // It needs the connection's address: a dev page's loader calls it, its action hands the
      // pipeline the load context.
      throw new Error('Dev pages are guarded by requireDevPage, which needs the connection.')
    case 'signed-in':
      return requireUser(request)
    case 'permission': {
      const user = await requireUser(request)
      invariantResponse(hasPermission(user, access.permission), 'You do not have access to this.', 403)
      return user
    }
  }
}
