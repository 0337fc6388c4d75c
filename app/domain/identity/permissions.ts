// Roles and permissions are data (seeded by migration); these helpers only read them.

export const ROLE_NAMES = ['patient', 'psychologist', 'manager'] as const
export type RoleName = (typeof ROLE_NAMES)[number]

/**
 * Every permission Haven knows, as seeded by migration (a catalogue test keeps the two equal).
 * A guard names one of these, never a role: which roles hold it is data. "own" is scoped by the
 * domain to the person's own records — a patient's own bookings, a psychologist's own caseload
 * and calendar; "any" is every record. The two are different permissions: holding "any" does not
 * open the pages that show a person their own records (a manager is not a patient).
 */
export const PERMISSIONS = [
  // Everyone: their own account.
  'read:user:own',
  'update:user:own',
  // Patients: their own record, bookings and invoices.
  'read:patient:own',
  'update:patient:own',
  'create:appointment:own',
  'read:appointment:own',
  'update:appointment:own',
  'read:invoice:own',
  // Psychologists: the patients they care for, their calendar, what their sessions earned, notes.
  'read:caseload:own',
  'update:caseload:own',
  'read:calendar:own',
  'update:calendar:own',
  'read:earnings:own',
  'create:note:own',
  'read:note:own',
  'update:note:own',
  // Practice managers.
  'read:user:any',
  'create:user:any',
  'update:user:any',
  'delete:session:any',
  'read:patient:any',
  'update:patient:any',
  'read:appointment:any',
  'update:appointment:any',
  'read:note:any',
  'read:invoice:any',
  'update:invoice:any',
  'read:billing-settings:any',
  'update:billing-settings:any',
  'read:claim:any',
  'create:claim:any',
  'read:sync:any',
  'update:sync:any',
  'read:halaxy-settings:any',
  'update:halaxy-settings:any',
  'update:drift:any',
  'read:message:any',
  'update:message:any',
  'read:message-settings:any',
  'update:message-settings:any',
  'read:video-settings:any',
  'update:video-settings:any',
  'read:audit:any',
] as const

export type Permission = (typeof PERMISSIONS)[number]

type PermissionRow = { action: string; entity: string; access: string }

export type UserWithPermissions = {
  roles: { name: string; permissions: PermissionRow[] }[]
  /** Granted to the person themself (UserPermission), beside their roles' permissions. */
  grants?: PermissionRow[]
}

export function hasRole(user: { roles: { name: string }[] }, role: RoleName) {
  return user.roles.some((r) => r.name === role)
}

export function parsePermission(permission: Permission) {
  const [action, entity, access] = permission.split(':') as [string, string, string]
  return { action, entity, access }
}

/** Whether any of the person's roles, or a grant to them in person, holds exactly this permission. */
export function hasPermission(user: UserWithPermissions, permission: Permission) {
  const wanted = parsePermission(permission)
  const matches = (p: PermissionRow) =>
    p.action === wanted.action && p.entity === wanted.entity && p.access === wanted.access
  return user.roles.some((role) => role.permissions.some(matches)) || (user.grants ?? []).some(matches)
}

/**
 * Permissions a manager may grant to one person (audited), never through a role: reading
 * clinical notes is decided person by person.
 */
export const GRANTABLE_PERMISSIONS = ['read:note:any'] as const satisfies readonly Permission[]
export type GrantablePermission = (typeof GRANTABLE_PERMISSIONS)[number]

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

/** Longer redirect targets are refused: none of Haven's own paths comes near it. */
export const MAX_REDIRECT_PATH_LENGTH = 2048

/** Any base will do: the target must keep it, so a target that names another origin is refused. */
const PROBE_ORIGIN = 'http://haven.invalid'

/**
 * Browsers drop tabs and newlines inside a URL and read a backslash as a slash, so
 * `/<TAB>/evil.example` or `/\evil.example` would leave the site; CR/LF would also break the
 * Location header. Encoded slashes in the path are refused too, in case anything decodes them.
 */
const UNSAFE_CHARACTERS = /[\p{Cc}\\]/u
const ENCODED_SLASH = /%(2f|5c)/i

/** A redirect target is only ever a path on this site, never another origin; anything else gets the fallback. */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = '/') {
  if (typeof to !== 'string' || to.length > MAX_REDIRECT_PATH_LENGTH) return fallback
  if (!to.startsWith('/') || to.startsWith('//') || UNSAFE_CHARACTERS.test(to)) return fallback
  const pathPart = to.split(/[?#]/)[0] ?? ''
  if (ENCODED_SLASH.test(pathPart)) return fallback
  let url: URL
  try {
    url = new URL(to, PROBE_ORIGIN)
  } catch {
    return fallback
  }
  if (url.origin !== PROBE_ORIGIN) return fallback
  // The parsed form: percent-encoded, so a header never receives a character it cannot carry.
  return `${url.pathname}${url.search}${url.hash}`
}
