import { UNSAFE_defineRoutes as defineRoutes } from '@remix-run/dev'
import { havenRoutes } from '~/route-files.ts'

export type RouteEntry = {
  id: string
  /** The module's path under app/routes, e.g. `patient+/appointments.tsx`. */
  file: string
  /** The URL pattern, e.g. `/patient/appointments/:appointmentId`. */
  pattern: string
  /** The names of its dynamic segments (`*` for a splat). */
  params: string[]
  /** An index route: a form posted to its URL reaches it only with `?index` (as Remix's <Form> adds). */
  index: boolean
  /** The layout routes it renders inside, outermost first, root aside. */
  layouts: string[]
}

/** Every route of the test build (dev pages included), read with the app's own route config. */
export function routeEntries(): RouteEntry[] {
  const manifest = havenRoutes(defineRoutes, { devPages: true })
  const ancestorsOf = (id: string): string[] => {
    const parentId = manifest[id]?.parentId
    return parentId && parentId !== 'root' ? [...ancestorsOf(parentId), parentId] : []
  }
  const pathOf = (id: string | undefined): string[] => {
    const route = id ? manifest[id] : undefined
    if (!route) return []
    return [...pathOf(route.parentId), ...(route.path ? route.path.split('/') : [])]
  }
  return Object.values(manifest)
    .filter((route) => route.id !== 'root')
    .map((route) => {
      const segments = pathOf(route.id)
      return {
        id: route.id,
        file: route.file.replace(/^routes\//, ''),
        pattern: `/${segments.join('/')}`,
        params: segments.flatMap((segment) =>
          segment === '*' ? ['*'] : segment.startsWith(':') ? [segment.slice(1).replace(/\..*$/, '')] : [],
        ),
        index: Boolean(route.index),
        layouts: ancestorsOf(route.id),
      }
    })
    .sort((a, b) => a.file.localeCompare(b.file))
}

/** A route's URL with its dynamic segments filled in (`:appointmentId.ics` keeps its `.ics`). */
export function routeUrl(entry: RouteEntry, params: Record<string, string>) {
  return entry.pattern
    .split('/')
    .map((segment) => {
      if (segment === '*') return params['*'] ?? ''
      if (!segment.startsWith(':')) return segment
      const [name, ...suffix] = segment.slice(1).split('.')
      return [params[name!] ?? '', ...suffix].join('.')
    })
    .join('/')
}
