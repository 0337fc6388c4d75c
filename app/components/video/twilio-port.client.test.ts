// The production port against a stand-in for twilio-video's module: what it asks Twilio for, and
// how a Room's events reach the session page in the port's words.
import { EventEmitter } from 'node:events'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { type RemoteParticipant } from './port.ts'
import { twilioVideoPort } from './twilio-port.client.ts'

const twilio = vi.hoisted(() => ({
  connect: (..._: unknown[]): unknown => undefined,
  runPreflight: (..._: unknown[]): unknown => undefined,
}))
// twilio-video is CommonJS: a bundle hands it over as the default export (and names).
vi.mock('twilio-video', () => {
  const api = {
    connect: (...args: unknown[]) => twilio.connect(...args),
    runPreflight: (...args: unknown[]) => twilio.runPreflight(...args),
    Logger: { setLevel: () => {} },
  }
  return { ...api, default: api }
})

const track = (id: string) => ({ id, enabled: true }) as unknown as MediaStreamTrack
const camera = track('camera')
const microphone = track('microphone')

/** A local track as twilio-video wraps one: enable() turns the MediaStreamTrack itself off. */
const localTrack = (mediaStreamTrack: MediaStreamTrack) => ({
  mediaStreamTrack,
  enable(enabled: boolean) {
    mediaStreamTrack.enabled = enabled
  },
})

function fakeRoom() {
  const localParticipant = Object.assign(new EventEmitter(), {
    identity: 'me',
    audioTracks: new Map([['MTa', { track: localTrack(microphone) }]]),
    videoTracks: new Map([['MTv', { track: localTrack(camera) }]]),
    unpublishTracks: vi.fn(),
    publishTrack: vi.fn(async () => ({})),
  })
  return Object.assign(new EventEmitter(), {
    name: 'haven-room',
    participants: new Map<string, ReturnType<typeof remote>>(),
    localParticipant,
    disconnect: vi.fn(),
  })
}

function remote(sid: string, video: { isTrackEnabled: boolean; isSwitchedOff: boolean }) {
  return Object.assign(new EventEmitter(), {
    sid,
    identity: `identity-${sid}`,
    networkQualityLevel: 5,
    videoTracks: new Map([
      [
        'MT1',
        {
          isTrackEnabled: video.isTrackEnabled,
          track: {
            mediaStreamTrack: track(`${sid}-camera`),
            isSwitchedOff: video.isSwitchedOff,
            isEnabled: true,
          },
        },
      ],
    ]),
    audioTracks: new Map([['MT2', { track: { mediaStreamTrack: track(`${sid}-mic`) } }]]),
  })
}

let room: ReturnType<typeof fakeRoom>
beforeEach(() => {
  room = fakeRoom()
  twilio.connect = vi.fn(async () => room)
})

async function connected() {
  const connection = await twilioVideoPort.connect({
    token: 'jwt',
    roomName: 'haven-room',
    audioTrack: microphone,
    videoTrack: camera,
  })
  const said: unknown[] = []
  connection.on('participantsChanged', (list) => said.push(['participants', list.map(summary)]))
  connection.on('localNetworkQuality', (level) => said.push(['local', level]))
  connection.on('reconnecting', (code) => said.push(['reconnecting', code]))
  connection.on('reconnected', () => said.push(['reconnected']))
  connection.on('disconnected', (why) => said.push(['disconnected', why]))
  return { connection, said }
}

const summary = ({ sid, videoSwitchedOff, networkQuality }: RemoteParticipant) => ({
  sid,
  videoSwitchedOff,
  networkQuality,
})

describe('the twilio-video port', () => {
  it('connects to the named room with its tracks, network quality and a two-person bandwidth profile', async () => {
    await connected()
    expect(twilio.connect).toHaveBeenCalledWith('jwt', {
      name: 'haven-room',
      tracks: [microphone, camera],
      networkQuality: { local: 1, remote: 1 },
      bandwidthProfile: {
        video: { mode: 'grid', clientTrackSwitchOffControl: 'auto', contentPreferencesMode: 'auto' },
      },
      preferredVideoCodecs: 'auto',
      dominantSpeaker: false,
    })
  })

  it('sends audio alone without a camera', async () => {
    await twilioVideoPort.connect({
      token: 'jwt',
      roomName: 'haven-room',
      audioTrack: microphone,
      videoTrack: null,
    })
    expect(twilio.connect).toHaveBeenCalledWith('jwt', expect.objectContaining({ tracks: [microphone] }))
  })

  it("tells the page who is there as participants join, switch video off and leave, with each one's level", async () => {
    const { connection, said } = await connected()
    const other = remote('PA1', { isTrackEnabled: true, isSwitchedOff: false })
    room.participants.set('PA1', other)
    room.emit('participantConnected', other)
    other.videoTracks.get('MT1')!.track.isSwitchedOff = true
    room.emit('trackSwitchedOff')
    other.networkQualityLevel = 2
    other.emit('networkQualityLevelChanged', 2)
    room.participants.delete('PA1')
    room.emit('participantDisconnected', other)

    expect(said).toEqual([
      ['participants', [{ sid: 'PA1', videoSwitchedOff: false, networkQuality: 5 }]],
      ['participants', [{ sid: 'PA1', videoSwitchedOff: true, networkQuality: 5 }]],
      ['participants', [{ sid: 'PA1', videoSwitchedOff: true, networkQuality: 2 }]],
      ['participants', []],
    ])
    expect(connection.participants()).toEqual([])
  })

  it("passes on reconnecting with Twilio's code, reconnected, this side's level, and why it ended (53205)", async () => {
    const { said } = await connected()
    room.localParticipant.emit('networkQualityLevelChanged', 3)
    room.emit('reconnecting', Object.assign(new Error('Media connection failed'), { code: 53405 }))
    room.emit('reconnected')
    room.emit('disconnected', room, Object.assign(new Error('Duplicate identity'), { code: 53205 }))
    room.emit('reconnected')

    expect(said).toEqual([
      ['local', 3],
      ['reconnecting', 53405],
      ['reconnected'],
      ['disconnected', { code: 53205, message: 'Duplicate identity' }],
    ])
  })

  it('turns the tracks themselves off and on, swaps the camera, and leaves', async () => {
    const { connection } = await connected()
    connection.setVideoEnabled(false)
    connection.setAudioEnabled(false)
    expect([camera.enabled, microphone.enabled]).toEqual([false, false])

    const otherCamera = track('other-camera')
    await connection.replaceVideoTrack(otherCamera)
    expect(room.localParticipant.unpublishTracks).toHaveBeenCalledWith([
      room.localParticipant.videoTracks.get('MTv')!.track,
    ])
    expect(room.localParticipant.publishTrack).toHaveBeenCalledWith(otherCamera)

    connection.disconnect()
    expect(room.disconnect).toHaveBeenCalled()
  })
})

describe('the twilio-video network test', () => {
  it('gives the verdict of a completed runPreflight, and its failure in plain words', async () => {
    const test = new EventEmitter()
    twilio.runPreflight = vi.fn(() => test)
    const result = twilioVideoPort.preflight('jwt')
    await vi.waitFor(() => expect(twilio.runPreflight).toHaveBeenCalledWith('jwt'))
    test.emit('completed', {
      stats: { rtt: { average: 80 }, packetLoss: { average: 0 }, jitter: { average: 0.01 } },
    })
    expect(await result).toEqual({ ok: true, roundTripMs: 80, quality: 'excellent' })

    const failing = new EventEmitter()
    twilio.runPreflight = vi.fn(() => failing)
    const failed = twilioVideoPort.preflight('jwt')
    await vi.waitFor(() => expect(twilio.runPreflight).toHaveBeenCalled())
    failing.emit('failed', Object.assign(new Error('Signaling connection error'), { code: 53000 }))
    expect(await failed).toEqual({
      ok: false,
      message: 'The network test could not reach the video service (Twilio error 53000).',
    })
  })

  it('stops when the page no longer wants it', async () => {
    const test = Object.assign(new EventEmitter(), { stop: vi.fn() })
    twilio.runPreflight = vi.fn(() => test)
    const abort = new AbortController()
    const result = twilioVideoPort.preflight('jwt', abort.signal)
    await vi.waitFor(() => expect(twilio.runPreflight).toHaveBeenCalled())
    abort.abort()
    expect(await result).toEqual({ ok: false, message: 'The network test was stopped.' })
    expect(test.stop).toHaveBeenCalled()
  })
})
