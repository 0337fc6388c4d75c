// The house rules every route module keeps (docs/ARCHITECTURE.md), checked over all of them so
// that a new route copied from a neighbour cannot quietly drop one.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { routeEntries } from '../../tests/setup/route-manifest.ts'
import { type RoutePolicy } from '~/utils/access.ts'
import { ROUTE_POLICIES } from './__policy.ts'

type RouteModule = { default?: unknown; ErrorBoundary?: unknown }
const POLICIES: Record<string, RoutePolicy> = ROUTE_POLICIES
const modules = import.meta.glob<RouteModule>(['./**/*.{ts,tsx}', '!./**/*.test.{ts,tsx}'])
const routes = routeEntries()
const source = (file: string) => readFileSync(join(import.meta.dirname, file), 'utf8')

describe('every route module', () => {
  it.each(routes.map((route) => route.file))('%s keeps the house rules', async (file) => {
    const module = await modules[`./${file}`]!()
    // A page keeps its area's frame on error: it has a boundary of its own.
    if (module.default) expect(module.ErrorBoundary, 'a page without an ErrorBoundary').toBeTypeOf('function')
    const text = source(file)
    // Stops go through invariantResponse (or a DomainError), not hand-made Responses.
    expect(text, 'a hand-made thrown Response').not.toMatch(/throw new Response\(/)
    // Success notices are flash notices, never carried in the URL.
    expect(text, 'a notice in the URL').not.toMatch(/\?(saved|done|booked|moved|notice)=/)
    // Guards name a permission through the policy table, never a role.
    expect(text, 'a guard naming a role').not.toMatch(/role: '(patient|psychologist|manager)'/)
    // A form that posts is a Conform form, answered by its reply: typed ones through getFormProps,
    // button-only ones as ActionForm (app/components/forms.tsx).
    for (const form of text.match(/<Form\b[^>]*>/g) ?? [])
      if (/method="post"/.test(form)) expect(form, 'a post form outside Conform').toContain('getFormProps')
    // A route whose forms have intents answers them through the pipeline (webhooks, sign-out and
    // the 405s of file and catch-all routes have no forms).
    if (POLICIES[file]?.intents)
      expect(text, 'form intents outside handleAction').toMatch(
        /handleAction|handleStaffAppointmentAction|performVideoSession/,
      )
    // The pipeline reads a body once; only sign-in, whose strategy reads the form again, asks for a copy.
    expect(text.includes('readsBodyAgain'), 'a copy of the body read').toBe(file === '_auth+/login.tsx')
  })
})
