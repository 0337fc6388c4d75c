import { type UNSAFE_DefineRoutesFunction as DefineRoutesFunction } from '@remix-run/dev'
import { flatRoutes } from 'remix-flat-routes'

/**
 * Haven's routes: remix-flat-routes' "+" folders, one per area (docs/ARCHITECTURE.md). The vite
 * config builds the app with this and the route tests read the same manifest, so they agree.
 */
export function havenRoutes(defineRoutes: DefineRoutesFunction, { devPages }: { devPages: boolean }) {
  return flatRoutes('routes', defineRoutes, {
    ignoredRouteFiles: [
      '**/.*',
      '**/*.test.{ts,tsx}',
      // Route-private modules: server helpers, and anything named or kept under "__".
      '**/*.server.{ts,tsx}',
      '**/__*',
      '**/__*/**',
      ...(devPages ? [] : ['**/dev+/**']),
    ],
  })
}
