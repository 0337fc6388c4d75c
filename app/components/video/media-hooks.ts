// The browser's camera, microphone and speakers for the session page. Everything here runs after
// hydration only (effects and event handlers): the server never touches media.

import { useCallback, useEffect, useRef, useState, type RefObject } from 'react'
import { deviceOptions, levelFromSamples, mediaProblem, type DeviceOption } from './devices.ts'
import { type MediaProblem } from './permission-help.ts'

export type Facing = 'user' | 'environment'

export type LocalMedia = {
  status: 'asking' | 'ready'
  audioTrack: MediaStreamTrack | null
  /** Null for audio only, or while the camera is missing or blocked. */
  videoTrack: MediaStreamTrack | null
  problem: MediaProblem | null
  audioOnly: boolean
  facing: Facing
  retry(): void
  chooseCamera(deviceId: string): void
  chooseMicrophone(deviceId: string): void
  /** Front ↔ back camera, on phones. */
  switchFacing(): void
  setAudioOnly(audioOnly: boolean): void
}

const errorName = (error: unknown) => (error instanceof Error ? error.name : 'Error')

async function getTrack(kind: 'audio' | 'video', constraints: MediaTrackConstraints | true) {
  const stream = await navigator.mediaDevices.getUserMedia({ [kind]: constraints })
  const [track] = kind === 'audio' ? stream.getAudioTracks() : stream.getVideoTracks()
  if (!track) throw new DOMException('No track', 'NotFoundError')
  return track
}

const cameraConstraints = (deviceId: string | null, facing: Facing): MediaTrackConstraints =>
  deviceId
    ? { deviceId: { exact: deviceId }, width: { ideal: 1280 }, height: { ideal: 720 } }
    : { facingMode: facing, width: { ideal: 1280 }, height: { ideal: 720 } }

const microphoneConstraints = (deviceId: string | null): MediaTrackConstraints | true =>
  deviceId ? { deviceId: { exact: deviceId } } : true

/**
 * The camera and microphone the person chose, asked for once together (one permission prompt),
 * then changed one at a time. A blocked or missing camera leaves the microphone working: audio only.
 * Tracks that end (a camera unplugged, iOS in the background) are asked for again on return.
 */
export function useLocalMedia(): LocalMedia {
  const [status, setStatus] = useState<'asking' | 'ready'>('asking')
  const [audioTrack, setAudioTrack] = useState<MediaStreamTrack | null>(null)
  const [videoTrack, setVideoTrack] = useState<MediaStreamTrack | null>(null)
  const [problem, setProblem] = useState<MediaProblem | null>(null)
  const [audioOnly, setAudioOnlyState] = useState(false)
  const [facing, setFacing] = useState<Facing>('user')
  const [attempt, setAttempt] = useState(0)
  const current = useRef({ audio: null as MediaStreamTrack | null, video: null as MediaStreamTrack | null })
  // The choices as the next request reads them (state above is what the page shows).
  const choice = useRef({
    cameraId: null as string | null,
    microphoneId: null as string | null,
    audioOnly: false,
    facing: 'user' as Facing,
  })

  const replace = useCallback((kind: 'audio' | 'video', track: MediaStreamTrack | null) => {
    const old = current.current[kind]
    if (old && old !== track) old.stop()
    current.current[kind] = track
    if (kind === 'audio') setAudioTrack(track)
    else setVideoTrack(track)
  }, [])

  // Everything at once: on arrival and on Try again.
  useEffect(() => {
    let cancelled = false
    setStatus('asking')
    const acquire = async () => {
      if (!navigator.mediaDevices?.getUserMedia) return setProblem('unsupported')
      const audio = microphoneConstraints(choice.current.microphoneId)
      try {
        const stream = await navigator.mediaDevices.getUserMedia({
          audio,
          video: choice.current.audioOnly
            ? false
            : cameraConstraints(choice.current.cameraId, choice.current.facing),
        })
        if (cancelled) return stream.getTracks().forEach((track) => track.stop())
        replace('audio', stream.getAudioTracks()[0] ?? null)
        replace('video', stream.getVideoTracks()[0] ?? null)
        setProblem(null)
      } catch (error) {
        if (cancelled) return
        if (choice.current.audioOnly) return setProblem(mediaProblem(errorName(error), 'microphone'))
        try {
          const track = await getTrack('audio', audio)
          if (cancelled) return track.stop()
          replace('audio', track)
          replace('video', null)
          setProblem(mediaProblem(errorName(error), 'camera'))
        } catch (audioError) {
          if (!cancelled) setProblem(mediaProblem(errorName(audioError), 'microphone'))
        }
      }
    }
    void acquire().finally(() => {
      if (!cancelled) setStatus('ready')
    })
    return () => {
      cancelled = true
    }
    // Only arrival and Try again ask for both; the choices below change one device at a time.
  }, [attempt, replace])

  useEffect(
    () => () => {
      current.current.audio?.stop()
      current.current.video?.stop()
    },
    [],
  )

  const askCamera = useCallback(
    async (deviceId: string | null, wantFacing: Facing) => {
      // Phones cannot open two cameras at once: let go of the old one first.
      replace('video', null)
      try {
        replace('video', await getTrack('video', cameraConstraints(deviceId, wantFacing)))
        setProblem((was) => (was === 'camera-denied' || was === 'no-camera' || was === 'in-use' ? null : was))
      } catch (error) {
        setProblem(mediaProblem(errorName(error), 'camera'))
      }
    },
    [replace],
  )

  const askMicrophone = useCallback(
    async (deviceId: string | null) => {
      try {
        const track = await getTrack('audio', microphoneConstraints(deviceId))
        replace('audio', track)
      } catch (error) {
        setProblem(mediaProblem(errorName(error), 'microphone'))
      }
    },
    [replace],
  )

  // A track that ended (unplugged, or iOS stopped it in the background) is asked for again once visible.
  useEffect(() => {
    const reacquire = () => {
      if (document.visibilityState !== 'visible') return
      const { audio, video } = current.current
      if (audio?.readyState === 'ended') void askMicrophone(choice.current.microphoneId)
      if (video?.readyState === 'ended') void askCamera(choice.current.cameraId, choice.current.facing)
    }
    audioTrack?.addEventListener('ended', reacquire)
    videoTrack?.addEventListener('ended', reacquire)
    document.addEventListener('visibilitychange', reacquire)
    return () => {
      audioTrack?.removeEventListener('ended', reacquire)
      videoTrack?.removeEventListener('ended', reacquire)
      document.removeEventListener('visibilitychange', reacquire)
    }
  }, [audioTrack, videoTrack, askCamera, askMicrophone])

  return {
    status,
    audioTrack,
    videoTrack,
    problem,
    audioOnly,
    facing,
    retry: () => setAttempt((n) => n + 1),
    chooseCamera: (deviceId) => {
      choice.current.cameraId = deviceId
      if (!choice.current.audioOnly) void askCamera(deviceId, choice.current.facing)
    },
    chooseMicrophone: (deviceId) => {
      choice.current.microphoneId = deviceId
      void askMicrophone(deviceId)
    },
    switchFacing: () => {
      const next = choice.current.facing === 'user' ? 'environment' : 'user'
      choice.current.cameraId = null
      choice.current.facing = next
      setFacing(next)
      if (!choice.current.audioOnly) void askCamera(null, next)
    },
    setAudioOnly: (next) => {
      choice.current.audioOnly = next
      setAudioOnlyState(next)
      if (next) {
        replace('video', null)
        setProblem((was) => (was === 'camera-denied' || was === 'no-camera' ? null : was))
      } else {
        void askCamera(choice.current.cameraId, facing)
      }
    },
  }
}

export type DeviceLists = { cameras: DeviceOption[]; microphones: DeviceOption[]; speakers: DeviceOption[] }

/** The devices to choose from, listed again when permission arrives (labels appear) or a device is plugged in. */
export function useDeviceLists(
  audioTrack: MediaStreamTrack | null,
  videoTrack: MediaStreamTrack | null,
): DeviceLists {
  const [lists, setLists] = useState<DeviceLists>({ cameras: [], microphones: [], speakers: [] })
  useEffect(() => {
    const media = navigator.mediaDevices
    if (!media?.enumerateDevices) return
    let cancelled = false
    const list = () =>
      void media.enumerateDevices().then((devices) => {
        if (cancelled) return
        setLists({
          cameras: deviceOptions(devices, 'videoinput'),
          microphones: deviceOptions(devices, 'audioinput'),
          speakers: supportsSpeakerChoice() ? deviceOptions(devices, 'audiooutput') : [],
        })
      })
    list()
    media.addEventListener('devicechange', list)
    return () => {
      cancelled = true
      media.removeEventListener('devicechange', list)
    }
  }, [audioTrack, videoTrack])
  return lists
}

/** Chrome, Edge and Firefox can choose where sound plays; Safari plays it on the system's speaker. */
export function supportsSpeakerChoice() {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype
}

async function routeTo(element: HTMLMediaElement, speakerId: string | null) {
  if (speakerId && supportsSpeakerChoice()) await element.setSinkId(speakerId)
}

/** The microphone's loudness, 0–100, about ten times a second. */
export function useMicLevel(track: MediaStreamTrack | null): number {
  const [level, setLevel] = useState(0)
  useEffect(() => {
    if (!track || typeof AudioContext === 'undefined') return
    const context = new AudioContext()
    const analyser = context.createAnalyser()
    analyser.fftSize = 512
    context.createMediaStreamSource(new MediaStream([track])).connect(analyser)
    const samples = new Float32Array(analyser.fftSize)
    // Browsers start an AudioContext suspended until the page has been touched.
    const resume = () => void context.resume()
    resume()
    document.addEventListener('pointerdown', resume)
    const timer = window.setInterval(() => {
      analyser.getFloatTimeDomainData(samples)
      setLevel(levelFromSamples(samples))
    }, 100)
    return () => {
      window.clearInterval(timer)
      document.removeEventListener('pointerdown', resume)
      setLevel(0)
      void context.close()
    }
  }, [track])
  return level
}

/** A one-second tone on the chosen speaker, so the person hears that sound works. */
export async function playTestTone(speakerId: string | null) {
  const context = new AudioContext()
  const oscillator = context.createOscillator()
  const gain = context.createGain()
  const output = context.createMediaStreamDestination()
  oscillator.frequency.value = 523.25
  gain.gain.setValueAtTime(0, context.currentTime)
  gain.gain.linearRampToValueAtTime(0.2, context.currentTime + 0.05)
  gain.gain.linearRampToValueAtTime(0, context.currentTime + 1)
  oscillator.connect(gain).connect(output)
  const audio = new Audio()
  audio.srcObject = output.stream
  try {
    await routeTo(audio, speakerId)
    await context.resume()
    await audio.play()
    oscillator.start()
    oscillator.stop(context.currentTime + 1)
    await new Promise((resolve) => window.setTimeout(resolve, 1100))
  } finally {
    audio.pause()
    audio.srcObject = null
    void context.close()
  }
}

/** True while the tab is in front; false while hidden (another tab, the phone's home screen). */
export function usePageVisible(): boolean {
  const [visible, setVisible] = useState(true)
  useEffect(() => {
    const update = () => setVisible(document.visibilityState === 'visible')
    update()
    document.addEventListener('visibilitychange', update)
    return () => document.removeEventListener('visibilitychange', update)
  }, [])
  return visible
}

/**
 * Plays one track in a <video> or <audio>: attached again whenever the track changes or the tab
 * comes back to the front (iOS Safari stops playing while hidden), and routed to the chosen speaker.
 */
export function useTrackElement<E extends HTMLMediaElement>(
  track: MediaStreamTrack | null,
  options: { visible: boolean; speakerId?: string | null },
): RefObject<E> {
  const ref = useRef<E>(null)
  const { visible, speakerId = null } = options
  useEffect(() => {
    const element = ref.current
    if (!element) return
    element.srcObject = track ? new MediaStream([track]) : null
    if (track && visible) {
      // Autoplay may be refused until the page is touched; the next attach (or a click) plays it.
      element.play().catch(() => undefined)
    }
  }, [track, visible])
  useEffect(() => {
    const element = ref.current
    if (element) routeTo(element, speakerId).catch(() => undefined)
  }, [speakerId])
  return ref
}
