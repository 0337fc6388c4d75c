import { describe, expect, it } from 'vitest'
import {
  attendanceSuggestionWords,
  participantWords,
  type StaffVideoView,
  videoRoomWords,
} from './staff-video.ts'

const SYDNEY = 'Australia/Sydney'
// 10:00 am in Sydney (AEDT) on Thursday 10 December 2026.
const at = (minutes: number) => new Date(Date.UTC(2026, 11, 9, 23, minutes)).toISOString()

const room = (overrides: Partial<NonNullable<StaffVideoView['room']>>): StaffVideoView['room'] => ({
  status: 'preparing',
  attempts: 0,
  lastError: '',
  lastAttemptAt: null,
  nextAttemptAt: null,
  readyAt: null,
  endedAt: null,
  endReason: null,
  ...overrides,
})

describe('videoRoomWords', () => {
  it('says a room is being prepared, ready, or ended and why', () => {
    expect(videoRoomWords(null, SYDNEY)).toBe('No video room yet.')
    expect(videoRoomWords(room({}), SYDNEY)).toBe(
      'Being prepared: the room is made 30 minutes before the session.',
    )
    expect(videoRoomWords(room({ status: 'ready', readyAt: at(-30) }), SYDNEY)).toBe('Ready since 9:30 am.')
    expect(videoRoomWords(room({ status: 'ended', endedAt: at(52), endReason: 'completed' }), SYDNEY)).toBe(
      'Ended at Thu, 10 Dec, 10:52 am: the psychologist ended the session.',
    )
  })

  it('says which attempt failed, in Twilio’s words, and when Haven tries again', () => {
    expect(
      videoRoomWords(
        room({
          attempts: 2,
          lastError: '20500 (500): Internal Server Error',
          lastAttemptAt: at(-29),
          nextAttemptAt: at(-28),
        }),
        SYDNEY,
      ),
    ).toBe(
      'Being prepared. Attempt 2 failed at 9:31 am: Twilio said “20500 (500): Internal Server Error”. Haven tries again at 9:32 am.',
    )
  })
})

describe('participantWords', () => {
  it('gives join and leave times in the zone, with how long', () => {
    expect(
      participantWords({ role: 'patient', joinedAt: at(2), leftAt: at(48), durationSeconds: 2760 }, SYDNEY),
    ).toBe('Patient joined 10:02 am, left 10:48 am (46 min)')
    expect(
      participantWords(
        { role: 'psychologist', joinedAt: at(-1), leftAt: null, durationSeconds: null },
        SYDNEY,
      ),
    ).toBe('Psychologist joined 9:59 am, still connected or not reported')
  })
})

describe('attendanceSuggestionWords', () => {
  const video = (overrides: Partial<StaffVideoView>): StaffVideoView => ({
    room: null,
    participants: [],
    suggestion: null,
    patientJoinedAt: null,
    ...overrides,
  })
  it('suggests attended with the time the patient joined, or did not attend, or nothing', () => {
    expect(attendanceSuggestionWords(video({ suggestion: 'attended', patientJoinedAt: at(2) }), SYDNEY)).toBe(
      'Suggested: attended — the patient joined at 10:02 am',
    )
    expect(attendanceSuggestionWords(video({ suggestion: 'no-show' }), SYDNEY)).toBe(
      'Suggested: did not attend — the patient did not join the video session',
    )
    expect(attendanceSuggestionWords(video({}), SYDNEY)).toBeNull()
  })
})
