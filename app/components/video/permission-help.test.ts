import { describe, expect, it } from 'vitest'
import { detectBrowser, mediaErrorKind, permissionHelp } from './permission-help.ts'

const UA = {
  chromeMac:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  chromeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  edgeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  safariMac:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  firefoxLinux: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  safariIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  chromeIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1',
  firefoxIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/133.0 Mobile/15E148 Safari/605.1.15',
  chromeAndroid:
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  firefoxAndroid: 'Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0',
  samsungAndroid:
    'Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36',
}

describe('detectBrowser', () => {
  it('tells the desktop browsers and systems apart', () => {
    expect(detectBrowser(UA.chromeMac)).toEqual({ browser: 'chrome', device: 'mac' })
    expect(detectBrowser(UA.chromeWindows)).toEqual({ browser: 'chrome', device: 'windows' })
    expect(detectBrowser(UA.edgeWindows)).toEqual({ browser: 'edge', device: 'windows' })
    expect(detectBrowser(UA.safariMac)).toEqual({ browser: 'safari', device: 'mac' })
    expect(detectBrowser(UA.firefoxLinux)).toEqual({ browser: 'firefox', device: 'desktop' })
  })

  it('tells the phone browsers apart, though every iPhone browser says Safari', () => {
    expect(detectBrowser(UA.safariIphone)).toEqual({ browser: 'safari', device: 'ios' })
    expect(detectBrowser(UA.chromeIphone)).toEqual({ browser: 'chrome', device: 'ios' })
    expect(detectBrowser(UA.firefoxIphone)).toEqual({ browser: 'firefox', device: 'ios' })
    expect(detectBrowser(UA.chromeAndroid)).toEqual({ browser: 'chrome', device: 'android' })
    expect(detectBrowser(UA.firefoxAndroid)).toEqual({ browser: 'firefox', device: 'android' })
    expect(detectBrowser(UA.samsungAndroid)).toEqual({ browser: 'other', device: 'android' })
    expect(detectBrowser('')).toEqual({ browser: 'other', device: 'desktop' })
  })

  it('takes a "Mac" with a touch screen for the iPad it is', () => {
    expect(detectBrowser(UA.safariMac, 5)).toEqual({ browser: 'safari', device: 'ios' })
    expect(detectBrowser(UA.safariMac, 0)).toEqual({ browser: 'safari', device: 'mac' })
  })
})

describe('permissionHelp', () => {
  const stepsFor = (ua: string) => permissionHelp('denied', detectBrowser(ua)).steps.join('\n')

  it("gives each desktop browser its own steps, and the system's privacy settings", () => {
    expect(stepsFor(UA.chromeMac)).toMatch(/left of the address bar.*Allow/)
    expect(stepsFor(UA.chromeMac)).toMatch(/System Settings → Privacy & Security → Camera.*Chrome/)
    expect(stepsFor(UA.safariMac)).toMatch(/Safari → Settings for This Website/)
    expect(stepsFor(UA.firefoxLinux)).toMatch(/crossed-out camera.*"Blocked"/)
    expect(stepsFor(UA.firefoxLinux)).not.toMatch(/System Settings|Windows/)
    expect(stepsFor(UA.edgeWindows)).toMatch(/Windows Settings → Privacy & security/)
  })

  it('gives phones the steps of their own settings', () => {
    expect(stepsFor(UA.safariIphone)).toMatch(/"aA".*Website Settings/)
    expect(stepsFor(UA.chromeIphone)).toMatch(/Settings app.*Apps → Chrome/)
    expect(stepsFor(UA.firefoxIphone)).toMatch(/Apps → Firefox/)
    expect(stepsFor(UA.chromeAndroid)).toMatch(/Permissions.*Camera and Microphone/)
    expect(stepsFor(UA.chromeAndroid)).toMatch(/Settings → Apps → Chrome → Permissions/)
    expect(stepsFor(UA.firefoxAndroid)).toMatch(/lock icon.*Allowed/)
  })

  it('ends with Try again, and offers audio only when only the camera is missing or blocked', () => {
    const env = detectBrowser(UA.chromeMac)
    expect(permissionHelp('denied', env).steps.at(-1)).toMatch(/Try again/)
    expect(permissionHelp('camera-denied', env).intro).toMatch(/audio only/)
    expect(permissionHelp('no-camera', env).intro).toMatch(/audio only/)
    expect(permissionHelp('no-microphone', env).intro).toMatch(/need a microphone/)
    expect(permissionHelp('in-use', env).steps[0]).toMatch(/Close other video apps/)
    expect(permissionHelp('unsupported', detectBrowser(UA.chromeIphone)).steps).toEqual([
      'Open this page in Safari.',
    ])
  })
})

describe('mediaErrorKind', () => {
  it("names a getUserMedia error's kind", () => {
    expect(mediaErrorKind('NotAllowedError')).toBe('denied')
    expect(mediaErrorKind('NotFoundError')).toBe('not-found')
    expect(mediaErrorKind('OverconstrainedError')).toBe('not-found')
    expect(mediaErrorKind('NotReadableError')).toBe('in-use')
    expect(mediaErrorKind('TypeError')).toBe('other')
  })
})
