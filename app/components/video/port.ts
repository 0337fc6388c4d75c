// The video port: the one small interface the session page talks to. Production implements it
// with twilio-video (twilio-port.client.ts); dev and tests with the browser's own WebRTC over
// loopback, signalled through Haven's server (a stand-in, never in a production build).

export type { VideoPortKind } from '~/domain/telehealth/session-view.ts'

/** 0 (no network) to 5 (excellent), as twilio-video reports it; null while unknown. */
export type NetworkQuality = 0 | 1 | 2 | 3 | 4 | 5 | null

export type RemoteParticipant = {
  /** Twilio's PA… sid (or the loopback's equivalent). */
  sid: string
  /** The opaque identity in their token: never a name. */
  identity: string
  /** Their camera and microphone as the browser plays them; null while not published or paused. */
  videoTrack: MediaStreamTrack | null
  audioTrack: MediaStreamTrack | null
  /** The sender turned the camera off, or the browser paused it (iOS Safari in a background tab). */
  videoSwitchedOff: boolean
  networkQuality: NetworkQuality
}

/** Why a connection ended; `code` is Twilio's error code when there is one (53205: joined elsewhere). */
export type Disconnection = { code: number | null; message: string }

export type RoomEvents = {
  participantsChanged: (participants: RemoteParticipant[]) => void
  localNetworkQuality: (level: NetworkQuality) => void
  /** Signalling or media dropped; the port is reconnecting by itself (Twilio 53001 / 53405). */
  reconnecting: (code: number | null) => void
  reconnected: () => void
  /** Ended for good: left, removed, the room completed, or the same identity joined elsewhere. */
  disconnected: (why: Disconnection | null) => void
}

export type ConnectedRoom = {
  readonly roomName: string
  readonly localIdentity: string
  participants(): RemoteParticipant[]
  on<E extends keyof RoomEvents>(event: E, listener: RoomEvents[E]): () => void
  /** Stops sending the track without closing the camera/microphone (mute, camera off). */
  setAudioEnabled(enabled: boolean): void
  setVideoEnabled(enabled: boolean): void
  /** Replaces what is sent (another camera, or none for audio only). */
  replaceVideoTrack(track: MediaStreamTrack | null): Promise<void>
  replaceAudioTrack(track: MediaStreamTrack): Promise<void>
  disconnect(): void
}

export type ConnectOptions = {
  token: string
  roomName: string
  /** The tracks from the device check: sent as they are (null video = audio only). */
  audioTrack: MediaStreamTrack
  videoTrack: MediaStreamTrack | null
}

/** What a pre-call network test found (Twilio's runPreflight, or the loopback's own test). */
export type PreflightResult =
  | { ok: true; roundTripMs: number | null; quality: 'excellent' | 'good' | 'fair' | 'poor' }
  | { ok: false; message: string }

import { type VideoPortKind } from '~/domain/telehealth/session-view.ts'

export type VideoPort = {
  readonly kind: VideoPortKind
  connect(options: ConnectOptions): Promise<ConnectedRoom>
  /** Needs a user gesture (a click) on some browsers; `token` is a normal session token. */
  preflight(token: string, signal?: AbortSignal): Promise<PreflightResult>
}
