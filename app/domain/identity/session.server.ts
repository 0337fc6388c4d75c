import { db } from '~/utils/db.server.ts'
import { generateToken, hashToken } from './tokens.server.ts'

// Sessions as the database keeps them. The cookie that carries a session's token, and the
// redirects and 403s of the guards, are the HTTP layer's (app/utils/auth.server.ts).

export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000
/** Health records: a session left untouched this long has to sign in again. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000
const TOUCH_EVERY_MS = 5 * 60 * 1000

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
  grants: { select: { permission: { select: { action: true, entity: true, access: true } } } },
} as const

export type SessionUser = {
  id: string
  email: string
  name: string
  sessionId: string
  roles: { name: string; permissions: { action: string; entity: string; access: string }[] }[]
  /** Permissions granted to this person beside their roles' (UserPermission). */
  grants?: { action: string; entity: string; access: string }[]
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

/** Starts a session for a browser; returns its token (only the token's hash is stored). */
export async function startSession(userId: string, userAgent: string | null) {
  const token = generateToken()
  await db.session.create({
    data: {
      userId,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + SESSION_ABSOLUTE_MS),
      userAgent: describeBrowser(userAgent),
    },
  })
  return token
}

/**
 * Who a session token signs in, with their roles and permissions. A session past its absolute
 * or idle limit, or of a deactivated account, is deleted and signs in nobody.
 */
export async function findSessionUser(token: string): Promise<SessionUser | null> {
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
    grants: user.grants.map(({ permission }) => permission),
  }
}

/** Ends the session a token stands for (this browser only). */
export async function endSession(token: string) {
  await db.session.deleteMany({ where: { tokenHash: hashToken(token) } })
}
