import { Link, useNavigate, useRevalidator } from '@remix-run/react'
import { useEffect, useReducer, useRef, useState, type ReactNode } from 'react'
import { type SessionActionData, type SessionView } from '~/domain/telehealth/session-view.ts'
import { FormAlert, linkClass } from '../forms.tsx'
import { useHydrated } from '../use-hydrated.ts'
import { Call } from './call.tsx'
import { DeviceCheck, LocalPreview } from './device-check.tsx'
import { loadVideoPort } from './load-port.ts'
import { useDeviceLists, useLocalMedia, usePageVisible } from './media-hooks.ts'
import { detectBrowser, type BrowserEnv } from './permission-help.ts'
import { type ConnectedRoom, type NetworkQuality, type RemoteParticipant, type VideoPort } from './port.ts'
import {
  announcement,
  initialSessionState,
  psychologistStatusWords,
  sessionReducer,
  type RemotePresence,
  type SessionEvent,
  type SessionIntent,
  type SessionState,
} from './session-state.ts'
import { dangerButton, primaryButton, secondaryButton } from './styles.ts'
import { useSessionPost } from './use-session-post.ts'

const telLink = (phone: string) => `tel:${phone.replace(/[^\d+]/g, '')}`

function PhoneLink({ phone }: { phone: string }) {
  return (
    <a href={telLink(phone)} className={linkClass}>
      {phone}
    </a>
  )
}

/** Back to where this person came from: the patient's appointments, the psychologist's appointment. */
function BackLink({ view }: { view: SessionView }) {
  const [to, text] =
    view.role === 'patient'
      ? ['/patient/appointments', 'Back to your appointments']
      : [`/clinician/appointments/${view.appointmentId}`, 'Back to the appointment']
  return (
    <p>
      <Link to={to} className={linkClass}>
        {text}
      </Link>
    </p>
  )
}

function SessionCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="rounded-xl border border-stone-200 bg-white p-5 shadow-sm sm:p-6">
      <h2 className="text-lg font-semibold text-stone-900">{title}</h2>
      <div className="mt-2 space-y-3 text-stone-700">{children}</div>
    </section>
  )
}

/** What the server-rendered page says to someone whose browser has JavaScript turned off. */
function NeedsJavaScript({ practicePhone }: { practicePhone: string }) {
  return (
    <noscript>
      <section className="rounded-xl border-2 border-amber-300 bg-amber-50 p-5 text-amber-950">
        <h2 className="text-lg font-semibold">Video sessions need JavaScript</h2>
        <p className="mt-2">
          JavaScript is turned off in this browser, and the video call can&apos;t work without it. Turn it on,
          then reload this page:
        </p>
        <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
          <li>Chrome or Edge: Settings → Privacy and security → Site settings → JavaScript → allow.</li>
          <li>Safari on a Mac: Safari → Settings → Security → tick “Enable JavaScript”.</li>
          <li>Safari on an iPhone: the Settings app → Apps → Safari → Advanced → turn on JavaScript.</li>
          <li>Firefox: type about:config in the address bar and set javascript.enabled to true.</li>
        </ul>
        <p className="mt-3">
          If you can&apos;t, call the practice on <PhoneLink phone={practicePhone} /> and we&apos;ll help you
          join or find another way to meet.
        </p>
      </section>
    </noscript>
  )
}

const REFUSAL_TITLES = {
  early: "It's not time to join yet",
  closed: 'Joining this session has closed',
  cancelled: 'This appointment was cancelled',
  'not-telehealth': "This appointment isn't a video session",
  'not-confirmed': "This appointment isn't confirmed yet",
  ended: 'This session has ended',
} as const

/**
 * Why this person can't join now, and when they can. While it is early the page asks again at
 * the opening time by itself (the loader's view comes back open).
 */
function RefusalCard({ view }: { view: SessionView }) {
  const revalidator = useRevalidator()
  const revalidate = useRef(revalidator.revalidate)
  useEffect(() => {
    revalidate.current = revalidator.revalidate
  })
  useEffect(() => {
    if (view.refusal?.reason !== 'early') return
    const untilOpen = Date.parse(view.window.opensAt) - Date.now() + 1_000
    // A clock a little ahead of the server's asks again every poll until the server agrees.
    const delay = Math.min(Math.max(untilOpen, view.pollSeconds * 1_000), 6 * 60 * 60 * 1_000)
    const timer = window.setTimeout(() => revalidate.current(), delay)
    return () => window.clearTimeout(timer)
  }, [view])
  if (!view.refusal) return null
  const opensMinutes = Math.round((Date.parse(view.startsAt) - Date.parse(view.window.opensAt)) / 60_000)
  return (
    <SessionCard title={REFUSAL_TITLES[view.refusal.reason]}>
      <p>{view.refusal.message}</p>
      {view.refusal.reason === 'early' ? (
        <p>
          Joining opens {opensMinutes > 0 ? `${opensMinutes} minutes before` : 'at the start of'} your session
          ({view.whenText}). Keep this page open: it lets you in by itself then.
        </p>
      ) : null}
      <BackLink view={view} />
    </SessionCard>
  )
}

/** The video implementation, loaded in the browser only (it is large, and never needed on the server). */
function useVideoPort(kind: SessionView['port']) {
  const [loaded, setLoaded] = useState<{ port: VideoPort | null; failed: boolean }>({
    port: null,
    failed: false,
  })
  useEffect(() => {
    let cancelled = false
    loadVideoPort(kind).then(
      (port) => !cancelled && setLoaded({ port, failed: false }),
      () => !cancelled && setLoaded({ port: null, failed: true }),
    )
    return () => {
      cancelled = true
    }
  }, [kind])
  return loaded
}

/** For the psychologist: the patient is in the waiting room, and the button that lets them in. */
function AdmitBanner({ view, onAdmit, busy }: { view: SessionView; onAdmit: () => void; busy: boolean }) {
  const { patientWaiting, admitted, autoAdmit } = view.admission
  if (view.role !== 'psychologist' || !patientWaiting || admitted) return null
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 rounded-xl border-2 border-brand-600 bg-brand-50 p-4 text-brand-900">
      <p className="font-medium">
        {view.otherPartyName} is in the waiting room.
        {autoAdmit ? ' They will be let in as soon as you start.' : ''}
      </p>
      {autoAdmit ? null : (
        <button type="button" onClick={onAdmit} disabled={busy} className={primaryButton}>
          Admit
        </button>
      )}
    </div>
  )
}

function EndSession({ onEnd, busy }: { onEnd: () => void; busy: boolean }) {
  const [confirming, setConfirming] = useState(false)
  const confirm = useRef<HTMLButtonElement>(null)
  // The button pressed is gone: keyboard and screen reader users land on the question's answer.
  useEffect(() => {
    if (confirming) confirm.current?.focus()
  }, [confirming])
  if (!confirming)
    return (
      <button type="button" onClick={() => setConfirming(true)} className={dangerButton}>
        End session
      </button>
    )
  return (
    <div role="group" aria-label="End the session?" className="flex flex-wrap items-center gap-2">
      <span className="text-sm text-stone-800">End the session for both of you?</span>
      <button ref={confirm} type="button" onClick={onEnd} disabled={busy} className={dangerButton}>
        Yes, end the session
      </button>
      <button type="button" onClick={() => setConfirming(false)} className={secondaryButton}>
        Keep going
      </button>
    </div>
  )
}

/**
 * Everything that needs the camera and the network: the device check, the waiting room, the call.
 * Mounted only while this person may join, so a refused page never asks for the camera.
 */
function Session({
  state,
  dispatch,
  env,
  onPresence,
}: {
  state: SessionState
  dispatch: (event: SessionEvent) => void
  env: BrowserEnv
  onPresence: (presence: RemotePresence) => void
}) {
  const { view, phase } = state
  const navigate = useNavigate()
  const visible = usePageVisible()
  const media = useLocalMedia()
  const devices = useDeviceLists(media.audioTrack, media.videoTrack)
  const [speakerId, setSpeakerId] = useState<string | null>(null)
  const local = { media, devices, speakerId, env, visible }
  const { port, failed: portFailed } = useVideoPort(view.port)
  const [room, setRoom] = useState<ConnectedRoom | null>(null)
  const [participants, setParticipants] = useState<RemoteParticipant[]>([])
  const [presence, setPresence] = useState<RemotePresence>('not-yet')
  const [localQuality, setLocalQuality] = useState<NetworkQuality>(null)

  const answer = (intent: SessionIntent, data: SessionActionData) =>
    dispatch({ type: 'answer', intent, data })
  const poll = useSessionPost(answer)
  const joining = useSessionPost(answer)
  const control = useSessionPost((intent, data) => {
    answer(intent, data)
    // The server may redirect by itself; otherwise on to the appointment, to write the note.
    if (intent === 'end' && data.ok) navigate(`/clinician/appointments/${view.appointmentId}`)
  })

  useEffect(() => {
    onPresence(presence)
  }, [presence, onPresence])

  // Polling: the patient while waiting (that is what keeps them in the waiting room), the
  // psychologist all along (to see the patient arrive), but not while the network is down.
  const role = view.role
  const reconnecting = phase.name === 'in-call' && phase.reconnecting
  const polling =
    role === 'patient'
      ? phase.name === 'waiting'
      : phase.name !== 'ending' && phase.name !== 'ended' && !reconnecting
  const pollPost = poll.post
  useEffect(() => {
    if (!polling) return
    const intent = role === 'patient' ? 'wait' : 'status'
    pollPost(intent)
    const timer = window.setInterval(() => {
      if (navigator.onLine) pollPost(intent)
    }, view.pollSeconds * 1_000)
    return () => window.clearInterval(timer)
  }, [polling, role, view.pollSeconds, pollPost])

  const joinPost = joining.post
  useEffect(() => {
    if (phase.name === 'starting') joinPost('start')
    if (phase.name === 'requesting-token') joinPost('token')
  }, [phase, joinPost])

  // Connecting with the token from the server and the tracks from the device check.
  useEffect(() => {
    if (phase.name !== 'connecting') return
    if (portFailed || (port && !media.audioTrack)) {
      dispatch({
        type: 'connect-failed',
        message: portFailed
          ? "The video connection couldn't start in this browser."
          : 'A microphone is needed to join. Check it above, then try again.',
      })
      return
    }
    if (!port || !media.audioTrack) return
    let cancelled = false
    port
      .connect({
        token: phase.token.token,
        roomName: phase.token.roomName,
        audioTrack: media.audioTrack,
        videoTrack: media.videoTrack,
      })
      .then(
        (connected) => {
          if (cancelled) return connected.disconnect()
          setPresence('not-yet')
          setRoom(connected)
          dispatch({ type: 'connected' })
        },
        (error: unknown) => {
          if (cancelled) return
          const message = error instanceof Error && error.message ? error.message : 'Unknown error'
          dispatch({ type: 'connect-failed', message: `Couldn't connect to the session (${message}).` })
        },
      )
    return () => {
      cancelled = true
    }
    // The tracks are read once, at connect; later changes are sent by the call itself.
  }, [phase, port, portFailed, dispatch, media.audioTrack, media.videoTrack])

  // The room's events, for as long as this page holds it.
  useEffect(() => {
    if (!room) return
    let gone = false
    const showParticipants = (list: RemoteParticipant[]) => {
      setParticipants(list)
      setPresence((was) => (list.length > 0 ? 'present' : was === 'not-yet' ? 'not-yet' : 'gone'))
    }
    showParticipants(room.participants())
    const offs = [
      room.on('participantsChanged', showParticipants),
      room.on('localNetworkQuality', setLocalQuality),
      room.on('reconnecting', () => dispatch({ type: 'reconnecting' })),
      room.on('reconnected', () => dispatch({ type: 'reconnected' })),
      room.on('disconnected', (why) => {
        gone = true
        setRoom(null)
        dispatch({ type: 'disconnected', code: why?.code ?? null, message: why?.message ?? null })
      }),
    ]
    return () => {
      offs.forEach((off) => off())
      if (!gone) room.disconnect()
    }
  }, [room, dispatch])

  const join = () => dispatch({ type: 'join' })
  const leave = () => {
    dispatch({ type: 'leave' })
    control.post('leave')
    setRoom(null)
  }
  const end = () => {
    dispatch({ type: 'end' })
    control.post('end')
  }
  const phone = <PhoneLink phone={view.practicePhone} />
  const ending =
    role === 'patient' ? (
      <button type="button" onClick={leave} className={dangerButton}>
        Leave
      </button>
    ) : (
      <EndSession onEnd={end} busy={control.busy} />
    )

  const content = (): ReactNode => {
    if ((phase.name === 'in-call' || phase.name === 'ending') && room) {
      return (
        <Call
          room={room}
          participants={participants}
          presence={presence}
          localQuality={localQuality}
          reconnecting={reconnecting}
          local={local}
          otherPartyName={view.otherPartyName}
          ending={ending}
        />
      )
    }

    switch (phase.name) {
      case 'waiting':
      case 'requesting-token':
      case 'connecting':
        if (role === 'patient') {
          const preparing = view.room.state === 'none' || view.room.state === 'preparing'
          return (
            <SessionCard title={`${view.otherPartyName} will let you in`}>
              <div className="flex flex-col gap-4 sm:flex-row">
                {media.videoTrack ? (
                  <LocalPreview
                    track={media.videoTrack}
                    visible={visible}
                    className="aspect-video w-full rounded-lg sm:w-56"
                  />
                ) : null}
                <div className="space-y-2">
                  {phase.name === 'waiting' ? (
                    <>
                      <p>You&apos;re in the waiting room.</p>
                      <p>
                        {preparing ? 'Your session room is being prepared…' : psychologistStatusWords(view)}
                      </p>
                    </>
                  ) : (
                    <p>{view.otherPartyName} let you in. Connecting…</p>
                  )}
                  <button type="button" onClick={leave} className={secondaryButton}>
                    Leave
                  </button>
                </div>
              </div>
            </SessionCard>
          )
        }
        return (
          <SessionCard title="Starting the session">
            <p>Connecting…</p>
          </SessionCard>
        )
      case 'starting':
        return (
          <SessionCard title="Starting the session">
            <p>
              {view.room.state === 'ready' ? 'Opening the session…' : 'Your session room is being prepared…'}
            </p>
          </SessionCard>
        )
      case 'left':
        return (
          <SessionCard title="You left the session">
            <p>You can join again while the session is on.</p>
            <button type="button" onClick={join} className={primaryButton}>
              Join again
            </button>
          </SessionCard>
        )
      case 'ended':
      case 'ending':
        return (
          <SessionCard title={phase.name === 'ending' ? 'Ending the session…' : 'The session has ended'}>
            <BackLink view={view} />
          </SessionCard>
        )
      case 'replaced':
        return (
          <SessionCard title="Joined somewhere else">
            <p>You joined this session from another tab or device, so this one was disconnected.</p>
            <button type="button" onClick={join} className={primaryButton}>
              Join here instead
            </button>
          </SessionCard>
        )
      case 'dropped':
      case 'failed':
        return (
          <SessionCard title={phase.name === 'dropped' ? 'The call dropped' : "Couldn't join"}>
            <p>{phase.message}</p>
            <button type="button" onClick={join} className={primaryButton}>
              {phase.name === 'dropped' ? 'Join again' : 'Try again'}
            </button>
            <p className="text-sm">If video keeps failing, call the practice on {phone}.</p>
          </SessionCard>
        )
      case 'check':
      case 'in-call':
        return (
          <>
            <DeviceCheck
              local={local}
              onSpeaker={setSpeakerId}
              port={port}
              practicePhone={view.practicePhone}
            />
            <div className="flex flex-wrap items-center gap-3">
              <button
                type="button"
                onClick={join}
                disabled={media.status === 'asking' || !media.audioTrack}
                className={primaryButton}
              >
                {role === 'patient' ? 'Join video session' : 'Start session'}
              </button>
              {!media.audioTrack && media.status === 'ready' ? (
                <p className="text-sm text-stone-700">A working microphone is needed to join.</p>
              ) : null}
            </div>
          </>
        )
    }
  }
  return (
    <div className="space-y-4">
      {phase.name === 'ending' || phase.name === 'ended' ? null : (
        <AdmitBanner view={view} onAdmit={() => control.post('admit')} busy={control.busy} />
      )}
      {content()}
    </div>
  )
}

/** After hydration: the state machine, the live region, and the refusal or the session. */
function LiveSession({ view }: { view: SessionView }) {
  const [state, dispatch] = useReducer(sessionReducer, view, initialSessionState)
  const [presence, setPresence] = useState<RemotePresence>('not-yet')
  const [env] = useState(() => detectBrowser(navigator.userAgent, navigator.maxTouchPoints))
  const first = useRef(true)
  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    dispatch({ type: 'view', view })
  }, [view])

  const inCall = ['requesting-token', 'connecting', 'in-call', 'ending'].includes(state.phase.name)
  const refused = state.view.refusal !== null && !inCall
  return (
    <>
      <p aria-live="polite" className="sr-only">
        {refused ? state.view.refusal?.message : announcement(state, presence)}
      </p>
      <FormAlert errors={[state.error]} />
      {refused ? (
        <RefusalCard view={state.view} />
      ) : (
        <Session state={state} dispatch={dispatch} env={env} onPresence={setPresence} />
      )}
    </>
  )
}

/**
 * The video session page, for the patient and the psychologist (the two session routes render it
 * with their loader's view). Server-rendered it is the heading and, without JavaScript, what to do
 * instead; the device check, waiting room and call appear once the page's JavaScript runs.
 */
export function VideoSessionPage({ view }: { view: SessionView }) {
  const hydrated = useHydrated()
  return (
    <div className="mx-auto w-full max-w-4xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-stone-900">
          Video session with {view.otherPartyName}
        </h1>
        <p className="mt-1 text-stone-600">{view.whenText}</p>
      </div>
      {hydrated ? (
        <LiveSession view={view} />
      ) : view.refusal ? (
        <RefusalCard view={view} />
      ) : (
        <NeedsJavaScript practicePhone={view.practicePhone} />
      )}
    </div>
  )
}
