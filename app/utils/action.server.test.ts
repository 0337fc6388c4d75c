import { describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { DomainError, NotFoundError } from '~/domain/errors.ts'
import { DEV, PUBLIC, SIGNED_IN } from './access.ts'
import { handleAction, orNotFound } from './action.server.ts'
import { type DevViewer } from './dev-pages.server.ts'
import { thrown } from '../../tests/setup/route-calls.ts'
import { MAX_FORM_BYTES } from './form-data.server.ts'

const post = (fields: Record<string, string>) =>
  new Request('http://localhost:3000/somewhere', { method: 'POST', body: new URLSearchParams(fields) })

describe('handleAction', () => {
  const ONE = { intents: { save: PUBLIC } }
  const SaveSchema = z.object({ intent: z.literal('save'), name: z.string() })

  it('reads a form without an intent, sent to a route with only one, as that intent', async () => {
    const answer = await handleAction(post({ name: 'Ari' }), {
      policy: ONE,
      schema: SaveSchema,
      perform: async (value) => value,
    })
    expect(answer).toEqual({ intent: 'save', name: 'Ari' })
  })

  it('guards a form without an intent by the only intent: the guard answers, not a 400', async () => {
    const answer = await thrown(
      handleAction(post({ name: 'Ari' }), {
        policy: { intents: { save: SIGNED_IN } },
        schema: SaveSchema,
        perform: async () => 'saved',
      }),
    )
    expect(answer).toMatchObject({ status: 302 })
    expect((answer as Response).headers.get('location')).toMatch(/^\/login\?/)
  })

  it('refuses a form without an intent when the route has several', async () => {
    const answer = await thrown(
      handleAction(post({ name: 'Ari' }), {
        policy: { intents: { save: PUBLIC, remove: PUBLIC } },
        schema: SaveSchema,
        perform: async () => 'saved',
      }),
    )
    expect(answer).toMatchObject({ status: 400 })
  })

  describe('its load step', () => {
    const steps = {
      policy: ONE,
      load: async () => {
        throw new NotFoundError('Not yours.')
      },
      schema: SaveSchema,
      perform: async () => 'saved',
    }

    it("answers a record that is not the actor's with a 404 before the form is parsed", async () => {
      const answer = await thrown(handleAction(post({ intent: 'save' }), steps))
      expect(answer).toBeInstanceOf(Response)
      expect(answer).toMatchObject({ status: 404 })
      expect(await (answer as Response).text()).toBe('Not yours.')
    })

    it('runs after the guard: someone signed out is sent to sign in, and nothing is looked up', async () => {
      const load = vi.fn(steps.load)
      const answer = await thrown(
        handleAction(post({ intent: 'save' }), { ...steps, policy: { intents: { save: SIGNED_IN } }, load }),
      )
      expect(answer).toMatchObject({ status: 302 })
      expect(load).not.toHaveBeenCalled()
    })

    it('hands what it found to the schema and to perform', async () => {
      const answer = await handleAction(post({ intent: 'save', name: 'Ari' }), {
        policy: ONE,
        load: async () => ({ owner: 'Ari' }),
        schema: (_actor, { owner }) => SaveSchema.refine((value) => value.name === owner),
        perform: async (value, _actor, _submission, record) => ({ ...value, record }),
      })
      expect(answer).toEqual({ intent: 'save', name: 'Ari', record: { owner: 'Ari' } })
    })
  })

  it('guards a dev page by the connection before reading anything: from elsewhere it is not there', async () => {
    const steps = {
      policy: { loader: DEV, intents: { clear: DEV } },
      schema: z.object({ intent: z.literal('clear') }),
      perform: async (_value: unknown, viewer: DevViewer) => viewer,
    }
    const from = (peerAddress: string, body: string, type: string) => ({
      request: new Request('http://localhost:3000/dev/outbox', {
        method: 'POST',
        body,
        headers: { host: 'localhost:3000', 'content-type': type },
      }),
      context: { cspNonce: '', peerAddress },
    })
    // Not even a form: a 400 anywhere else, but here the page is not there at all.
    const away = from('192.168.1.20', '{"intent":"clear"}', 'application/json')
    expect(await thrown(handleAction(away.request, { ...steps, context: away.context }))).toMatchObject({
      status: 404,
    })
    const here = from('127.0.0.1', 'intent=clear', 'application/x-www-form-urlencoded')
    expect(await handleAction(here.request, { ...steps, context: here.context })).toEqual({
      onlyTo: undefined,
    })
  })

  it('reads the body once, without a copy, unless perform reads it again (sign-in)', async () => {
    const once = post({ intent: 'save', name: 'Ari' })
    const clone = vi.spyOn(once, 'clone')
    expect(await handleAction(once, { policy: ONE, schema: SaveSchema, perform: async () => 'saved' })).toBe(
      'saved',
    )
    expect(clone).not.toHaveBeenCalled()
    expect(once.bodyUsed).toBe(true)

    const again = post({ intent: 'save', name: 'Ari' })
    const answer = await handleAction(again, {
      policy: ONE,
      schema: SaveSchema,
      readsBodyAgain: true,
      perform: async () => Object.fromEntries(await again.formData()),
    })
    expect(answer).toEqual({ intent: 'save', name: 'Ari' })
  })

  it('reads a larger body when the route allows one', async () => {
    const name = 'x'.repeat(MAX_FORM_BYTES + 10)
    const steps = { policy: ONE, schema: SaveSchema, perform: async () => 'saved' }
    expect(await thrown(handleAction(post({ intent: 'save', name }), steps))).toMatchObject({ status: 413 })
    expect(
      await handleAction(post({ intent: 'save', name }), { ...steps, maxBytes: 2 * MAX_FORM_BYTES }),
    ).toBe('saved')
  })
})

describe('orNotFound', () => {
  it("makes a loader's NotFoundError its 404, and lets anything else through", async () => {
    expect(await orNotFound(Promise.resolve('found'))).toBe('found')
    const missing = await thrown(orNotFound(Promise.reject(new NotFoundError('No such invoice.'))))
    expect(missing).toBeInstanceOf(Response)
    expect(missing).toMatchObject({ status: 404 })
    expect(await (missing as Response).text()).toBe('No such invoice.')
    const conflict = new DomainError('conflict', 'Changed meanwhile.')
    expect(await thrown(orNotFound(Promise.reject(conflict)))).toBe(conflict)
  })
})
