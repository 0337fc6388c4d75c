// Pure helpers for the device check: device lists as the selects show them, and the microphone
// level from an AnalyserNode's samples.

import { mediaErrorKind, type MediaProblem } from './permission-help.ts'

export type DeviceOption = { id: string; label: string }

const KIND_LABEL = { videoinput: 'Camera', audioinput: 'Microphone', audiooutput: 'Speaker' } as const

/**
 * One kind of device as select options. Before permission is given browsers hide the labels (and
 * sometimes the ids), so those are numbered; "default" and "communications" are Chrome's aliases
 * of a real device, listed already.
 */
export function deviceOptions(
  devices: readonly Pick<MediaDeviceInfo, 'deviceId' | 'kind' | 'label'>[],
  kind: keyof typeof KIND_LABEL,
): DeviceOption[] {
  const ofKind = devices.filter(
    (device) => device.kind === kind && device.deviceId !== 'default' && device.deviceId !== 'communications',
  )
  return ofKind
    .filter((device) => device.deviceId !== '')
    .map((device, index) => ({
      id: device.deviceId,
      label: device.label || `${KIND_LABEL[kind]} ${index + 1}`,
    }))
}

/** The loudness of a block of samples (−1…1) as 0–100, scaled so normal speech reaches the middle. */
export function levelFromSamples(samples: Float32Array): number {
  if (samples.length === 0) return 0
  let sum = 0
  for (const sample of samples) sum += sample * sample
  const rms = Math.sqrt(sum / samples.length)
  return Math.min(100, Math.round(rms * 400))
}

/** What a failed getUserMedia means for the camera or the microphone it asked for. */
export function mediaProblem(errorName: string, device: 'camera' | 'microphone'): MediaProblem {
  const kind = mediaErrorKind(errorName)
  if (device === 'camera')
    return kind === 'denied' ? 'camera-denied' : kind === 'not-found' ? 'no-camera' : 'in-use'
  return kind === 'denied' ? 'denied' : kind === 'not-found' ? 'no-microphone' : 'in-use'
}
