import { type VideoPort, type VideoPortKind } from './port.ts'

/**
 * The video port the session page names (SessionView.port), loaded when the page needs it. The
 * loopback is a stand-in: `__HAVEN_STANDIN_VIDEO__` is false in a production build, so Rollup
 * drops its branch and its chunk (scripts/check-production-bundle.ts fails otherwise).
 */
export async function loadVideoPort(kind: VideoPortKind): Promise<VideoPort> {
  if (__HAVEN_STANDIN_VIDEO__ && kind === 'loopback')
    return (await import('../../../tests/mocks/twilio/video-loopback.client.ts')).loopbackVideoPort
  if (kind === 'loopback') throw new Error('This build has no local video stand-in: use Twilio')
  return (await import('./twilio-port.client.ts')).twilioVideoPort
}
