import type * as RemixReact from '@remix-run/react'
import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { describe, expect, it, vi } from 'vitest'
import { VideoSessionPage } from './session-page.tsx'
import { testSessionView } from './test-view.ts'

// Without a router: links as the plain anchors they render on the server.
vi.mock('@remix-run/react', async (importActual) => ({
  ...(await importActual<typeof RemixReact>()),
  Link: ({ to, ...props }: { to: string }) => createElement('a', { href: to, ...props }),
  useRevalidator: () => ({ revalidate: () => undefined, state: 'idle' }),
}))

// React marks text joins with empty comments; read the text as a person would.
const serverRender = (view = testSessionView()) =>
  renderToString(<VideoSessionPage view={view} />).replaceAll('<!-- -->', '')

describe('the session page as the server renders it', () => {
  it('says, without JavaScript, that video needs it, how to turn it on, and the number to call', () => {
    const html = serverRender()
    const noscript = html.match(/<noscript>(.*)<\/noscript>/s)?.[1] ?? ''
    expect(noscript).toContain('Video sessions need JavaScript')
    expect(noscript).toContain('Safari → Settings → Security')
    expect(noscript).toContain('href="tel:0290000000"')
    expect(noscript).toContain('(02) 9000 0000')
    expect(html).toContain('Video session with Dr Maya Chen')
    expect(html).toContain('Tuesday 8 December 2026, 10:00 am AEDT')
  })

  it('draws nothing that needs JavaScript until the page has hydrated', () => {
    const html = serverRender()
    expect(html).not.toContain('<button')
    expect(html).not.toContain('<video')
  })

  it('says why joining is refused, when it opens, and links back to the appointments', () => {
    const html = serverRender(
      testSessionView({
        window: { opensAt: '2026-12-07T22:45:00.000Z', closesAt: '2026-12-08T00:20:00.000Z', state: 'early' },
        refusal: { reason: 'early', message: 'You can join from 9:45 am.' },
      }),
    )
    expect(html).toContain('It&#x27;s not time to join yet')
    expect(html).toContain('You can join from 9:45 am.')
    expect(html).toMatch(
      /Joining opens 15 minutes before your session \(.*Tuesday 8 December 2026, 10:00 am AEDT.*\)/,
    )
    expect(html).toContain('href="/patient/appointments"')
    expect(html).not.toContain('<noscript>')
  })

  it("sends the psychologist back to the appointment's page", () => {
    const html = serverRender(
      testSessionView({
        role: 'psychologist',
        refusal: { reason: 'cancelled', message: 'The patient cancelled.' },
      }),
    )
    expect(html).toContain('This appointment was cancelled')
    expect(html).toContain('href="/clinician/appointments/appt_1"')
  })
})
