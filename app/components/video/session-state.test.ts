import { describe, expect, it } from 'vitest'
import { type SessionView } from '~/domain/telehealth/session-view.ts'
import {
  announcement,
  initialSessionState,
  JOINED_ELSEWHERE,
  ROOM_COMPLETED,
  sessionReducer,
  type SessionEvent,
  type SessionState,
} from './session-state.ts'
import { testSessionView } from './test-view.ts'

const token = {
  token: 'jwt',
  roomName: 'rm_opaque',
  identity: 'id_opaque',
  expiresAt: '2026-12-07T23:10:00.000Z',
}

function run(view: SessionView, ...events: SessionEvent[]): SessionState {
  return events.reduce(sessionReducer, initialSessionState(view))
}
const answer = (
  intent: 'wait' | 'status' | 'start' | 'token' | 'admit' | 'end' | 'leave',
  view: Partial<SessionView>,
  extra = {},
) => ({ type: 'answer', intent, data: { ok: true, view: testSessionView(view), ...extra } }) as const

const admitted = { admission: { patientWaiting: true, admitted: true, autoAdmit: false } }
const psychologist = testSessionView({ role: 'psychologist', otherPartyName: 'Riley P.' })

describe('the patient', () => {
  it('checks devices, waits, is let in, asks for a token and connects', () => {
    let state = run(testSessionView())
    expect(state.phase).toEqual({ name: 'check' })
    state = sessionReducer(state, { type: 'join' })
    expect(state.phase).toEqual({ name: 'waiting' })
    state = sessionReducer(state, answer('wait', { psychologistStatus: 'in-session' }))
    expect(state.phase).toEqual({ name: 'waiting' })
    expect(announcement(state, 'not-yet')).toBe(
      "You are in the waiting room. Dr Maya Chen will let you in. They're in the session and know you're here.",
    )
    state = sessionReducer(state, answer('wait', admitted))
    expect(state.phase).toEqual({ name: 'requesting-token' })
    state = sessionReducer(state, answer('token', admitted, { token }))
    expect(state.phase).toEqual({ name: 'connecting', token })
    state = sessionReducer(state, { type: 'connected' })
    expect(state.phase).toEqual({ name: 'in-call', reconnecting: false })
    expect(announcement(state, 'present')).toBe('Connected. Dr Maya Chen is in the call.')
  })

  it('keeps waiting while the room is being prepared, even when let in', () => {
    const state = run(
      testSessionView(),
      { type: 'join' },
      answer('wait', { ...admitted, room: { state: 'preparing' } }),
    )
    expect(state.phase).toEqual({ name: 'waiting' })
    expect(announcement(state, 'not-yet')).toBe('Your session room is being prepared.')
  })

  it('goes back to waiting when the token is refused because they are no longer let in', () => {
    const state = run(testSessionView(), { type: 'join' }, answer('wait', admitted), {
      type: 'answer',
      intent: 'token',
      data: { ok: false, view: testSessionView(), message: 'Not yet.' },
    })
    expect(state.phase).toEqual({ name: 'waiting' })
  })

  it('says why when the token is refused for good', () => {
    const closed = testSessionView({ refusal: { reason: 'closed', message: 'Joining closed at 11:20 am.' } })
    const state = run(testSessionView(), { type: 'join' }, answer('wait', admitted), {
      type: 'answer',
      intent: 'token',
      data: { ok: false, view: closed, message: 'Joining closed at 11:20 am.' },
    })
    expect(state.phase).toEqual({ name: 'failed', message: 'Joining closed at 11:20 am.' })
  })

  it('leaves, and may join again', () => {
    let state = run(
      testSessionView(),
      { type: 'join' },
      answer('wait', admitted),
      answer('token', admitted, { token }),
      {
        type: 'connected',
      },
    )
    state = sessionReducer(state, { type: 'leave' })
    expect(state.phase).toEqual({ name: 'left' })
    // The port's own disconnected event after leaving changes nothing.
    expect(sessionReducer(state, { type: 'disconnected', code: null, message: null }).phase).toEqual({
      name: 'left',
    })
    expect(sessionReducer(state, { type: 'join' }).phase).toEqual({ name: 'waiting' })
  })
})

describe('the psychologist', () => {
  it('starts the session, asks for a token once it is open, and connects', () => {
    let state = run(psychologist, { type: 'join' })
    expect(state.phase).toEqual({ name: 'starting' })
    state = sessionReducer(state, answer('start', { role: 'psychologist', psychologistStatus: 'in-session' }))
    expect(state.phase).toEqual({ name: 'requesting-token' })
  })

  it('waits while the room is prepared and asks for the token when a status poll finds it ready', () => {
    let state = run(
      psychologist,
      { type: 'join' },
      answer('start', {
        role: 'psychologist',
        psychologistStatus: 'in-session',
        room: { state: 'preparing' },
      }),
    )
    expect(state.phase).toEqual({ name: 'starting' })
    expect(announcement(state, 'not-yet')).toBe('Your session room is being prepared.')
    state = sessionReducer(
      state,
      answer('status', { role: 'psychologist', psychologistStatus: 'in-session' }),
    )
    expect(state.phase).toEqual({ name: 'requesting-token' })
  })

  it('hears that the patient is waiting to be let in, unless the practice admits by itself', () => {
    const waiting = {
      role: 'psychologist' as const,
      otherPartyName: 'Riley P.',
      psychologistStatus: 'in-session' as const,
    }
    let state = run(
      psychologist,
      { type: 'join' },
      answer('start', waiting),
      answer('token', waiting, { token }),
      { type: 'connected' },
    )
    state = sessionReducer(
      state,
      answer('status', {
        ...waiting,
        admission: { patientWaiting: true, admitted: false, autoAdmit: false },
      }),
    )
    expect(announcement(state, 'not-yet')).toBe(
      'Connected. Waiting for Riley P. to join. Riley P. is waiting to be let in.',
    )
    state = sessionReducer(
      state,
      answer('status', { ...waiting, admission: { patientWaiting: true, admitted: false, autoAdmit: true } }),
    )
    expect(announcement(state, 'not-yet')).toBe('Connected. Waiting for Riley P. to join.')
  })

  it('ends the session; a refused end keeps the call and says why', () => {
    const inSession = { role: 'psychologist' as const, psychologistStatus: 'in-session' as const }
    let state = run(
      psychologist,
      { type: 'join' },
      answer('start', inSession),
      answer('token', inSession, { token }),
      {
        type: 'connected',
      },
    )
    state = sessionReducer(state, { type: 'end' })
    expect(state.phase).toEqual({ name: 'ending' })
    state = sessionReducer(state, {
      type: 'answer',
      intent: 'end',
      data: { ok: false, view: null, message: 'Try again.' },
    })
    expect(state.phase).toEqual({ name: 'in-call', reconnecting: false })
    expect(state.error).toBe('Try again.')
    expect(state.view.psychologistStatus).toBe('in-session')
  })
})

describe('in the call', () => {
  const inCall = () =>
    run(testSessionView(), { type: 'join' }, answer('wait', admitted), answer('token', admitted, { token }), {
      type: 'connected',
    })

  it('shows reconnecting until the port reconnects', () => {
    const state = sessionReducer(inCall(), { type: 'reconnecting' })
    expect(state.phase).toEqual({ name: 'in-call', reconnecting: true })
    expect(announcement(state, 'present')).toBe('Reconnecting…')
    expect(sessionReducer(state, { type: 'reconnected' }).phase).toEqual({
      name: 'in-call',
      reconnecting: false,
    })
  })

  it('tells joining from another tab (53205) from the room completing and from a drop', () => {
    expect(
      sessionReducer(inCall(), {
        type: 'disconnected',
        code: JOINED_ELSEWHERE,
        message: 'Duplicate identity',
      }).phase,
    ).toEqual({
      name: 'replaced',
    })
    expect(
      sessionReducer(inCall(), { type: 'disconnected', code: ROOM_COMPLETED, message: 'Room completed' })
        .phase,
    ).toEqual({
      name: 'ended',
    })
    expect(sessionReducer(inCall(), { type: 'disconnected', code: 53000, message: null }).phase).toEqual({
      name: 'dropped',
      message: 'The connection to the session was lost.',
    })
  })

  it('says when the other person leaves', () => {
    expect(announcement(inCall(), 'gone')).toBe('Dr Maya Chen has left the call.')
  })

  it('joins again from the waiting room after being replaced', () => {
    const replaced = sessionReducer(inCall(), { type: 'disconnected', code: JOINED_ELSEWHERE, message: null })
    expect(sessionReducer(replaced, { type: 'join' }).phase).toEqual({ name: 'waiting' })
  })
})
