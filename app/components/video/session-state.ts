// The session page's state machine: where this person is (device check, waiting room, in the
// call, gone) and the latest SessionView the server answered with. Pure, so every transition is
// tested without a browser; the page runs the effects each phase asks for (posting, connecting).

import { type SessionActionData, type SessionView } from '~/domain/telehealth/session-view.ts'

export type SessionIntent = 'wait' | 'status' | 'start' | 'token' | 'admit' | 'leave' | 'end' | 'preflight'

export type SessionToken = NonNullable<Extract<SessionActionData, { ok: true }>['token']>

/** Twilio's error codes the page tells apart. */
export const JOINED_ELSEWHERE = 53205
export const ROOM_COMPLETED = 53118

export type Phase =
  | { name: 'check' }
  /** The patient is in the waiting room (the page posts `wait` every pollSeconds). */
  | { name: 'waiting' }
  /** The psychologist pressed Start session: `start` is posted, the room may still be preparing. */
  | { name: 'starting' }
  | { name: 'requesting-token' }
  /** The token lives here, in memory only, until the port has connected with it. */
  | { name: 'connecting'; token: SessionToken }
  | { name: 'in-call'; reconnecting: boolean }
  | { name: 'left' }
  | { name: 'ending' }
  | { name: 'ended' }
  /** The same person joined from another tab or device (53205). */
  | { name: 'replaced' }
  | { name: 'dropped'; message: string }
  | { name: 'failed'; message: string }

export type SessionState = {
  phase: Phase
  view: SessionView
  /** A refusal of the last post (admit, end…) that leaves the phase as it was. */
  error: string | null
}

export type SessionEvent =
  /** Join video session (patient), Start session (psychologist), or joining again after a drop. */
  | { type: 'join' }
  | { type: 'answer'; intent: SessionIntent; data: SessionActionData }
  /** The loader ran again (e.g. at the opening time). */
  | { type: 'view'; view: SessionView }
  | { type: 'connected' }
  | { type: 'connect-failed'; message: string }
  | { type: 'reconnecting' }
  | { type: 'reconnected' }
  | { type: 'disconnected'; code: number | null; message: string | null }
  | { type: 'leave' }
  | { type: 'end' }

export function initialSessionState(view: SessionView): SessionState {
  return { phase: { name: 'check' }, view, error: null }
}

/** The room can be joined: open, ready, and (for the patient) let in. */
function mayConnect(view: SessionView) {
  if (view.refusal || view.room.state !== 'ready') return false
  return view.role === 'psychologist' ? view.psychologistStatus === 'in-session' : view.admission.admitted
}

function onAnswer(state: SessionState, intent: SessionIntent, data: SessionActionData): SessionState {
  const view = data.view ?? state.view
  const next: SessionState = { ...state, view, error: null }
  const phase = state.phase.name
  if (!data.ok) {
    if (intent === 'start' && phase === 'starting')
      return { ...next, phase: { name: 'failed', message: data.message } }
    if (intent === 'token' && phase === 'requesting-token') {
      // Let in and then not (the window closed, a race with admit): back to waiting, the page says why.
      if (view.role === 'patient' && !view.refusal && !view.admission.admitted)
        return { ...next, phase: { name: 'waiting' } }
      return { ...next, phase: { name: 'failed', message: data.message } }
    }
    if (intent === 'end' && phase === 'ending')
      return { ...next, phase: { name: 'in-call', reconnecting: false }, error: data.message }
    // Polls keep polling; a refused admit or leave is said once.
    return intent === 'wait' || intent === 'status' ? next : { ...next, error: data.message }
  }
  if (intent === 'token' && phase === 'requesting-token') {
    return data.token
      ? { ...next, phase: { name: 'connecting', token: data.token } }
      : {
          ...next,
          phase: { name: 'failed', message: 'The server gave no way into the room. Please try again.' },
        }
  }
  if ((phase === 'waiting' || phase === 'starting') && mayConnect(view))
    return { ...next, phase: { name: 'requesting-token' } }
  return next
}

export function sessionReducer(state: SessionState, event: SessionEvent): SessionState {
  const phase = state.phase.name
  switch (event.type) {
    case 'join':
      return {
        ...state,
        error: null,
        phase: { name: state.view.role === 'patient' ? 'waiting' : 'starting' },
      }
    case 'answer':
      return onAnswer(state, event.intent, event.data)
    case 'view': {
      const next = { ...state, view: event.view }
      return (phase === 'waiting' || phase === 'starting') && mayConnect(event.view)
        ? { ...next, phase: { name: 'requesting-token' } }
        : next
    }
    case 'connected':
      return phase === 'connecting' ? { ...state, phase: { name: 'in-call', reconnecting: false } } : state
    case 'connect-failed':
      return phase === 'connecting' ? { ...state, phase: { name: 'failed', message: event.message } } : state
    case 'reconnecting':
    case 'reconnected':
      return phase === 'in-call'
        ? { ...state, phase: { name: 'in-call', reconnecting: event.type === 'reconnecting' } }
        : state
    case 'disconnected': {
      if (phase !== 'in-call' && phase !== 'connecting') return state
      if (event.code === JOINED_ELSEWHERE) return { ...state, phase: { name: 'replaced' } }
      if (
        event.code === ROOM_COMPLETED ||
        state.view.psychologistStatus === 'ended' ||
        state.view.room.state === 'ended'
      )
        return { ...state, phase: { name: 'ended' } }
      return {
        ...state,
        phase: { name: 'dropped', message: event.message ?? 'The connection to the session was lost.' },
      }
    }
    case 'leave':
      return { ...state, error: null, phase: { name: 'left' } }
    case 'end':
      return phase === 'in-call' || phase === 'check'
        ? { ...state, error: null, phase: { name: 'ending' } }
        : state
  }
}

/** The psychologist's status, as the patient in the waiting room reads it. */
export function psychologistStatusWords(view: SessionView): string {
  switch (view.psychologistStatus) {
    case 'not-started':
      return "They haven't started the session yet."
    case 'in-session':
      return "They're in the session and know you're here."
    case 'ended':
      return 'They have ended the session.'
  }
}

export type RemotePresence = 'not-yet' | 'present' | 'gone'

/**
 * The sentence the page's live region says for this state, so a screen reader hears each change
 * (waiting, let in, connected, reconnecting, the other person joining or leaving).
 */
export function announcement(state: SessionState, remote: RemotePresence): string {
  const { view, phase } = state
  const other = view.otherPartyName
  const someoneWaiting =
    view.role === 'psychologist' &&
    view.admission.patientWaiting &&
    !view.admission.admitted &&
    !view.admission.autoAdmit
      ? ` ${other} is waiting to be let in.`
      : ''
  switch (phase.name) {
    case 'check':
      return someoneWaiting.trim()
    case 'waiting':
      return view.room.state === 'preparing' || view.room.state === 'none'
        ? 'Your session room is being prepared.'
        : `You are in the waiting room. ${other} will let you in. ${psychologistStatusWords(view)}`
    case 'starting':
      return view.room.state === 'ready' ? 'Starting the session…' : 'Your session room is being prepared.'
    case 'requesting-token':
    case 'connecting':
      return view.role === 'patient' ? `${other} let you in. Connecting…` : 'Connecting…'
    case 'in-call':
      if (phase.reconnecting) return 'Reconnecting…'
      return (
        (remote === 'present'
          ? `Connected. ${other} is in the call.`
          : remote === 'gone'
            ? `${other} has left the call.`
            : `Connected. Waiting for ${other} to join.`) + someoneWaiting
      )
    case 'left':
      return 'You left the session.'
    case 'ending':
      return 'Ending the session…'
    case 'ended':
      return 'The session has ended.'
    case 'replaced':
      return 'You joined this session from another tab or device, so this one was disconnected.'
    case 'dropped':
    case 'failed':
      return phase.message
  }
}
