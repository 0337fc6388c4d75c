import { type SessionView } from '~/domain/telehealth/session-view.ts'

/** A session page's data for the video components' tests: open, room ready, nobody waiting. */
export function testSessionView(overrides: Partial<SessionView> = {}): SessionView {
  return {
    appointmentId: 'appt_1',
    role: 'patient',
    whenText: 'Tuesday 8 December 2026, 10:00 am AEDT',
    startsAt: '2026-12-07T23:00:00.000Z',
    endsAt: '2026-12-07T23:50:00.000Z',
    otherPartyName: 'Dr Maya Chen',
    practicePhone: '(02) 9000 0000',
    window: { opensAt: '2026-12-07T22:45:00.000Z', closesAt: '2026-12-08T00:20:00.000Z', state: 'open' },
    refusal: null,
    room: { state: 'ready' },
    admission: { patientWaiting: false, admitted: false, autoAdmit: false },
    psychologistStatus: 'not-started',
    port: 'loopback',
    pollSeconds: 3,
    ...overrides,
  }
}
