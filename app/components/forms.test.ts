import type * as RemixReact from '@remix-run/react'
import { type ComponentProps, createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { describe, expect, it, vi } from 'vitest'
import { ActionForm, replyFor } from './forms.tsx'

// Without a router: Remix's <Form> as the plain form it renders on the server.
vi.mock('@remix-run/react', async (importActual) => ({
  ...(await importActual<typeof RemixReact>()),
  Form: (props: Record<string, unknown>) => createElement('form', props),
}))

describe('replyFor', () => {
  const reply = {
    result: {
      status: 'error' as const,
      initialValue: { intent: 'add-rate', itemNumber: '80110', scheduleFee: '121.00' },
      error: { effectiveFrom: ['Item 80110 already has a rate from that day.'] },
    },
  }

  it('gives a reply to the form of its intent, and of its row where a page repeats the form', () => {
    expect(replyFor(reply, 'add-rate')).toBe(reply.result)
    expect(replyFor(reply, 'add-rate', { itemNumber: '80110' })).toBe(reply.result)
  })

  it('gives nothing to the other forms', () => {
    expect(replyFor(reply, 'add-rate', { itemNumber: '80000' })).toBeUndefined()
    expect(replyFor(reply, 'edit-item', { itemNumber: '80110' })).toBeUndefined()
    expect(replyFor(undefined, 'add-rate')).toBeUndefined()
  })
})

describe('ActionForm', () => {
  // Rendered as the server sends it (JavaScript off): a plain post form and the action's reply.
  const render = (props: Partial<ComponentProps<typeof ActionForm>>) =>
    renderToString(
      createElement(ActionForm, {
        intent: 'cancel',
        fields: { appointmentId: 'a1', version: 3 },
        reply: undefined,
        children: createElement('button', { type: 'submit' }, 'Cancel this session'),
        ...props,
      }),
    )
  const refused = (initialValue: Record<string, string>, error: Record<string, string[]>) => ({
    result: { status: 'error' as const, initialValue, error },
  })

  it('posts its intent and hidden fields with its button, and says nothing before a reply', () => {
    const html = render({})
    expect(html).toMatch(/^<form method="post"/)
    expect(html).toContain('<input type="hidden" name="intent" value="cancel"/>')
    expect(html).toContain('<input type="hidden" name="appointmentId" value="a1"/>')
    expect(html).toContain('<input type="hidden" name="version" value="3"/>')
    expect(html).toContain('Cancel this session</button>')
    expect(html).not.toContain('role="alert"')
  })

  it('shows its refusal inside itself, as typed forms do, with a hidden field’s error as the form’s', () => {
    const html = render({
      row: { appointmentId: 'a1' },
      reply: refused(
        { intent: 'cancel', appointmentId: 'a1', version: '3' },
        { '': ['This session has changed since the page was opened.'], version: ['Reload the page.'] },
      ),
    })
    expect(html).toMatch(/^<form[^>]* aria-describedby="([^"]+)"><div id="\1" role="alert"/)
    expect(html).toContain('This session has changed since the page was opened.')
    expect(html).toContain('Reload the page.')
  })

  it('leaves the refusals of other forms and other rows to them', () => {
    const other = refused({ intent: 'cancel', appointmentId: 'a2' }, { '': ['Not this one.'] })
    expect(render({ row: { appointmentId: 'a1' }, reply: other })).not.toContain('Not this one.')
    const pay = refused({ intent: 'pay' }, { '': ['Not this one either.'] })
    expect(render({ reply: pay })).not.toContain('Not this one either.')
  })
})
