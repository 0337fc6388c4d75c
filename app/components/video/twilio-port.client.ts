import type { EventEmitter } from 'events'
import type * as TwilioVideo from 'twilio-video'
import { type ConnectedRoom, type VideoPort } from './port.ts'
import { roomListeners } from './room-listeners.ts'
import {
  disconnectionOf,
  networkQualityOf,
  participantOf,
  preflightFailureOf,
  preflightResultOf,
} from './twilio-events.ts'

// The production video port: twilio-video, loaded only when a session page asks for it
// (app/components/video/load-port.ts), so no other page carries its ~300 KB.

async function loadTwilioVideo(): Promise<typeof TwilioVideo> {
  const loaded = await import('twilio-video')
  // twilio-video is CommonJS: bundlers hand it over as the namespace or as its default export.
  return (loaded as typeof loaded & { default?: typeof TwilioVideo }).default ?? loaded
}

// Two people (three with an interpreter): everyone's video matters equally ("grid"), and the SDK
// may switch off and pick layers for what the page actually renders. Adaptive simulcast ("auto")
// lets Twilio send the layer the other side can take.
const CONNECT_OPTIONS = {
  networkQuality: { local: 1, remote: 1 },
  bandwidthProfile: {
    video: { mode: 'grid', clientTrackSwitchOffControl: 'auto', contentPreferencesMode: 'auto' },
  },
  preferredVideoCodecs: 'auto',
  dominantSpeaker: false,
} satisfies TwilioVideo.ConnectOptions

// Twilio says what it is doing on the console at "warn" by default; tokens are never logged.
const QUIET = 'error'

function connectedRoom(room: TwilioVideo.Room): ConnectedRoom {
  const listeners = roomListeners()
  const participants = () => [...room.participants.values()].map(participantOf)
  const changed = () => listeners.emit('participantsChanged', participants())
  const watchQuality = (participant: TwilioVideo.RemoteParticipant) =>
    participant.on('networkQualityLevelChanged', changed)

  room.participants.forEach(watchQuality)
  room.on('participantConnected', (participant: TwilioVideo.RemoteParticipant) => {
    watchQuality(participant)
    changed()
  })
  for (const event of [
    'participantDisconnected',
    'participantReconnecting',
    'participantReconnected',
    'trackSubscribed',
    'trackUnsubscribed',
    'trackEnabled',
    'trackDisabled',
    'trackSwitchedOff',
    'trackSwitchedOn',
  ])
    (room as EventEmitter).on(event, changed)
  room.localParticipant.on('networkQualityLevelChanged', (level: number) =>
    listeners.emit('localNetworkQuality', networkQualityOf(level)),
  )
  room.on('reconnecting', (error?: TwilioVideo.TwilioError) =>
    listeners.emit('reconnecting', error?.code ?? null),
  )
  room.on('reconnected', () => listeners.emit('reconnected'))
  room.once('disconnected', (_: TwilioVideo.Room, error?: TwilioVideo.TwilioError) => {
    listeners.emit('disconnected', disconnectionOf(error))
    listeners.clear()
  })

  const local = room.localParticipant
  const published = (kind: 'audio' | 'video') => [
    ...(kind === 'audio' ? local.audioTracks : local.videoTracks).values(),
  ]
  async function replace(kind: 'audio' | 'video', track: MediaStreamTrack | null) {
    // Unpublishing leaves the camera or microphone open: the page owns its devices.
    local.unpublishTracks(published(kind).map((publication) => publication.track))
    if (track) await local.publishTrack(track)
  }

  return {
    roomName: room.name,
    localIdentity: local.identity,
    participants,
    on: listeners.on,
    setAudioEnabled: (enabled) => published('audio').forEach(({ track }) => track.enable(enabled)),
    setVideoEnabled: (enabled) => published('video').forEach(({ track }) => track.enable(enabled)),
    replaceVideoTrack: (track) => replace('video', track),
    replaceAudioTrack: (track) => replace('audio', track),
    disconnect: () => void room.disconnect(),
  }
}

export const twilioVideoPort: VideoPort = {
  kind: 'twilio',
  async connect({ token, roomName, audioTrack, videoTrack }) {
    const Video = await loadTwilioVideo()
    Video.Logger.setLevel(QUIET)
    const room = await Video.connect(token, {
      ...CONNECT_OPTIONS,
      name: roomName,
      tracks: videoTrack ? [audioTrack, videoTrack] : [audioTrack],
    })
    return connectedRoom(room)
  },
  async preflight(token, signal) {
    const Video = await loadTwilioVideo()
    return new Promise((resolve) => {
      const test = Video.runPreflight(token)
      const stop = () => {
        test.stop()
        resolve({ ok: false, message: 'The network test was stopped.' })
      }
      signal?.addEventListener('abort', stop, { once: true })
      test.on('completed', (report) => {
        signal?.removeEventListener('abort', stop)
        resolve(preflightResultOf(report))
      })
      test.on('failed', (error: Error & { code?: number }) => {
        signal?.removeEventListener('abort', stop)
        resolve(preflightFailureOf(error))
      })
    })
  },
}
