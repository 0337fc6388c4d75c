// The psychologist's dashboard: today's sessions as the calendar shows them, and notes to finish.
import { afterAll, beforeAll, expect, test, vi } from 'vitest'
import { db } from '~/utils/db.server.ts'
import { cookieFor, loadPage } from '../../../tests/setup/route-calls.ts'
import { recordsDemo } from '../../../tests/setup/records.ts'
import { loader } from './index.tsx'

// Midday in Sydney on Tuesday 4 March 2025.
const NOW = new Date('2025-03-04T01:00:00Z')
let demo: Awaited<ReturnType<typeof recordsDemo>>

beforeAll(async () => {
  demo = await recordsDemo()
  vi.setSystemTime(NOW)
})
afterAll(() => vi.useRealTimers())

async function sessionAt(startsAt: Date, status: 'confirmed' | 'completed') {
  const location = await db.location.findFirstOrThrow({ where: { kind: 'telehealth' } })
  return db.appointment.create({
    data: {
      patientId: demo.patientId,
      psychologistId: demo.otherPsychologistId,
      appointmentTypeId: demo.typeId,
      locationId: location.id,
      modality: 'telehealth',
      startsAt,
      endsAt: new Date(startsAt.getTime() + 50 * 60_000),
      timeZone: 'Australia/Sydney',
      status,
      feeCents: 22_000,
    },
  })
}

test('lists today’s sessions in Sydney (not tomorrow’s), and the ones to write notes for', async () => {
  const morning = await sessionAt(new Date('2025-03-03T22:00:00Z'), 'completed') // 9 am today
  const afternoon = await sessionAt(new Date('2025-03-04T03:00:00Z'), 'confirmed') // 2 pm today
  const tomorrow = await sessionAt(new Date('2025-03-04T22:00:00Z'), 'confirmed') // 9 am tomorrow

  const page = await loadPage(loader, {
    path: '/clinician',
    cookie: await cookieFor('hannah.kowalski@haven.test'),
  })
  expect(page.status).toBe(200)
  const body = page.body as {
    today: { date: string; items: { id: string }[] }
    notes: { unwritten: { appointmentId: string }[] }
  }
  expect(body.today.date).toBe('2025-03-04')
  expect(body.today.items.map((item) => item.id)).toEqual([morning.id, afternoon.id])
  expect(body.today.items.map((item) => item.id)).not.toContain(tomorrow.id)
  expect(body.notes.unwritten.map((item) => item.appointmentId)).toContain(morning.id)
  expect(body.notes.unwritten.map((item) => item.appointmentId)).not.toContain(afternoon.id)
})
