// Roles and permissions are data (seeded by migration); these helpers only read them.

export const ROLE_NAMES = ['patient', 'psychologist', 'manager'] as const
export type RoleName = (typeof ROLE_NAMES)[number]

export type PermissionAction = 'create' | 'read' | 'update' | 'delete'
export type PermissionAccess = 'own' | 'any'
/** `action:entity` needs either access; `action:entity:own|any` needs that one ("any" covers "own"). */
export type PermissionString =
  `${PermissionAction}:${string}` | `${PermissionAction}:${string}:${PermissionAccess}`

export type UserWithPermissions = {
  roles: { name: string; permissions: { action: string; entity: string; access: string }[] }[]
}

export function hasRole(user: { roles: { name: string }[] }, role: RoleName) {
  return user.roles.some((r) => r.name === role)
}

export function parsePermission(permission: PermissionString) {
  const [action, entity, access] = permission.split(':') as [string, string, string | undefined]
  return { action, entity, access }
}

export function hasPermission(user: UserWithPermissions, permission: PermissionString) {
  const wanted = parsePermission(permission)
  return user.roles.some((role) =>
    role.permissions.some(
      (p) =>
        p.action === wanted.action &&
        p.entity === wanted.entity &&
        (wanted.access === undefined || p.access === wanted.access || p.access === 'any'),
    ),
  )
}

/** Where a person lands after signing in: their own area. */
export function homePathFor(user: { roles: { name: string }[] }) {
  if (hasRole(user, 'manager')) return '/manager'
  if (hasRole(user, 'psychologist')) return '/clinician'
  return '/patient'
}

const AREA_ROLES: Record<string, RoleName> = {
  patient: 'patient',
  clinician: 'psychologist',
  manager: 'manager',
}

/**
 * Where to go after signing in: the page that asked for it if this person may see it,
 * otherwise their own area (someone else's bookmark should not end in a 403).
 */
export function landingPathFor(user: { roles: { name: string }[] }, requested: string | null | undefined) {
  const home = homePathFor(user)
  const path = safeRedirectPath(requested, home)
  const area = AREA_ROLES[path.split(/[/?#]/)[1] ?? '']
  return area && !hasRole(user, area) ? home : path
}

/** A redirect target is only ever a path on this site, never another origin. */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = '/') {
  if (!to || typeof to !== 'string') return fallback
  if (!to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return fallback
  return to
}
