import { createCookie, redirect } from '@remix-run/node'
import { db } from '~/utils/db.server.ts'
import { getEnv } from '~/utils/env.server.ts'
import { hasPermission, hasRole, type Permission, type RoleName } from './permissions.ts'
import { generateToken, hashToken } from './tokens.server.ts'

export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000
/** Health records: a session left untouched this long has to sign in again. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000
const TOUCH_EVERY_MS = 5 * 60 * 1000

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

const userSelect = {
  id: true,
  email: true,
  name: true,
  status: true,
  roles: {
    select: {
      role: {
        select: {
          name: true,
          permissions: { select: { permission: { select: { action: true, entity: true, access: true } } } },
        },
      },
    },
  },
} as const

export type SessionUser = {
  id: string
  email: string
  name: string
  sessionId: string
  roles: { name: string; permissions: { action: string; entity: string; access: string }[] }[]
}

function describeBrowser(userAgent: string | null) {
  if (!userAgent) return ''
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrome\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : 'Browser'
  const os = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad/.test(userAgent)
      ? 'iOS'
      : /Mac OS X/.test(userAgent)
        ? 'macOS'
        : /Windows/.test(userAgent)
          ? 'Windows'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : ''
  return os ? `${browser} on ${os}` : browser
}

/** Starts a session and returns the Set-Cookie header that carries it. */
export async function createSession(userId: string, request: Request) {
  const token = generateToken()
  await db.session.create({
    data: {
      userId,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + SESSION_ABSOLUTE_MS),
      userAgent: describeBrowser(request.headers.get('user-agent')),
    },
  })
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
    lookup = lookUpSessionUser(request)
    lookups.set(request, lookup)
  }
  return lookup
}

async function lookUpSessionUser(request: Request): Promise<SessionUser | null> {
  const token = await readToken(request)
  if (!token) return null
  const session = await db.session.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, expiresAt: true, lastSeenAt: true, user: { select: userSelect } },
  })
  if (!session) return null
  const now = Date.now()
  if (
    session.expiresAt.getTime() <= now ||
    session.lastSeenAt.getTime() + SESSION_IDLE_MS <= now ||
    session.user.status !== 'active'
  ) {
    await db.session.deleteMany({ where: { id: session.id } })
    return null
  }
  if (session.lastSeenAt.getTime() + TOUCH_EVERY_MS <= now) {
    await db.session.update({ where: { id: session.id }, data: { lastSeenAt: new Date(now) } })
  }
  const { user } = session
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    sessionId: session.id,
    roles: user.roles.map(({ role }) => ({
      name: role.name,
      permissions: role.permissions.map(({ permission }) => permission),
    })),
  }
}

/** Ends this browser's session; returns the Set-Cookie header that clears the cookie. */
export async function destroySession(request: Request) {
  lookups.delete(request)
  const token = await readToken(request)
  if (token) await db.session.deleteMany({ where: { tokenHash: hashToken(token) } })
  return sessionCookie().serialize('', { maxAge: 0, expires: new Date(0) })
}

function signInRedirect(request: Request) {
  const url = new URL(request.url)
  const redirectTo = `${url.pathname}${url.search}`
  const params = new URLSearchParams(redirectTo === '/' ? {} : { redirectTo })
  const query = params.toString()
  return redirect(query ? `/login?${query}` : '/login')
}

export type Requirement = { role?: RoleName; permission?: Permission }

/**
 * The guard every loader and action calls first. Signed out: to the sign-in page,
 * coming back here afterwards. Signed in without the role or permission: 403.
 */
export async function requireUser(request: Request, requirement: Requirement = {}): Promise<SessionUser> {
  const user = await getSessionUser(request)
  if (!user) throw signInRedirect(request)
  if (requirement.role && !hasRole(user, requirement.role)) {
    throw new Response('You do not have access to this page.', { status: 403, statusText: 'Forbidden' })
  }
  if (requirement.permission && !hasPermission(user, requirement.permission)) {
    throw new Response('You do not have permission to do that.', { status: 403, statusText: 'Forbidden' })
  }
  return user
}

/** For pages only signed-out people need (sign-in, sign-up): send others to their area. */
export async function requireAnonymous(request: Request, home: (user: SessionUser) => string) {
  const user = await getSessionUser(request)
  if (user) throw redirect(home(user))
}
