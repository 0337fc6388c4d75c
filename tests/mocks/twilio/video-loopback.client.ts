import {
  type ConnectedRoom,
  type ConnectOptions,
  type NetworkQuality,
  type PreflightResult,
  type RemoteParticipant,
  type VideoPort,
} from '~/components/video/port.ts'
import { networkQualityLevel, preflightVerdict } from '~/components/video/quality.ts'
import { roomListeners } from '~/components/video/room-listeners.ts'
import { countersOf, sampleBetween, type StatsCounters } from './loopback-stats.ts'
import {
  type JoinAnswer,
  type PeerSignal,
  type PollAnswer,
  type SignalMessage,
  type SignalPeer,
  type SignalRequest,
  TWILIO_CODES,
  VIDEO_SIGNAL_PATH,
} from './video-signal.ts'

// The dev and test video port: the browser's own WebRTC, one peer connection to each other
// participant (a mesh: two people, three with an interpreter), signalled through Haven's dev
// route with the same access token Twilio would take. Loaded only in dev and test builds
// (app/components/video/load-port.ts); it behaves as the twilio-video port does where the page
// can tell: participants, reconnecting, network levels, camera off, 53205.

/** A refused signalling call; `code` is Twilio's, as a TwilioError carries it. */
export class SignalError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: number | null,
  ) {
    super(message)
  }
}

async function signalCall<T>(
  request: SignalRequest,
  options: { signal?: AbortSignal; keepalive?: boolean } = {},
) {
  const response = await fetch(VIDEO_SIGNAL_PATH, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(request),
    cache: 'no-store',
    credentials: 'same-origin',
    ...options,
  })
  const answer = (await response.json().catch(() => null)) as
    (T & { error?: string; code?: number | null }) | null
  if (!response.ok)
    throw new SignalError(
      answer?.error ?? `Signalling answered ${response.status}`,
      response.status,
      answer?.code ?? null,
    )
  return answer as T
}

const STATS_EVERY_MS = 2_000
// ICE that stays "disconnected" this long is restarted rather than waited for.
const RESTART_ICE_AFTER_MS = 3_000
const POLL_BACKOFF_MS = [500, 1_000, 2_000, 4_000, 8_000]
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

type Peer = SignalPeer & {
  pc: RTCPeerConnection
  /** Perfect negotiation: the polite side yields when both offer at once. */
  polite: boolean
  makingOffer: boolean
  ignoreOffer: boolean
  pendingCandidates: RTCIceCandidateInit[]
  videoTrack: MediaStreamTrack | null
  audioTrack: MediaStreamTrack | null
  videoOff: boolean
  quality: NetworkQuality
  counters: StatsCounters | null
  restartTimer: ReturnType<typeof setTimeout> | undefined
}

function loopbackRoom(options: ConnectOptions, joined: JoinAnswer): ConnectedRoom {
  const { token } = options
  const { participantSid } = joined
  const listeners = roomListeners()
  const peers = new Map<string, Peer>()
  const local = { audio: options.audioTrack, video: options.videoTrack }
  const stopPolling = new AbortController()
  let ended = false
  // A closed connection's getStats() rejects: the last reading after leaving is dropped.
  const statsTimer = setInterval(() => void measure().catch(() => undefined), STATS_EVERY_MS)

  // What is wrong now: 'signal' (the server) or a peer's sid (its media); reconnecting while any.
  const troubles = new Map<string, number>()
  function trouble(what: string, code: number) {
    if (ended || troubles.has(what)) return
    troubles.set(what, code)
    if (troubles.size === 1) listeners.emit('reconnecting', code)
  }
  function recovered(what: string) {
    if (ended || !troubles.delete(what)) return
    if (troubles.size === 0) listeners.emit('reconnected')
  }

  // One at a time, in order: an offer must reach the other side before its candidates.
  let outbox = Promise.resolve()
  function send(to: string, signal: PeerSignal) {
    outbox = outbox
      .then(() => signalCall({ type: 'signal', token, participantSid, to, signal }))
      .then(
        () => undefined,
        () => undefined, // The other side left meanwhile; its connection closes with its "left".
      )
  }

  const view = (peer: Peer): RemoteParticipant => ({
    sid: peer.sid,
    identity: peer.identity,
    videoTrack: peer.videoOff ? null : peer.videoTrack,
    audioTrack: peer.audioTrack,
    videoSwitchedOff: peer.videoOff,
    networkQuality: peer.quality,
  })
  const participants = () => [...peers.values()].map(view)
  const changed = () => {
    if (!ended) listeners.emit('participantsChanged', participants())
  }

  /** The camera as the others see it: off when turned off, absent (audio only) or paused by the browser. */
  const videoOff = () => !local.video || !local.video.enabled || local.video.muted
  const sentTrack = (kind: 'audio' | 'video') => (kind === 'audio' ? local.audio : local.video)
  const transceiverOf = (peer: Peer, kind: 'audio' | 'video') =>
    peer.pc.getTransceivers().find((transceiver) => transceiver.receiver.track.kind === kind)

  async function sendTracks() {
    await Promise.all(
      [...peers.values()].flatMap((peer) =>
        (['audio', 'video'] as const).map((kind) =>
          transceiverOf(peer, kind)?.sender.replaceTrack(sentTrack(kind)),
        ),
      ),
    )
    tellCamera()
  }
  function tellCamera() {
    for (const peer of peers.values()) send(peer.sid, { videoOff: videoOff() })
  }

  // iOS Safari pauses the camera in a background tab: the others are told, and told again on return.
  const onCameraPaused = tellCamera
  function watchCamera(track: MediaStreamTrack | null, watch: boolean) {
    track?.[watch ? 'addEventListener' : 'removeEventListener']('mute', onCameraPaused)
    track?.[watch ? 'addEventListener' : 'removeEventListener']('unmute', onCameraPaused)
  }
  watchCamera(local.video, true)

  function addPeer({ sid, identity }: SignalPeer, offering: boolean): Peer {
    const existing = peers.get(sid)
    if (existing) return existing
    // No STUN or TURN: both browsers are on this computer (host candidates are enough).
    const pc = new RTCPeerConnection({ iceServers: [] })
    const peer: Peer = {
      sid,
      identity,
      pc,
      polite: offering,
      makingOffer: false,
      ignoreOffer: false,
      pendingCandidates: [],
      videoTrack: null,
      audioTrack: null,
      videoOff: false,
      quality: null,
      counters: null,
      restartTimer: undefined,
    }
    peers.set(sid, peer)
    // The newcomer offers one audio and one video line; the other side answers on the same ones,
    // so a camera turned on later, or replaced, needs no new negotiation.
    if (offering)
      for (const kind of ['audio', 'video'] as const)
        pc.addTransceiver(sentTrack(kind) ?? kind, { direction: 'sendrecv' })

    pc.addEventListener('negotiationneeded', async () => {
      try {
        peer.makingOffer = true
        await pc.setLocalDescription()
        send(sid, { description: pc.localDescription!.toJSON() })
      } catch (error) {
        console.warn('video loopback: no offer made', error)
      } finally {
        peer.makingOffer = false
      }
    })
    pc.addEventListener('icecandidate', ({ candidate }) => {
      if (candidate)
        send(sid, {
          candidate: candidate.toJSON() as Extract<PeerSignal, { candidate: unknown }>['candidate'],
        })
    })
    pc.addEventListener('track', ({ track }) => {
      peer[track.kind === 'video' ? 'videoTrack' : 'audioTrack'] = track
      track.addEventListener('ended', () => {
        peer[track.kind === 'video' ? 'videoTrack' : 'audioTrack'] = null
        changed()
      })
      changed()
    })
    pc.addEventListener('iceconnectionstatechange', () => {
      clearTimeout(peer.restartTimer)
      switch (pc.iceConnectionState) {
        case 'disconnected':
          trouble(sid, TWILIO_CODES.mediaReconnecting)
          peer.restartTimer = setTimeout(() => pc.restartIce(), RESTART_ICE_AFTER_MS)
          break
        case 'failed':
          trouble(sid, TWILIO_CODES.mediaReconnecting)
          pc.restartIce()
          break
        case 'connected':
        case 'completed':
          recovered(sid)
          break
      }
    })
    if (videoOff()) send(sid, { videoOff: true })
    return peer
  }

  function removePeer(sid: string) {
    const peer = peers.get(sid)
    if (!peer) return
    clearTimeout(peer.restartTimer)
    peer.pc.close()
    peers.delete(sid)
    recovered(sid)
    changed()
  }

  async function answerOn(peer: Peer) {
    // The offer made the transceivers; ours send on them too before the answer is made.
    for (const kind of ['audio', 'video'] as const) {
      const transceiver = transceiverOf(peer, kind)
      if (!transceiver || transceiver.direction === 'sendrecv') continue
      transceiver.direction = 'sendrecv'
      await transceiver.sender.replaceTrack(sentTrack(kind))
    }
  }

  async function onSignal(peer: Peer, signal: PeerSignal) {
    const { pc } = peer
    if ('videoOff' in signal) {
      peer.videoOff = signal.videoOff
      changed()
    } else if ('description' in signal) {
      const { description } = signal
      const collision = description.type === 'offer' && (peer.makingOffer || pc.signalingState !== 'stable')
      peer.ignoreOffer = !peer.polite && collision
      if (peer.ignoreOffer) return
      await pc.setRemoteDescription(description)
      for (const candidate of peer.pendingCandidates.splice(0)) await pc.addIceCandidate(candidate)
      if (description.type === 'offer') {
        await answerOn(peer)
        await pc.setLocalDescription()
        send(peer.sid, { description: pc.localDescription!.toJSON() })
      }
    } else if (!pc.remoteDescription) {
      peer.pendingCandidates.push(signal.candidate)
    } else {
      try {
        await pc.addIceCandidate(signal.candidate)
      } catch (error) {
        if (!peer.ignoreOffer) throw error
      }
    }
  }

  function end(why: { code: number; message: string } | null) {
    if (ended) return
    ended = true
    window.removeEventListener('pagehide', disconnect)
    stopPolling.abort()
    clearInterval(statsTimer)
    watchCamera(local.video, false)
    for (const peer of peers.values()) {
      clearTimeout(peer.restartTimer)
      peer.pc.close()
    }
    peers.clear()
    listeners.emit('disconnected', why)
    listeners.clear()
  }

  async function onMessage(message: SignalMessage) {
    switch (message.kind) {
      case 'joined':
        addPeer(message.participant, false)
        return changed()
      case 'left':
        return removePeer(message.participantSid)
      case 'disconnected':
        return end({ code: message.code, message: message.message })
      case 'signal': {
        const peer = peers.get(message.from)
        if (peer) await onSignal(peer, message.signal)
      }
    }
  }

  async function poll() {
    let after = 0
    for (let failures = 0; !ended;) {
      try {
        // While reconnecting, ask without waiting: an answer at once says the server is back.
        const waitMs = troubles.has('signal') ? 0 : undefined
        const { messages } = await signalCall<PollAnswer>(
          { type: 'poll', token, participantSid, after, waitMs },
          { signal: stopPolling.signal },
        )
        failures = 0
        recovered('signal')
        for (const message of messages) {
          after = message.seq
          await onMessage(message).catch((error: unknown) =>
            console.warn('video loopback: signal not applied', error),
          )
        }
      } catch (error) {
        if (ended) return
        // Forgotten by the server (it restarted, or this participant was removed): gone for good.
        if (error instanceof SignalError && error.status < 500)
          return end({
            code: TWILIO_CODES.signalingError,
            message: 'Lost the connection to the video session',
          })
        trouble('signal', TWILIO_CODES.signalingReconnecting)
        await sleep(POLL_BACKOFF_MS[Math.min(failures++, POLL_BACKOFF_MS.length - 1)]!)
      }
    }
  }

  async function measure() {
    let levelsChanged = false
    for (const peer of peers.values()) {
      const counters = countersOf((await peer.pc.getStats()).values())
      const state = peer.pc.iceConnectionState
      const lost = state === 'disconnected' || state === 'failed'
      const quality = lost ? 0 : networkQualityLevel(sampleBetween(peer.counters, counters))
      peer.counters = counters
      levelsChanged ||= quality !== peer.quality
      peer.quality = quality
    }
    if (ended || !levelsChanged) return
    const levels = [...peers.values()].map((peer) => peer.quality).filter((level) => level !== null)
    listeners.emit('localNetworkQuality', levels.length ? (Math.min(...levels) as NetworkQuality) : null)
    changed()
  }

  for (const peer of joined.peers) addPeer(peer, true)
  void poll()

  function disconnect() {
    if (ended) return
    // keepalive: a page closing still tells the others and the room.
    void signalCall({ type: 'leave', token, participantSid }, { keepalive: true }).catch(() => undefined)
    end(null)
  }
  // As twilio-video does: closing or leaving the page leaves the room.
  window.addEventListener('pagehide', disconnect)

  return {
    roomName: joined.roomName,
    localIdentity: joined.identity,
    participants,
    on: listeners.on,
    // As twilio-video's LocalMediaTrack.enable(): the track itself is turned off (silence, black
    // frames), so the page's own preview and level meter show it as they will in production.
    setAudioEnabled(enabled) {
      local.audio.enabled = enabled
    },
    setVideoEnabled(enabled) {
      if (local.video) local.video.enabled = enabled
      tellCamera()
    },
    async replaceVideoTrack(track) {
      watchCamera(local.video, false)
      local.video = track
      watchCamera(track, true)
      await sendTracks()
    },
    async replaceAudioTrack(track) {
      local.audio = track
      await sendTracks()
    },
    disconnect,
  }
}

const PREFLIGHT_TIMEOUT_MS = 10_000
const PREFLIGHT_PINGS = 5

/** Two peer connections in this page, echoing over a data channel: can WebRTC connect here, how fast. */
async function loopbackPreflight(signal?: AbortSignal): Promise<PreflightResult> {
  const sender = new RTCPeerConnection({ iceServers: [] })
  const echo = new RTCPeerConnection({ iceServers: [] })
  let timer: ReturnType<typeof setTimeout> | undefined
  const closed = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), PREFLIGHT_TIMEOUT_MS)
    signal?.addEventListener('abort', () => reject(new Error('stopped')), { once: true })
  })
  closed.catch(() => undefined)
  try {
    sender.addEventListener(
      'icecandidate',
      ({ candidate }) => candidate && void echo.addIceCandidate(candidate),
    )
    echo.addEventListener(
      'icecandidate',
      ({ candidate }) => candidate && void sender.addIceCandidate(candidate),
    )
    echo.addEventListener('datachannel', ({ channel }) =>
      channel.addEventListener('message', ({ data }) => channel.send(data as string)),
    )
    const channel = sender.createDataChannel('preflight')
    const opened = new Promise((resolve) => channel.addEventListener('open', resolve, { once: true }))
    await sender.setLocalDescription()
    await echo.setRemoteDescription(sender.localDescription!)
    await echo.setLocalDescription()
    await sender.setRemoteDescription(echo.localDescription!)
    await Promise.race([opened, closed])

    const roundTrips: number[] = []
    for (let ping = 0; ping < PREFLIGHT_PINGS; ping++) {
      const back = new Promise((resolve) => channel.addEventListener('message', resolve, { once: true }))
      const sentAt = performance.now()
      channel.send(String(ping))
      await Promise.race([back, closed])
      roundTrips.push(performance.now() - sentAt)
    }
    const median = roundTrips.sort((a, b) => a - b)[Math.floor(roundTrips.length / 2)]!
    return preflightVerdict({ roundTripMs: median, lossPercent: 0, jitterMs: null })
  } catch (error) {
    const why = error instanceof Error && error.message === 'stopped' ? 'was stopped' : 'could not connect'
    return { ok: false, message: `The network test ${why}.` }
  } finally {
    clearTimeout(timer)
    sender.close()
    echo.close()
  }
}

export const loopbackVideoPort: VideoPort = {
  kind: 'loopback',
  async connect(options) {
    const joined = await signalCall<JoinAnswer>({
      type: 'join',
      token: options.token,
      roomName: options.roomName,
    })
    return loopbackRoom(options, joined)
  },
  // The token is not needed: nothing leaves this computer.
  preflight: (_token, signal) => loopbackPreflight(signal),
}
