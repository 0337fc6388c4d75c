import { type PreflightTestReport } from 'twilio-video'
import {
  type Disconnection,
  type NetworkQuality,
  type PreflightResult,
  type RemoteParticipant,
} from './port.ts'
import { preflightVerdict } from './quality.ts'

// What twilio-video reports, in the port's words. Typed by the few fields read, so a test can
// hand in plain objects; twilio-video's own classes fit these shapes.

type MediaTrackLike = { mediaStreamTrack: MediaStreamTrack }
type VideoPublicationLike = {
  isTrackEnabled: boolean
  track: (MediaTrackLike & { isSwitchedOff: boolean; isEnabled: boolean }) | null
}
export type TwilioParticipantLike = {
  sid: string
  identity: string
  networkQualityLevel: number | null
  videoTracks: Map<string, VideoPublicationLike>
  audioTracks: Map<string, { track: MediaTrackLike | null }>
}

/** 0–5 as twilio-video reports it; anything else (not yet measured) is unknown. */
export function networkQualityOf(level: number | null | undefined): NetworkQuality {
  return typeof level === 'number' && Number.isInteger(level) && level >= 0 && level <= 5
    ? (level as NetworkQuality)
    : null
}

const first = <T>(map: Map<string, T>) => map.values().next().value ?? null

/**
 * A remote participant as the page draws them. Their video is null while not subscribed, turned
 * off by the sender (trackDisabled) or switched off by Twilio (bandwidth, or a paused
 * background tab): the page shows the "camera off" state and attaches again when it returns.
 */
export function participantOf(participant: TwilioParticipantLike): RemoteParticipant {
  const video = first(participant.videoTracks)
  const audio = first(participant.audioTracks)
  const switchedOff =
    video !== null &&
    (!video.isTrackEnabled || !!video.track?.isSwitchedOff || video.track?.isEnabled === false)
  return {
    sid: participant.sid,
    identity: participant.identity,
    videoTrack: switchedOff ? null : (video?.track?.mediaStreamTrack ?? null),
    audioTrack: audio?.track?.mediaStreamTrack ?? null,
    videoSwitchedOff: switchedOff,
    networkQuality: networkQualityOf(participant.networkQualityLevel),
  }
}

/** Why the room ended: a TwilioError's code (53205: the same identity joined elsewhere), or null on leaving. */
export function disconnectionOf(
  error: { code?: unknown; message?: string } | null | undefined,
): Disconnection | null {
  if (!error) return null
  return {
    code: typeof error.code === 'number' ? error.code : null,
    message: error.message ?? 'Disconnected',
  }
}

/** The twilio-video network test's report as a verdict: RTT in ms, packet loss in %, jitter in seconds. */
export function preflightResultOf({ stats }: Pick<PreflightTestReport, 'stats'>): PreflightResult {
  return preflightVerdict({
    roundTripMs: stats.rtt?.average ?? null,
    lossPercent: stats.packetLoss?.average ?? null,
    jitterMs: stats.jitter ? stats.jitter.average * 1000 : null,
  })
}

/** A failed network test, said plainly; the code helps whoever supports the practice. */
export function preflightFailureOf(error: { code?: unknown } | null | undefined): PreflightResult {
  const code = typeof error?.code === 'number' ? ` (Twilio error ${error.code})` : ''
  return { ok: false, message: `The network test could not reach the video service${code}.` }
}
