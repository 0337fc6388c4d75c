import { describe, expect, it } from 'vitest'
import { deviceOptions, levelFromSamples, mediaProblem } from './devices.ts'

const device = (kind: MediaDeviceKind, deviceId: string, label = '') => ({ kind, deviceId, label })

describe('deviceOptions', () => {
  it('lists one kind, numbered while the browser hides the labels', () => {
    const devices = [device('videoinput', 'c1'), device('videoinput', 'c2'), device('audioinput', 'm1')]
    expect(deviceOptions(devices, 'videoinput')).toEqual([
      { id: 'c1', label: 'Camera 1' },
      { id: 'c2', label: 'Camera 2' },
    ])
  })

  it("uses the labels once permission is given, without Chrome's default aliases", () => {
    const devices = [
      device('audioinput', 'default', 'Default - MacBook Pro Microphone'),
      device('audioinput', 'communications', 'Communications - Headset'),
      device('audioinput', 'm1', 'MacBook Pro Microphone'),
      device('audiooutput', 's1', 'MacBook Pro Speakers'),
    ]
    expect(deviceOptions(devices, 'audioinput')).toEqual([{ id: 'm1', label: 'MacBook Pro Microphone' }])
    expect(deviceOptions(devices, 'audiooutput')).toEqual([{ id: 's1', label: 'MacBook Pro Speakers' }])
  })

  it('leaves out devices the browser gives no id yet (Safari before permission)', () => {
    expect(deviceOptions([device('videoinput', '')], 'videoinput')).toEqual([])
  })
})

describe('levelFromSamples', () => {
  it('is 0 for silence and grows with loudness, up to 100', () => {
    expect(levelFromSamples(new Float32Array(128))).toBe(0)
    expect(levelFromSamples(new Float32Array(128).fill(0.1))).toBe(40)
    expect(levelFromSamples(new Float32Array(128).fill(1))).toBe(100)
    expect(levelFromSamples(new Float32Array(0))).toBe(0)
  })
})

describe('mediaProblem', () => {
  it('tells a blocked or missing camera (audio only still possible) from a blocked or missing microphone', () => {
    expect(mediaProblem('NotAllowedError', 'camera')).toBe('camera-denied')
    expect(mediaProblem('NotFoundError', 'camera')).toBe('no-camera')
    expect(mediaProblem('NotReadableError', 'camera')).toBe('in-use')
    expect(mediaProblem('NotAllowedError', 'microphone')).toBe('denied')
    expect(mediaProblem('NotFoundError', 'microphone')).toBe('no-microphone')
  })
})
