import type * as RemixReact from '@remix-run/react'
import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { describe, expect, it, vi } from 'vitest'
import { type CalendarDay, DayCalendar } from './day-calendar.tsx'

// Without a router: links as the plain anchors they render on the server.
vi.mock('@remix-run/react', async (importActual) => ({
  ...(await importActual<typeof RemixReact>()),
  Link: ({ to, ...props }: { to: string }) => createElement('a', { href: to, ...props }),
}))

const session = (id: string, modality: 'telehealth' | 'in_person', status: 'confirmed' | 'cancelled') => ({
  kind: 'appointment' as const,
  id,
  start: '2026-12-08T23:00:00.000Z',
  end: '2026-12-08T23:50:00.000Z',
  status,
  modality,
  patient: { id: 'p1', name: 'Riley Parker' },
  psychologist: { id: 's1', name: 'Daniel Tran' },
  type: 'Standard session',
})

const day: CalendarDay = {
  date: '2026-12-09',
  from: '2026-12-08T13:00:00.000Z',
  to: '2026-12-09T13:00:00.000Z',
  items: [
    session('video', 'telehealth', 'confirmed'),
    session('room', 'in_person', 'confirmed'),
    session('gone', 'telehealth', 'cancelled'),
  ],
}

const render = (videoSessions?: boolean) =>
  renderToString(
    <DayCalendar
      day={day}
      timeZone="Australia/Sydney"
      options={{
        patientPath: '/clinician/patients',
        appointmentPath: '/clinician/appointments',
        videoSessions,
      }}
    />,
  ).replaceAll('<!-- -->', '')

describe('the day calendar', () => {
  it('links a confirmed video session to its session page on the psychologist’s calendar only', () => {
    const links = [...render(true).matchAll(/href="([^"]+\/session)"/g)].map(([, href]) => href)
    expect(links).toEqual(['/clinician/appointments/video/session'])
    expect(render(true)).toContain('Start session<span class="sr-only"> with Riley Parker</span>')
    expect(render()).not.toContain('/session"')
  })
})

describe('notes on the psychologist’s calendar', () => {
  const renderNotes = (notes?: { now: string }) =>
    renderToString(
      <DayCalendar
        day={day}
        timeZone="Australia/Sydney"
        options={{ patientPath: '/clinician/patients', appointmentPath: '/clinician/appointments', notes }}
      />,
    )

  it('links sessions that have started, not cancelled ones or ones still ahead', () => {
    const links = [...renderNotes({ now: '2026-12-08T23:10:00.000Z' }).matchAll(/href="([^"]+\/note)"/g)].map(
      ([, href]) => href,
    )
    expect(links).toEqual(['/clinician/appointments/video/note', '/clinician/appointments/room/note'])
    expect(renderNotes()).not.toContain('/note"')
    expect(renderNotes({ now: '2026-12-08T22:50:00.000Z' })).not.toContain('/note"')
  })
})
