import { defineConfig, devices } from '@playwright/test'
import { E2E_BASE_URL } from './tests/e2e/settings.ts'

// Playwright cannot download browsers on these machines: Debian's chromium is used instead.
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

// Under `npm run test:dates` everything runs under libfaketime except Chromium, which crashes
// under it: the browser gets the environment without it, and tests/e2e/test.ts moves its clock.
const browserEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    (entry): entry is [string, string] =>
      entry[1] !== undefined && !['LD_PRELOAD', 'FAKETIME'].includes(entry[0]),
  ),
)

export default defineConfig({
  testDir: './tests/e2e',
  timeout: 30_000,
  expect: { timeout: 7_000 },
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: E2E_BASE_URL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromium,
      env: browserEnv,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [{ name: 'desktop', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    command: 'npm run test:e2e:server',
    url: `${E2E_BASE_URL}/resources/healthcheck`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
  },
})
