// Which browser and device the person is on, and what to do when the camera or microphone is
// blocked or missing. Worded for the browsers patients actually use on a laptop or a phone.

export type BrowserName = 'chrome' | 'edge' | 'firefox' | 'safari' | 'other'
export type DeviceKind = 'mac' | 'windows' | 'desktop' | 'ios' | 'android'
export type BrowserEnv = { browser: BrowserName; device: DeviceKind }

/**
 * The browser and device from navigator.userAgent. iPads say "Macintosh" like a Mac, so a Mac
 * with a touch screen (navigator.maxTouchPoints) is taken for the iPad it is.
 */
export function detectBrowser(userAgent: string, maxTouchPoints = 0): BrowserEnv {
  const ua = userAgent
  const device: DeviceKind =
    /iPhone|iPad|iPod/.test(ua) || (/Macintosh/.test(ua) && maxTouchPoints > 1)
      ? 'ios'
      : /Android/.test(ua)
        ? 'android'
        : /Macintosh|Mac OS X/.test(ua)
          ? 'mac'
          : /Windows/.test(ua)
            ? 'windows'
            : 'desktop'
  // Order matters: Edge and Chrome on iOS say "Safari" too, and Edge says "Chrome".
  const browser: BrowserName = /Edg(e|A|iOS)?\//.test(ua)
    ? 'edge'
    : /Firefox\/|FxiOS\//.test(ua)
      ? 'firefox'
      : /CriOS\/|Chrome\/|Chromium\//.test(ua) && !/SamsungBrowser|OPR\//.test(ua)
        ? 'chrome'
        : /Safari\//.test(ua) && !/SamsungBrowser|OPR\//.test(ua)
          ? 'safari'
          : 'other'
  return { browser, device }
}

/** What went wrong with the camera or microphone, as the device check found it. */
export type MediaProblem =
  /** Both blocked (or the microphone): no joining until allowed. */
  | 'denied'
  /** The microphone works, the camera is blocked: audio only is possible. */
  | 'camera-denied'
  | 'no-camera'
  | 'no-microphone'
  /** Another app holds the camera or microphone. */
  | 'in-use'
  | 'unsupported'

export type PermissionHelp = { heading: string; intro: string; steps: string[] }

const BROWSER_LABEL: Record<BrowserName, string> = {
  chrome: 'Chrome',
  edge: 'Edge',
  firefox: 'Firefox',
  safari: 'Safari',
  other: 'your browser',
}

/** Steps to allow the camera and microphone for this site, for this browser on this device. */
function allowSteps({ browser, device }: BrowserEnv): string[] {
  const name = BROWSER_LABEL[browser]
  if (device === 'ios') {
    if (browser === 'safari' || browser === 'other') {
      return [
        'Tap the "aA" button at the left of the address bar, then Website Settings.',
        'Set Camera and Microphone to Allow (or Ask).',
        'If they are not listed, open the Settings app → Apps → Safari → Camera and Microphone, and choose Ask or Allow.',
      ]
    }
    return [
      `Open the Settings app, scroll down to Apps → ${name}.`,
      'Turn on Camera and Microphone.',
      `Come back to ${name} and reload this page.`,
    ]
  }
  if (device === 'android') {
    const site =
      browser === 'firefox'
        ? 'Tap the lock icon at the left of the address bar and set Camera and Microphone to Allowed.'
        : 'Tap the icon at the left of the address bar, then Permissions, and turn on Camera and Microphone.'
    return [
      site,
      `If that doesn't help, open your phone's Settings → Apps → ${name} → Permissions, and allow Camera and Microphone.`,
    ]
  }
  const site =
    browser === 'safari'
      ? 'In the menu bar choose Safari → Settings for This Website…, and set Camera and Microphone to Allow.'
      : browser === 'firefox'
        ? 'Click the crossed-out camera or microphone icon at the left of the address bar, and remove "Blocked" for Camera and Microphone.'
        : browser === 'chrome' || browser === 'edge'
          ? 'Click the icon at the left of the address bar (site information), and set Camera and Microphone to Allow.'
          : "Open your browser's settings for this website, and allow Camera and Microphone."
  const system =
    device === 'mac'
      ? `If it is still blocked, open System Settings → Privacy & Security → Camera (and Microphone), and turn on ${name}.`
      : device === 'windows'
        ? 'If it is still blocked, open Windows Settings → Privacy & security → Camera (and Microphone), and allow apps and desktop apps to use them.'
        : null
  return system ? [site, system] : [site]
}

/** What to say, and the steps to take, for a camera or microphone problem on this browser. */
export function permissionHelp(problem: MediaProblem, env: BrowserEnv): PermissionHelp {
  const tryAgain = 'Then press "Try again".'
  switch (problem) {
    case 'denied':
      return {
        heading: 'Your camera and microphone are blocked',
        intro: 'To join, allow this site to use your microphone (and your camera, if you want to be seen).',
        steps: [...allowSteps(env), tryAgain],
      }
    case 'camera-denied':
      return {
        heading: 'Your camera is blocked',
        intro: 'Your microphone works. You can join with audio only, or allow the camera to be seen.',
        steps: [...allowSteps(env), tryAgain],
      }
    case 'no-camera':
      return {
        heading: 'No camera found',
        intro: 'You can join with audio only. To be seen, connect a camera.',
        steps: ['Connect a camera (or open your laptop if it is closed on a stand).', tryAgain],
      }
    case 'no-microphone':
      return {
        heading: 'No microphone found',
        intro: 'You need a microphone to join. Headphones with a microphone work well.',
        steps: ['Connect a microphone or a headset.', tryAgain],
      }
    case 'in-use':
      return {
        heading: 'Your camera or microphone is busy',
        intro: 'Another app or browser tab is using it.',
        steps: ['Close other video apps (Zoom, Teams, FaceTime) and other tabs with a video call.', tryAgain],
      }
    case 'unsupported':
      return {
        heading: "This browser can't make video calls",
        intro: 'Video sessions need a recent Chrome, Edge, Firefox or Safari.',
        steps: [
          env.device === 'ios'
            ? 'Open this page in Safari.'
            : 'Open this page in a recent Chrome, Edge, Firefox or Safari.',
        ],
      }
  }
}

/** The kind of problem a getUserMedia error names (DOMException.name). */
export function mediaErrorKind(name: string): 'denied' | 'not-found' | 'in-use' | 'other' {
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError')
    return 'denied'
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError')
    return 'not-found'
  if (name === 'NotReadableError' || name === 'AbortError' || name === 'TrackStartError') return 'in-use'
  return 'other'
}
