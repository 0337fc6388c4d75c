// Calling a route module's loader or action as a signed-in person, and reading what it answered:
// a redirect's flash notice, an action's reply with its status.
import { createSession } from '~/utils/auth.server.ts'
import { parsePermission, type Permission } from '~/domain/identity/permissions.ts'
import { db } from '~/utils/db.server.ts'
import { takeNotice } from '~/utils/notice.server.ts'

const ORIGIN = 'http://localhost:3000'

/** The session cookie of a fresh sign-in. */
export async function signedInCookie(userId: string) {
  return (await createSession(userId, new Request(ORIGIN))).split(';')[0]!
}

/** A GET of `path`, or a POST of `form` to it, with the cookie. */
export function routeRequest(path: string, cookie: string, form?: Record<string, string>) {
  return new Request(`${ORIGIN}${path}`, {
    method: form ? 'POST' : 'GET',
    headers: { cookie },
    body: form ? new URLSearchParams(form) : undefined,
  })
}

/** The notice a redirect carries to the page it names (app/utils/notice.server.ts). */
export async function flashNoticeOf(response: Response) {
  const cookie = response.headers.get('Set-Cookie')?.split(';')[0]
  const { notice } = await takeNotice(new Request(ORIGIN, { headers: cookie ? { cookie } : {} }))
  return notice
}

/** What a loader or action answered, returned or thrown: a Response, or `data()` with its status. */
export async function answerOf(run: Promise<unknown>) {
  let outcome: unknown
  try {
    outcome = await run
  } catch (thrown) {
    if (!(thrown instanceof Response) && !isData(thrown)) throw thrown
    outcome = thrown
  }
  if (outcome instanceof Response) return { status: outcome.status, response: outcome }
  if (isData(outcome)) return { status: outcome.init?.status ?? 200, data: outcome.data }
  return { status: 200, data: outcome }
}

function isData(value: unknown): value is { data: unknown; init?: { status?: number } } {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { type?: unknown }).type === 'DataWithResponseInit'
  )
}

/**
 * Someone whose only role holds exactly these permissions: shows that a guard reads its own
 * permission rather than following the manager's role.
 */
export async function userWithOnly(roleName: string, permissions: Permission[]) {
  const role = await db.role.create({
    data: {
      name: roleName,
      description: `Test role holding ${permissions.join(', ')}`,
      permissions: {
        create: permissions.map((permission) => ({
          permission: { connect: { action_entity_access: parsePermission(permission) } },
        })),
      },
    },
  })
  return db.user.create({
    data: {
      email: `${roleName}@haven.test`,
      name: `A ${roleName}`,
      roles: { create: { roleId: role.id } },
    },
  })
}
