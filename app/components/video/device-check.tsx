import { useEffect, useId, useRef, useState } from 'react'
import { SelectField } from '../forms.tsx'
import { type DeviceOption } from './devices.ts'
import {
  type DeviceLists,
  type LocalMedia,
  playTestTone,
  useMicLevel,
  useTrackElement,
} from './media-hooks.ts'
import { permissionHelp, type BrowserEnv } from './permission-help.ts'
import { type VideoPort } from './port.ts'
import { preflightWords } from './quality-words.ts'
import { type SessionToken } from './session-state.ts'
import { secondaryButton } from './styles.ts'
import { useSessionPost } from './use-session-post.ts'

/** This person's side: their camera and microphone, the devices on offer, their browser, the tab's visibility. */
export type LocalSide = {
  media: LocalMedia
  devices: DeviceLists
  speakerId: string | null
  env: BrowserEnv
  visible: boolean
}

/** Own camera, mirrored like a mirror (except the back camera of a phone). */
export function LocalPreview({
  track,
  visible,
  testId,
  className,
}: {
  track: MediaStreamTrack | null
  visible: boolean
  testId?: string
  className: string
}) {
  const ref = useTrackElement<HTMLVideoElement>(track, { visible })
  const mirrored = track?.getSettings().facingMode !== 'environment'
  return (
    <video
      ref={ref}
      data-testid={testId}
      aria-label="Your camera"
      autoPlay
      muted
      playsInline
      className={`${className} ${mirrored ? '-scale-x-100' : ''} bg-stone-900 object-cover`}
    />
  )
}

function MicMeter({ track }: { track: MediaStreamTrack | null }) {
  const level = useMicLevel(track)
  const words = !track ? 'No microphone' : level < 5 ? 'Quiet' : level < 40 ? 'Hearing you' : 'Loud and clear'
  return (
    <div>
      <p className="text-sm font-medium text-stone-800">Microphone level</p>
      <div
        role="meter"
        aria-label="Microphone level"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={level}
        aria-valuetext={`${level} percent: ${words}`}
        className="mt-1 h-3 w-full overflow-hidden rounded-full bg-stone-200"
      >
        <div
          className="h-full bg-emerald-600 transition-[width] duration-100"
          style={{ width: `${level}%` }}
        />
      </div>
      <p className="mt-1 text-xs text-stone-600">Say something: the bar moves when we hear you.</p>
    </div>
  )
}

function SpeakerTest({ speakerId }: { speakerId: string | null }) {
  const [state, setState] = useState<'idle' | 'playing' | 'played' | 'failed'>('idle')
  const play = () => {
    setState('playing')
    playTestTone(speakerId).then(
      () => setState('played'),
      () => setState('failed'),
    )
  }
  return (
    <div>
      <button type="button" onClick={play} disabled={state === 'playing'} className={secondaryButton}>
        {state === 'playing' ? 'Playing…' : 'Play test sound'}
      </button>
      <p className="mt-1 text-xs text-stone-600" aria-live="polite">
        {state === 'played'
          ? 'Did you hear a tone? If not, turn the volume up or choose another speaker.'
          : state === 'failed'
            ? "The test sound couldn't play on this speaker. Choose another one."
            : null}
      </p>
    </div>
  )
}

/**
 * The network test: a token just for the test (intent `preflight`), fetched when the check opens
 * so the click itself starts the test (some browsers want a click right before it).
 */
function NetworkTest({ port }: { port: VideoPort | null }) {
  const token = useRef<SessionToken | null>(null)
  const runWhenToken = useRef(false)
  const [result, setResult] = useState<string | null>(null)
  const [running, setRunning] = useState(false)

  const run = (jwt: string) => {
    if (!port) return setResult("The network test isn't available right now.")
    setRunning(true)
    setResult(null)
    port
      .preflight(jwt)
      .then(
        (found) => setResult(preflightWords(found)),
        () => setResult("The network test didn't work. You can still join."),
      )
      .finally(() => setRunning(false))
  }

  const { post } = useSessionPost((_intent, data) => {
    if (data.ok && data.token) {
      token.current = data.token
      if (runWhenToken.current) run(data.token.token)
    } else if (runWhenToken.current) {
      setResult(data.ok ? "The network test isn't available right now." : data.message)
    }
    runWhenToken.current = false
  })
  useEffect(() => {
    post('preflight')
  }, [post])

  const start = () => {
    const held = token.current
    if (held && Date.parse(held.expiresAt) - Date.now() > 30_000) return run(held.token)
    runWhenToken.current = true
    post('preflight')
  }
  return (
    <div>
      <button type="button" onClick={start} disabled={running} className={secondaryButton}>
        {running ? 'Testing your connection…' : 'Test my connection'}
      </button>
      <p className="mt-1 text-sm text-stone-700" aria-live="polite">
        {result}
      </p>
    </div>
  )
}

function MediaHelp({
  media,
  env,
  practicePhone,
}: {
  media: LocalMedia
  env: BrowserEnv
  practicePhone: string
}) {
  const headingId = useId()
  if (!media.problem) return null
  const help = permissionHelp(media.problem, env)
  const audioOnlyPossible = media.audioTrack !== null && !media.audioOnly
  return (
    <section
      aria-labelledby={headingId}
      className="rounded-xl border-2 border-amber-300 bg-amber-50 p-5 text-amber-950"
    >
      <h3 id={headingId} className="font-semibold">
        {help.heading}
      </h3>
      <p className="mt-1 text-sm">{help.intro}</p>
      <ol className="mt-2 list-decimal space-y-1 pl-5 text-sm">
        {help.steps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      <div className="mt-3 flex flex-wrap gap-2">
        <button type="button" onClick={media.retry} className={secondaryButton}>
          Try again
        </button>
        {audioOnlyPossible ? (
          <button type="button" onClick={() => media.setAudioOnly(true)} className={secondaryButton}>
            Continue with audio only
          </button>
        ) : null}
      </div>
      <p className="mt-3 text-sm">
        Still stuck? Call the practice on{' '}
        <a href={`tel:${practicePhone.replace(/[^\d+]/g, '')}`} className="font-semibold underline">
          {practicePhone}
        </a>
        .
      </p>
    </section>
  )
}

/** Choose a camera, microphone or speaker; hidden when the browser lists none (Safari's speakers). */
function DeviceSelect({
  label,
  options,
  value,
  onChange,
}: {
  label: 'Camera' | 'Microphone' | 'Speaker'
  options: DeviceOption[]
  value: string | null
  onChange: (deviceId: string) => void
}) {
  if (options.length === 0) return null
  return (
    <SelectField
      label={label}
      selectProps={{ value: value ?? '', onChange: (event) => onChange(event.target.value) }}
    >
      {value ? null : <option value="">Default {label.toLowerCase()}</option>}
      {options.map((device) => (
        <option key={device.id} value={device.id}>
          {device.label}
        </option>
      ))}
    </SelectField>
  )
}

/**
 * The check before joining: own camera, the microphone's level, a test sound, the devices to use,
 * help when the browser blocks them, and the network test.
 */
export function DeviceCheck({
  local,
  onSpeaker,
  port,
  practicePhone,
}: {
  local: LocalSide
  onSpeaker: (speakerId: string) => void
  port: VideoPort | null
  practicePhone: string
}) {
  const { media, devices, speakerId, env, visible } = local
  return (
    <section aria-labelledby="device-check-title" className="space-y-4">
      <h2 id="device-check-title" className="text-lg font-semibold text-stone-900">
        Check your camera and sound
      </h2>
      <div className="grid gap-4 md:grid-cols-2">
        <div className="relative">
          {media.videoTrack ? (
            <LocalPreview
              track={media.videoTrack}
              visible={visible}
              className="aspect-video w-full rounded-xl"
            />
          ) : (
            <div className="flex aspect-video w-full items-center justify-center rounded-xl bg-stone-800 p-4 text-center text-sm text-stone-100">
              {media.status === 'asking'
                ? 'Asking for your camera and microphone…'
                : media.audioOnly
                  ? "Audio only: they'll hear you but not see you."
                  : 'No camera picture.'}
            </div>
          )}
        </div>
        <div className="space-y-4">
          <MicMeter track={media.audioTrack} />
          <SpeakerTest speakerId={speakerId} />
          <NetworkTest port={port} />
        </div>
      </div>
      <MediaHelp media={media} env={env} practicePhone={practicePhone} />
      <div className="grid gap-4 sm:grid-cols-3">
        {media.audioOnly ? null : (
          <DeviceSelect
            label="Camera"
            options={devices.cameras}
            value={media.videoTrack?.getSettings().deviceId ?? null}
            onChange={media.chooseCamera}
          />
        )}
        <DeviceSelect
          label="Microphone"
          options={devices.microphones}
          value={media.audioTrack?.getSettings().deviceId ?? null}
          onChange={media.chooseMicrophone}
        />
        <DeviceSelect label="Speaker" options={devices.speakers} value={speakerId} onChange={onSpeaker} />
      </div>
      {media.audioOnly ? (
        <p className="text-sm text-stone-700">
          You&apos;ll join with audio only.{' '}
          <button type="button" onClick={() => media.setAudioOnly(false)} className={secondaryButton}>
            Use my camera
          </button>
        </p>
      ) : null}
    </section>
  )
}
