// The sync record page as a manager sees it with JavaScript off: a change made in Halaxy
// offers the decisions that record allows, in words (rendered from the loader's data alone).
import type * as RemixReact from '@remix-run/react'
import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { describe, expect, it, vi } from 'vitest'
import SyncRecordPage from '~/routes/manager+/sync.$linkId.tsx'
import { type syncRecord } from './monitor.server.ts'

const rendered = vi.hoisted(() => ({ loaderData: undefined as unknown }))
vi.mock('@remix-run/react', async (importActual) => ({
  ...(await importActual<typeof RemixReact>()),
  Form: (props: Record<string, unknown>) => createElement('form', props),
  Link: ({ to, ...props }: Record<string, unknown>) => createElement('a', { href: to, ...props }),
  useLoaderData: () => rendered.loaderData,
  useActionData: () => undefined,
  useSearchParams: () => [new URLSearchParams()],
}))

type SyncRecordData = NonNullable<Awaited<ReturnType<typeof syncRecord>>>

function record(overrides: Partial<SyncRecordData>): SyncRecordData {
  return {
    id: 'hl_appointment_a1',
    entity: 'appointment',
    havenId: 'a1',
    record: 'Mon 7 Dec, 10:00 am AEDT: Jack Whitehouse with Dr Amelia Nguyen (Confirmed)',
    halaxyId: '100001',
    state: 'needs_attention',
    attempts: 0,
    lastError: 'Changed in Halaxy: time.',
    pendingSince: null,
    syncedAt: new Date('2026-12-01T00:00:00Z'),
    updatedAt: new Date('2026-12-01T00:00:00Z'),
    driftFields: ['time'],
    driftFoundAt: new Date('2026-12-01T01:00:00Z'),
    awaitsPerson: false,
    retryable: true,
    history: [],
    ...overrides,
  }
}

const render = (data: SyncRecordData) => {
  rendered.loaderData = data
  return renderToString(createElement(SyncRecordPage))
}

describe('a record changed in Halaxy', () => {
  it('offers to send Haven’s version or leave Halaxy’s, and where to change it in Haven instead', () => {
    const html = render(record({}))
    expect(html).toContain('id="drift-title"')
    expect(html).toContain('value="send-haven"')
    expect(html).toContain('value="leave-halaxy"')
    expect(html).toContain('href="/manager/appointments/a1"')
    expect(html).not.toContain('value="retry"')
  })

  it('offers only to leave an invoice, which Halaxy’s API cannot write, and says to fix it in Halaxy', () => {
    const html = render(
      record({
        id: 'hl_invoice_i1',
        entity: 'invoice',
        havenId: 'i1',
        record: 'Invoice HVN-000123 for Jack Whitehouse',
        driftFields: ['amount'],
        retryable: false,
      }),
    )
    expect(html).toContain('value="leave-halaxy"')
    expect(html).not.toContain('value="send-haven"')
    expect(html).toContain('cannot be written through its API')
    expect(html).toContain('href="/manager/halaxy"')
  })

  it('shows a plain retry when nothing differs', () => {
    const html = render(
      record({ driftFields: [], driftFoundAt: null, state: 'failed', lastError: 'Halaxy is unavailable' }),
    )
    expect(html).toContain('value="retry"')
    expect(html).not.toContain('id="drift-title"')
  })
})

describe('a note whose answer from Halaxy was lost', () => {
  it('says where to look in Halaxy and asks whether it is there, never offering a blind retry', () => {
    const lastError =
      'Halaxy may already have this note: the answer to sending it never came (Halaxy did not answer in time). In Halaxy, open Jack Whitehouse’s documents and look for “Session note Mon, 7 Dec, 10:00 am AEDT (SOAP)”, added around Mon, 7 Dec, 11:02 am AEDT. Haven does not send it again unless you say it is not there.'
    const html = render(
      record({
        id: 'hl_clinical_note_n1',
        entity: 'clinical_note',
        havenId: 'n1',
        record: 'Session note (SOAP) of Mon, 7 Dec, 10:00 am AEDT: Jack Whitehouse, by Dr Amelia Nguyen',
        halaxyId: null,
        lastError,
        driftFields: [],
        driftFoundAt: null,
        awaitsPerson: true,
      }),
    )
    expect(html).toContain('id="lost-answer-title"')
    expect(html).toContain('look for “Session note Mon, 7 Dec, 10:00 am AEDT (SOAP)”')
    expect(html).toContain('value="note-in-halaxy"')
    expect(html).toContain('value="note-send-again"')
    expect(html).not.toContain('value="retry"')
  })
})
