import { describe, expect, it } from 'vitest'
import { participantSpans, suggestAttendance, type TimelineEvent } from './room-events.server.ts'

// The pure parts of the timeline: pairing joins with leaves, and the attendance suggestion.
// (Callbacks through the webhook and the stored timeline: webhooks+/twilio.video.test.ts.)

const startsAt = new Date('2026-12-10T00:00:00Z')
const endsAt = new Date('2026-12-10T00:50:00Z')
const at = (minutes: number) => new Date(startsAt.getTime() + minutes * 60_000)

function event(
  kind: TimelineEvent['event'],
  role: TimelineEvent['role'],
  minutes: number,
  participantSid = role ? `PA-${role}` : '',
  durationSeconds: number | null = null,
): TimelineEvent {
  return { roomId: 'room', event: kind, role, participantSid, occurredAt: at(minutes), durationSeconds }
}

describe('suggestAttendance', () => {
  it('attended once the patient connected, whenever that was', () => {
    const events = [event('room-created', '', -30), event('participant-connected', 'patient', 2)]
    expect(suggestAttendance({ events, startsAt, endsAt, now: at(3) })).toBe('attended')
    expect(suggestAttendance({ events, startsAt, endsAt, now: at(90) })).toBe('attended')
  })

  it('attended when only the patient leaving reached Haven (its connect callback was lost)', () => {
    const events = [event('participant-disconnected', 'patient', 40, 'PA-patient', 2280)]
    expect(suggestAttendance({ events, startsAt, endsAt, now: at(45) })).toBe('attended')
  })

  it('no-show when the booked end passed and only the psychologist (or nobody) joined', () => {
    const psychologistOnly = [event('participant-connected', 'psychologist', 0)]
    expect(suggestAttendance({ events: psychologistOnly, startsAt, endsAt, now: endsAt })).toBe('no-show')
    expect(suggestAttendance({ events: [], startsAt, endsAt, now: at(120) })).toBe('no-show')
  })

  it('nothing yet before the end when the patient has not joined', () => {
    expect(suggestAttendance({ events: [], startsAt, endsAt, now: at(-10) })).toBeNull()
    expect(
      suggestAttendance({
        events: [event('participant-connected', 'other', 1)],
        startsAt,
        endsAt,
        now: at(49),
      }),
    ).toBeNull()
  })
})

describe('participantSpans', () => {
  it('pairs each connection by its sid, in joining order; a rejoin is a second span', () => {
    const spans = participantSpans([
      event('participant-connected', 'psychologist', -1, 'PA1'),
      event('participant-connected', 'patient', 2, 'PA2'),
      event('participant-disconnected', 'patient', 10, 'PA2', 480),
      event('participant-connected', 'patient', 11, 'PA3'),
      event('participant-disconnected', 'patient', 50, 'PA3'),
    ])
    expect(spans).toEqual([
      { roomId: 'room', role: 'psychologist', joinedAt: at(-1), leftAt: null, durationSeconds: null },
      { roomId: 'room', role: 'patient', joinedAt: at(2), leftAt: at(10), durationSeconds: 480 },
      // No ParticipantDuration given: the difference of the two times.
      { roomId: 'room', role: 'patient', joinedAt: at(11), leftAt: at(50), durationSeconds: 39 * 60 },
    ])
  })
})
