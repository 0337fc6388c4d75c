// The loopback video port on its own in a page, for the journeys that test it without the
// session pages: bundled from source with esbuild (the Vite chunk names are hashed) and run in a
// page of the e2e server, so its signalling reaches /dev/video/signal on the same origin.
import { randomBytes } from 'node:crypto'
import { type Page } from '@playwright/test'
import { build } from 'esbuild'
import { mintVideoToken, readVideoConfig } from '../../app/domain/telehealth/tokens.server.ts'
import { TWILIO_STANDIN_ACCOUNT } from '../../app/domain/twilio.server.ts'
import { createStandInRoom } from '../mocks/twilio/video-rooms.server.ts'
import { E2E_BASE_URL, E2E_RUN } from './settings.ts'
import { useE2eServerEnv } from './sign-in.ts'
import {
  type ConnectedRoom,
  type Disconnection,
  type NetworkQuality,
  type VideoPort,
} from '../../app/components/video/port.ts'

let bundle: Promise<string> | undefined
function loopbackBundle() {
  bundle ??= build({
    entryPoints: ['tests/mocks/twilio/video-loopback.client.ts'],
    bundle: true,
    format: 'iife',
    globalName: 'havenLoopback',
    platform: 'browser',
    target: 'es2022',
    write: false,
    define: { __HAVEN_STANDIN_VIDEO__: 'true' },
  }).then((result) => result.outputFiles[0]!.text)
  return bundle
}

// The room stand-in's folder the e2e server uses (scripts/e2e-server.ts), so rooms made here are
// the ones its signalling finds; the stand-in reads the app's environment for its account.
process.env.HAVEN_TWILIO_VIDEO_DIR = `e2e-${E2E_RUN}`
useE2eServerEnv()

/** A new group room for two at the Twilio Video stand-in, as the rooms job makes them; its name. */
export async function newRoom() {
  const uniqueName = `haven-${randomBytes(12).toString('hex')}`
  await createStandInRoom({
    uniqueName,
    statusCallback: `${E2E_BASE_URL}/webhooks/twilio/video`,
    statusCallbackMethod: 'POST',
    accountSid: TWILIO_STANDIN_ACCOUNT.accountSid,
    type: 'group',
    mediaRegion: 'au1',
    maxParticipants: 2,
    recordParticipantsOnConnect: false,
    emptyRoomTimeout: 5,
    unusedRoomTimeout: 5,
  })
  return uniqueName
}

/** A token the e2e server accepts (it signs with the stand-in key). */
export const tokenFor = (identity: string, room: string) =>
  mintVideoToken({ identity, roomName: room, ttlSeconds: 600 }, readVideoConfig({ HAVEN_STANDINS: true })!)

/** What the page keeps for the test to read. */
type InPage = {
  room: ConnectedRoom
  disconnected: Disconnection | null | undefined
  switchedOff: boolean | null
  participants: number
  /** The other's network level, and this side's own. */
  remoteQuality: NetworkQuality
  localQuality: NetworkQuality
  /** reconnecting (with its code) and reconnected, in order. */
  connection: string[]
}
type PageWindow = Window & { havenLoopback: { loopbackVideoPort: VideoPort }; haven: InPage }

/** Opens a plain page of the e2e server with the loopback port loaded. */
export async function openLoopback(page: Page) {
  await page.goto('/resources/healthcheck')
  await page.addScriptTag({ content: await loopbackBundle() })
}

/**
 * Joins `room` with the fake camera and microphone and plays the first other participant's
 * video in `[data-testid="remote-video"]`, as the session page does.
 */
export async function join(page: Page, token: string, room: string) {
  await page.evaluate(
    async ({ token, room }) => {
      const win = window as unknown as PageWindow
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true })
      const connected = await win.havenLoopback.loopbackVideoPort.connect({
        token,
        roomName: room,
        audioTrack: stream.getAudioTracks()[0]!,
        videoTrack: stream.getVideoTracks()[0]!,
      })
      const video = document.createElement('video')
      video.dataset.testid = 'remote-video'
      video.muted = true
      video.playsInline = true
      document.body.append(video)
      const state: InPage = {
        room: connected,
        disconnected: undefined,
        switchedOff: null,
        participants: 0,
        remoteQuality: null,
        localQuality: null,
        connection: [],
      }
      win.haven = state
      const show = (participants: ReturnType<ConnectedRoom['participants']>) => {
        const other = participants[0]
        state.participants = participants.length
        state.switchedOff = other?.videoSwitchedOff ?? null
        state.remoteQuality = other?.networkQuality ?? null
        const track = other?.videoTrack ?? null
        const current = (video.srcObject as MediaStream | null)?.getVideoTracks()[0] ?? null
        if (track === current) return
        video.srcObject = track ? new MediaStream([track]) : null
        if (track) void video.play()
      }
      connected.on('participantsChanged', show)
      connected.on('disconnected', (why) => (state.disconnected = why))
      connected.on('localNetworkQuality', (level) => (state.localQuality = level))
      connected.on('reconnecting', (code) => state.connection.push(`reconnecting ${code}`))
      connected.on('reconnected', () => state.connection.push('reconnected'))
      show(connected.participants())
    },
    { token, room },
  )
}

/** The remote video's decoded frames and size: frames that keep coming mean it is playing. */
export function remoteVideo(page: Page) {
  return page.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]')!
    return {
      frames: video.getVideoPlaybackQuality().totalVideoFrames,
      width: video.videoWidth,
      height: video.videoHeight,
    }
  })
}

/** What the page's room said last (participants, the other's camera, why it ended), and how many videos arrive. */
export function roomState(page: Page) {
  return page.evaluate(() => {
    const { room, ...said } = (window as unknown as PageWindow).haven
    // Remote tracks are muted until their media arrives.
    const receiving = room.participants().filter(({ videoTrack }) => videoTrack && !videoTrack.muted)
    return { ...said, videosReceived: receiving.length }
  })
}

export function setVideoEnabled(page: Page, enabled: boolean) {
  return page.evaluate(
    (enabled) => (window as unknown as PageWindow).haven.room.setVideoEnabled(enabled),
    enabled,
  )
}

export function preflight(page: Page) {
  return page.evaluate(() => (window as unknown as PageWindow).havenLoopback.loopbackVideoPort.preflight(''))
}
