// What the loopback video port (video-loopback.client.ts) and the dev signalling route
// (app/routes/dev+/video.signal.ts) say to each other. Every call is a POST of JSON carrying the
// access token: the token is never in a URL.

export const VIDEO_SIGNAL_PATH = '/dev/video/signal'

/** The longest a poll waits for a message before answering an empty list. */
export const VIDEO_SIGNAL_MAX_WAIT_MS = 20_000

export type SignalPeer = { sid: string; identity: string }

/** What one peer relays to another: its SDP, an ICE candidate, or its camera turned off or on. */
export type PeerSignal =
  | { description: { type: 'offer' | 'answer' | 'pranswer' | 'rollback'; sdp?: string } }
  | {
      candidate: {
        candidate: string
        sdpMid?: string | null
        sdpMLineIndex?: number | null
        usernameFragment?: string | null
      }
    }
  | { videoOff: boolean }

/** A participant's mailbox, in order (`seq` counts up from 1). */
export type SignalMessage = { seq: number } & (
  | { kind: 'joined'; participant: SignalPeer }
  | { kind: 'left'; participantSid: string }
  | { kind: 'signal'; from: string; signal: PeerSignal }
  /** The server ended this participant: 53205 when the same identity joined elsewhere. */
  | { kind: 'disconnected'; code: number; message: string }
)

export type SignalRequest =
  | { type: 'join'; token: string; roomName: string }
  | { type: 'signal'; token: string; participantSid: string; to: string; signal: PeerSignal }
  | { type: 'poll'; token: string; participantSid: string; after: number; waitMs?: number }
  | { type: 'leave'; token: string; participantSid: string }

export type JoinAnswer = { participantSid: string; identity: string; roomName: string; peers: SignalPeer[] }
export type PollAnswer = { messages: SignalMessage[] }
/** A refusal: `code` is the Twilio error code the browser reports, when there is one. */
export type SignalRefusal = { error: string; code: number | null }

/** Twilio's codes for a refused connect and a lost participant (twilio-video's TwilioError). */
export const TWILIO_CODES = {
  accessTokenInvalid: 20101,
  accessTokenGrantsInvalid: 20106,
  roomNotFound: 53106,
  roomFull: 53105,
  roomCompleted: 53118,
  signalingError: 53000,
  signalingReconnecting: 53001,
  mediaReconnecting: 53405,
  duplicateIdentity: 53205,
} as const
