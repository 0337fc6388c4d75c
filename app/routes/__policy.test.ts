// Every route module declares who may load it and who may send each intent, in one table.
import { describe, expect, it } from 'vitest'
import { routeEntries } from '../../tests/setup/route-manifest.ts'
import { ROUTE_POLICIES } from './__policy.ts'

type RouteModule = { loader?: unknown; action?: unknown }
const modules = import.meta.glob<RouteModule>(['./**/*.{ts,tsx}', '!./**/*.test.{ts,tsx}'])
const routes = routeEntries()
const policies: Record<string, { loader?: unknown; action?: unknown; intents?: Record<string, unknown> }> =
  ROUTE_POLICIES

describe('the route policy table', () => {
  it.each(routes.map((route) => route.file))(
    'has a row for %s that matches what the module exports',
    async (file) => {
      const policy = policies[file]
      expect(policy, `app/routes/__policy.ts has no row for ${file}`).toBeDefined()
      const module = await modules[`./${file}`]!()
      expect(Boolean(module.loader), 'a loader, and a row for it').toBe(Boolean(policy!.loader))
      expect(Boolean(module.action), 'an action, and a row for it (action or intents)').toBe(
        Boolean(policy!.action ?? policy!.intents),
      )
      expect(policy!.action && policy!.intents, 'either an action or intents, not both').toBeFalsy()
    },
  )

  it('names no route that does not exist', () => {
    const files = new Set(routes.map((route) => route.file))
    expect(Object.keys(policies).filter((file) => !files.has(file))).toEqual([])
  })
})
