import { useEffect, useRef, useState, type ReactNode } from 'react'
import { LocalPreview, type LocalSide } from './device-check.tsx'
import { useTrackElement } from './media-hooks.ts'
import { type ConnectedRoom, type NetworkQuality, type RemoteParticipant } from './port.ts'
import { networkQualityDisplay } from './quality-words.ts'
import { type RemotePresence } from './session-state.ts'
import { secondaryButton } from './styles.ts'

/** Bars out of five, with the same in words beside them. */
function QualityIndicator({ level, label }: { level: Exclude<NetworkQuality, null>; label: string }) {
  const { bars, words } = networkQualityDisplay(level)
  return (
    <p className="flex items-center gap-2 text-sm text-stone-700">
      <span aria-hidden="true" className="flex h-4 items-end gap-0.5">
        {[1, 2, 3, 4, 5].map((bar) => (
          <span
            key={bar}
            className={`w-1 rounded-sm ${bar <= bars ? (bars <= 2 ? 'bg-amber-600' : 'bg-emerald-600') : 'bg-stone-300'}`}
            style={{ height: `${bar * 20}%` }}
          />
        ))}
      </span>
      <span>
        {label}: {words}
      </span>
    </p>
  )
}

/** The other person's sound, through the chosen speaker; an element of its own, not on the page. */
function useRemoteAudio(track: MediaStreamTrack | null, speakerId: string | null, visible: boolean) {
  const audio = useRef<HTMLAudioElement | null>(null)
  useEffect(() => {
    if (!track) return
    const element = new Audio()
    element.autoplay = true
    element.srcObject = new MediaStream([track])
    audio.current = element
    element.play().catch(() => undefined)
    return () => {
      element.pause()
      element.srcObject = null
      audio.current = null
    }
  }, [track])
  useEffect(() => {
    const element = audio.current
    if (element && speakerId && 'setSinkId' in element) element.setSinkId(speakerId).catch(() => undefined)
  }, [speakerId, track])
  // Back from the background: play again (iOS Safari pauses it).
  useEffect(() => {
    if (visible) audio.current?.play().catch(() => undefined)
  }, [visible])
}

function RemoteStage({
  participant,
  otherPartyName,
  presence,
  visible,
  speakerId,
  children,
}: {
  participant: RemoteParticipant | null
  otherPartyName: string
  presence: RemotePresence
  visible: boolean
  speakerId: string | null
  children: ReactNode
}) {
  const videoTrack = participant?.videoSwitchedOff ? null : (participant?.videoTrack ?? null)
  const video = useTrackElement<HTMLVideoElement>(videoTrack, { visible })
  useRemoteAudio(participant?.audioTrack ?? null, speakerId, visible)
  const caption = !participant
    ? presence === 'gone'
      ? `${otherPartyName} has left the call.`
      : `Waiting for ${otherPartyName} to join…`
    : participant.videoSwitchedOff
      ? `${otherPartyName}'s video is paused (camera off, or their app is in the background).`
      : !participant.videoTrack
        ? `${otherPartyName}'s camera is off. You can still hear each other.`
        : null
  return (
    <div className="relative aspect-[3/4] w-full overflow-hidden rounded-xl bg-stone-900 sm:aspect-video">
      {/* Its sound plays through the separate audio element above. */}
      <video
        ref={video}
        data-testid="remote-video"
        aria-label={`${otherPartyName}'s video`}
        autoPlay
        muted
        playsInline
        className="h-full w-full object-contain"
      />
      {caption ? (
        <p className="absolute inset-0 flex items-center justify-center p-6 text-center text-base text-stone-100">
          {caption}
        </p>
      ) : null}
      {children}
    </div>
  )
}

/** The call: the other person large, oneself small, and the controls under them. */
export function Call({
  room,
  participants,
  presence,
  localQuality,
  reconnecting,
  local,
  otherPartyName,
  ending,
}: {
  room: ConnectedRoom
  participants: RemoteParticipant[]
  presence: RemotePresence
  localQuality: NetworkQuality
  reconnecting: boolean
  local: LocalSide
  otherPartyName: string
  /** Leave (patient) or End session (psychologist). */
  ending: ReactNode
}) {
  const { media, devices, speakerId, env, visible } = local
  const [muted, setMuted] = useState(false)
  const [cameraOff, setCameraOff] = useState(false)
  const other = participants[0] ?? null

  // What the room sends follows the device choices (switch camera, audio only, another microphone).
  const sent = useRef({ audio: media.audioTrack, video: media.videoTrack })
  useEffect(() => {
    if (media.videoTrack !== sent.current.video) {
      sent.current.video = media.videoTrack
      void room.replaceVideoTrack(media.videoTrack)
    }
    if (media.audioTrack && media.audioTrack !== sent.current.audio) {
      sent.current.audio = media.audioTrack
      void room.replaceAudioTrack(media.audioTrack)
    }
  }, [room, media.audioTrack, media.videoTrack])

  useEffect(() => {
    room.setAudioEnabled(!muted)
  }, [room, muted, media.audioTrack])
  // iOS Safari pauses the camera in a background tab: say so to the other side (their page shows
  // the video paused) and send it again on return.
  const backgrounded = !visible && env.device === 'ios'
  useEffect(() => {
    room.setVideoEnabled(!cameraOff && !backgrounded)
  }, [room, cameraOff, backgrounded, media.videoTrack])

  const phone = env.device === 'ios' || env.device === 'android'
  const switchCamera = () => {
    if (phone) return media.switchFacing()
    const currentId = media.videoTrack?.getSettings().deviceId
    const index = devices.cameras.findIndex((camera) => camera.id === currentId)
    const next = devices.cameras[(index + 1) % devices.cameras.length]
    if (next) media.chooseCamera(next.id)
  }
  const hasVideo = media.videoTrack !== null

  return (
    <section aria-label="Video call" className="space-y-3">
      {reconnecting ? (
        <p className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm font-medium text-amber-900">
          Reconnecting… Stay on this page; the call comes back by itself.
        </p>
      ) : null}
      <RemoteStage
        participant={other}
        otherPartyName={otherPartyName}
        presence={presence}
        visible={visible}
        speakerId={speakerId}
      >
        <div className="absolute right-2 bottom-2 w-24 overflow-hidden rounded-lg border-2 border-white/70 shadow sm:w-44">
          {hasVideo && !cameraOff ? (
            <LocalPreview
              track={media.videoTrack}
              visible={visible}
              testId="local-video"
              className="aspect-[3/4] w-full sm:aspect-video"
            />
          ) : (
            <p className="flex aspect-[3/4] w-full items-center justify-center bg-stone-700 p-2 text-center text-xs text-stone-100 sm:aspect-video">
              {hasVideo ? 'Your camera is off' : 'Audio only'}
            </p>
          )}
        </div>
      </RemoteStage>
      <div className="flex flex-col gap-1 sm:flex-row sm:justify-between">
        {/* Shown once the port has measured it (Twilio does within seconds of joining). */}
        {localQuality === null ? null : <QualityIndicator level={localQuality} label="Your connection" />}
        {other && other.networkQuality !== null && other.networkQuality <= 2 ? (
          <QualityIndicator level={other.networkQuality} label={`${otherPartyName}'s connection`} />
        ) : null}
      </div>
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          aria-pressed={muted}
          onClick={() => setMuted(!muted)}
          className={secondaryButton}
        >
          {muted ? 'Unmute' : 'Mute'}
        </button>
        {hasVideo ? (
          <button
            type="button"
            aria-pressed={cameraOff}
            onClick={() => setCameraOff(!cameraOff)}
            className={secondaryButton}
          >
            {cameraOff ? 'Turn camera on' : 'Turn camera off'}
          </button>
        ) : null}
        {hasVideo && devices.cameras.length > 1 ? (
          <button type="button" onClick={switchCamera} className={secondaryButton}>
            Switch camera
          </button>
        ) : null}
        <button
          type="button"
          aria-pressed={media.audioOnly}
          onClick={() => media.setAudioOnly(!media.audioOnly)}
          className={secondaryButton}
        >
          Audio only
        </button>
        {ending}
      </div>
    </section>
  )
}
