// Journeys with video: Chromium's fake camera (a moving test pattern) and microphone (a beep),
// allowed without a permission prompt, so getUserMedia yields real tracks (docs/ARCHITECTURE.md).
import { test as base } from './test.ts'

export { expect } from './test.ts'

export const FAKE_MEDIA_ARGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream']

export const test = base.extend({
  launchOptions: [
    async ({ launchOptions }, use) =>
      use({ ...launchOptions, args: [...(launchOptions.args ?? []), ...FAKE_MEDIA_ARGS] }),
    { scope: 'worker' },
  ],
})
