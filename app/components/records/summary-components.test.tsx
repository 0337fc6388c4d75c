import type * as RemixReact from '@remix-run/react'
import { createElement, type FormHTMLAttributes } from 'react'
import { renderToString } from 'react-dom/server'
import { describe, expect, it, vi } from 'vitest'
import type { SummaryForEditor } from '~/domain/records/summaries.server.ts'
import { SummaryEditor } from './summary-editor.tsx'
import { returnPathFor } from './summary-form.ts'
import { SummarySections } from './summary-sections.tsx'

// Without a router: a fetcher's form as the plain form the server renders.
vi.mock('@remix-run/react', async (importActual) => ({
  ...(await importActual<typeof RemixReact>()),
  useFetcher: () => ({
    Form: (props: FormHTMLAttributes<HTMLFormElement>) => createElement('form', props),
    state: 'idle',
    data: undefined,
  }),
  useLocation: () => ({ pathname: '/clinician/appointments/apt_1/note' }),
}))

const text = (html: string) => html.replaceAll('<!-- -->', '')

describe('a shared summary as the patient reads it', () => {
  it('shows pasted markup as the characters typed, keeps line breaks, and leaves out empty sections', () => {
    const html = text(
      renderToString(
        <SummarySections
          content={{
            covered: 'Sleep.\nThe worry loop 🌀',
            practise: '<script>alert(1)</script><b>Breathe</b>',
            resources: ' ',
          }}
          worksheets={[
            { id: 'w1', fileName: 'Sleep diary.pdf', mimeType: 'application/pdf', sizeBytes: 2048 },
          ]}
          worksheetHref={(id) => `/patient/appointments/apt_1/summary/worksheets/${id}`}
        />,
      ),
    )
    expect(html).not.toContain('<script>')
    expect(html).not.toContain('<b>')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;Breathe&lt;/b&gt;')
    expect(html).toMatch(/whitespace-pre-wrap[^>]*>Sleep.\nThe worry loop 🌀</)
    expect(html).toContain('What we covered')
    expect(html).not.toContain('Resources')
    expect(html).toContain('href="/patient/appointments/apt_1/summary/worksheets/w1" download=""')
    expect(html).toContain('(PDF, 2 KB)')
  })
})

const editor: SummaryForEditor = {
  appointmentId: 'apt_1',
  patientId: 'patient_1',
  patientName: 'Liam Papadopoulos',
  startsAt: '2026-12-06T23:00:00.000Z',
  timeZone: 'Australia/Sydney',
  notWritable: null,
  version: 3,
  content: { covered: 'Sleep', practise: '', resources: '' },
  publishedAt: null,
  correctedAt: null,
  worksheets: [{ id: 'w1', fileName: 'Sleep diary.pdf', mimeType: 'application/pdf', sizeBytes: 2048 }],
}

describe('the summary editor as the server renders it', () => {
  it('posts every form to the summary route, and comes back to the page it is on', () => {
    const html = text(renderToString(<SummaryEditor editor={editor} />))
    expect(html).toContain('action="/clinician/appointments/apt_1/summary"')
    // HTML attribute names are case-insensitive: React writes it as encType.
    expect(html).toMatch(/enctype="multipart\/form-data"/i)
    expect(html).toContain('name="version" value="3"')
    expect(html).toContain('name="patientId" value="patient_1"')
    expect(html).toContain('name="returnTo" value="/clinician/appointments/apt_1/note"')
    // Until its JavaScript runs, the route answers with a redirect, not data.
    expect(html).not.toContain('name="stay"')
    for (const button of ['Save summary', 'Share with patient', 'Attach worksheet'])
      expect(html).toMatch(new RegExp(`<button[^>]*name="intent"[^>]*>${button}</button>`))
    expect(html).toContain('form="remove-worksheet-w1"')
    expect(html).toContain('id="remove-worksheet-w1"')
    expect(html).toContain('Draft: not shared yet.')
  })

  it('once shared, offers only a correction, and keeps the worksheets as they were', () => {
    const shared = { ...editor, publishedAt: '2026-12-07T01:00:00.000Z' }
    const html = text(renderToString(<SummaryEditor editor={shared} />))
    expect(html).toContain('Shared with Liam Papadopoulos on Mon, 7 Dec, 12:00 pm AEDT.')
    expect(html).toContain('Share correction with patient')
    expect(html).not.toContain('Save summary')
    expect(html).not.toContain('>Share with patient<')
    expect(html).not.toContain('type="file"')
    expect(html).not.toContain('remove-worksheet-w1')
  })

  it('says why there is no form for a session that has not started', () => {
    const html = text(
      renderToString(
        <SummaryEditor editor={{ ...editor, notWritable: 'This session has not started yet.' }} />,
      ),
    )
    expect(html).toContain('This session has not started yet.')
    expect(html).not.toContain('<form')
  })
})

describe('where a form sent without JavaScript comes back to', () => {
  it("is the page it was sent from when that is one of the session's, else the summary page", () => {
    expect(returnPathFor('apt_1', '/clinician/appointments/apt_1/note')).toBe(
      '/clinician/appointments/apt_1/note',
    )
    expect(returnPathFor('apt_1', '/clinician/appointments/apt_1')).toBe('/clinician/appointments/apt_1')
    for (const elsewhere of [
      undefined,
      '/clinician/appointments/apt_12/note',
      '/clinician/appointments/apt_1/../../manager',
      '/clinician/appointments/apt_1/note?x=1',
      '//evil.example/clinician/appointments/apt_1',
    ])
      expect(returnPathFor('apt_1', elsewhere)).toBe('/clinician/appointments/apt_1/summary')
  })
})
