import { describe, expect, it } from 'vitest'
import {
  disconnectionOf,
  networkQualityOf,
  participantOf,
  preflightFailureOf,
  preflightResultOf,
  type TwilioParticipantLike,
} from './twilio-events.ts'

const camera = { id: 'camera' } as MediaStreamTrack
const microphone = { id: 'microphone' } as MediaStreamTrack

function participant(
  video: Partial<{ isTrackEnabled: boolean; isSwitchedOff: boolean; isEnabled: boolean }> | null,
) {
  return {
    sid: `PA${'1'.repeat(32)}`,
    identity: 'opaque-identity',
    networkQualityLevel: 4,
    videoTracks: new Map(
      video
        ? [
            [
              'MT1',
              {
                isTrackEnabled: video.isTrackEnabled ?? true,
                track: {
                  mediaStreamTrack: camera,
                  isSwitchedOff: video.isSwitchedOff ?? false,
                  isEnabled: video.isEnabled ?? true,
                },
              },
            ],
          ]
        : [],
    ),
    audioTracks: new Map([['MT2', { track: { mediaStreamTrack: microphone } }]]),
  } satisfies TwilioParticipantLike
}

describe('participantOf', () => {
  it('gives the subscribed camera and microphone with the network level', () => {
    expect(participantOf(participant({}))).toEqual({
      sid: `PA${'1'.repeat(32)}`,
      identity: 'opaque-identity',
      videoTrack: camera,
      audioTrack: microphone,
      videoSwitchedOff: false,
      networkQuality: 4,
    })
  })

  it.each([
    ['turned off by the sender', { isTrackEnabled: false }],
    ['switched off by Twilio', { isSwitchedOff: true }],
    ['disabled on the track', { isEnabled: false }],
  ])('shows no video while it is %s', (_, video) => {
    expect(participantOf(participant(video))).toMatchObject({ videoTrack: null, videoSwitchedOff: true })
  })

  it('is audio only without a camera published, which is not "switched off"', () => {
    expect(participantOf(participant(null))).toMatchObject({ videoTrack: null, videoSwitchedOff: false })
  })
})

describe('networkQualityOf', () => {
  it('keeps 0–5 and calls anything else unknown', () => {
    expect([0, 3, 5, 6, -1, 2.5, null, undefined].map(networkQualityOf)).toEqual([
      0,
      3,
      5,
      null,
      null,
      null,
      null,
      null,
    ])
  })
})

describe('disconnectionOf', () => {
  it("carries Twilio's code (53205: joined elsewhere), and nothing when the person left", () => {
    expect(
      disconnectionOf({ code: 53205, message: 'Participant disconnected because of duplicate identity' }),
    ).toEqual({
      code: 53205,
      message: 'Participant disconnected because of duplicate identity',
    })
    expect(disconnectionOf(new Error('Gone'))).toEqual({ code: null, message: 'Gone' })
    expect(disconnectionOf(undefined)).toBeNull()
  })
})

describe('the network test', () => {
  it('rates the report by its averages, jitter converted from seconds', () => {
    const stat = (average: number) => ({ average, min: average, max: average })
    expect(preflightResultOf({ stats: { rtt: stat(40), packetLoss: stat(0), jitter: stat(0.004) } })).toEqual(
      {
        ok: true,
        roundTripMs: 40,
        quality: 'excellent',
      },
    )
    expect(
      preflightResultOf({ stats: { rtt: stat(40), packetLoss: stat(0), jitter: stat(0.12) } }),
    ).toMatchObject({
      quality: 'poor',
    })
  })

  it('says a failure plainly, with the code', () => {
    expect(preflightFailureOf({ code: 20101 })).toEqual({
      ok: false,
      message: 'The network test could not reach the video service (Twilio error 20101).',
    })
  })
})
