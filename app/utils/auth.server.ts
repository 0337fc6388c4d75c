import { createCookie, redirect } from '@remix-run/node'
import {
  endSession,
  findSessionUser,
  SESSION_ABSOLUTE_MS,
  startSession,
  type SessionUser,
} from '~/domain/identity/session.server.ts'
import { getEnv } from './env.server.ts'

// The HTTP side of sessions: the cookie that carries a session's token, and the guards that
// answer a request with a redirect to sign in or a 403. The sessions themselves are the
// domain's (app/domain/identity/session.server.ts).

let cookie: ReturnType<typeof createCookie> | undefined
function sessionCookie() {
  const env = getEnv()
  cookie ??= createCookie('__haven_session', {
    httpOnly: true,
    sameSite: 'lax',
    secure: env.NODE_ENV === 'production',
    path: '/',
    secrets: [env.SESSION_SECRET],
    maxAge: SESSION_ABSOLUTE_MS / 1000,
  })
  return cookie
}

/** Starts a session and returns the Set-Cookie header that carries it. */
export async function createSession(userId: string, request: Request) {
  const token = await startSession(userId, request.headers.get('user-agent'))
  return sessionCookie().serialize(token)
}

async function readToken(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(request.headers.get('cookie'))
  return typeof value === 'string' && value.length > 0 ? value : null
}

// Root, layout and page loaders of one request all ask; the database is asked once.
const lookups = new WeakMap<Request, Promise<SessionUser | null>>()

export function getSessionUser(request: Request): Promise<SessionUser | null> {
  let lookup = lookups.get(request)
  if (!lookup) {
    lookup = readToken(request).then((token) => (token ? findSessionUser(token) : null))
    lookups.set(request, lookup)
  }
  return lookup
}

/** Ends this browser's session; returns the Set-Cookie header that clears the cookie. */
export async function destroySession(request: Request) {
  lookups.delete(request)
  const token = await readToken(request)
  if (token) await endSession(token)
  return sessionCookie().serialize('', { maxAge: 0, expires: new Date(0) })
}

function signInRedirect(request: Request) {
  const url = new URL(request.url)
  const redirectTo = `${url.pathname}${url.search}`
  const params = new URLSearchParams(redirectTo === '/' ? {} : { redirectTo })
  const query = params.toString()
  return redirect(query ? `/login?${query}` : '/login')
}

/**
 * The signed-in person, or to the sign-in page and back here afterwards. What they may do is
 * decided by their row of the route policy table (requireAccess in route-guard.server.ts).
 */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getSessionUser(request)
  if (!user) throw signInRedirect(request)
  return user
}

/** For pages only signed-out people need (sign-in, sign-up): send others to their area. */
export async function requireAnonymous(request: Request, home: (user: SessionUser) => string) {
  const user = await getSessionUser(request)
  if (user) throw redirect(home(user))
}
