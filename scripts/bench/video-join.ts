// The telehealth issue's figure: from the patient clicking "Join video session" to each side
// seeing the other's video playing, median over 20 runs, two local Chromium browsers with the
// fake camera. Runs the test build (`npm run build:test` first) as the journeys do
// (scripts/e2e-server.ts: its own database, the worker, the stand-ins, the loopback video port),
// a confirmed telehealth appointment in its join window (tests/e2e/video.ts, as the journey makes it), and each run in fresh browser contexts:
// the psychologist clicks "Start session", then the patient clicks "Join video session".
//   npx tsx scripts/bench/video-join.ts              20 runs, the practice admitting automatically
//   npx tsx scripts/bench/video-join.ts --admit      the psychologist clicks Admit (the waiting room's poll counts)
//   npx tsx scripts/bench/video-join.ts --runs=5     fewer runs
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { chromium, expect, type Browser, type Page } from '@playwright/test'
import playwrightConfig from '../../playwright.config.ts'
import { FAKE_MEDIA_ARGS } from '../../tests/e2e/fake-media.ts'
import { E2E_BASE_URL } from '../../tests/e2e/settings.ts'
import { signInAs, useE2eServerEnv } from '../../tests/e2e/sign-in.ts'
import { telehealthSessionNow } from '../../tests/e2e/video.ts'

const option = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}`))
const RUNS = Number(option('runs')?.split('=')[1] ?? 20)
const ADMIT = Boolean(option('admit'))
const PATIENT = 'patient1@haven.test'
const PSYCHOLOGIST = 'dr.amelia.nguyen@haven.test'
const STEP_TIMEOUT_MS = 30_000

if (!fs.existsSync('build-test/app/server.js')) {
  console.error('No test build in build-test/: run `npm run build:test` first.')
  process.exit(1)
}

// The e2e server on this run's own ports (tests/e2e/settings.ts picked them on import).
const server = spawn(path.resolve('node_modules/.bin/tsx'), ['scripts/e2e-server.ts'], {
  env: { ...process.env, LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'inherit', 'inherit'],
})
const serverExited = new Promise<void>((resolve) => server.once('exit', () => resolve()))

async function waitForServer() {
  const deadline = Date.now() + 120_000
  while (Date.now() < deadline) {
    const up = await fetch(`${E2E_BASE_URL}/resources/healthcheck`).then(
      (response) => response.ok,
      () => false,
    )
    if (up) return
    if (server.exitCode !== null) throw new Error('The e2e server stopped while starting')
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error('The e2e server did not answer within 2 minutes')
}

/** A confirmed telehealth session whose join window is open now, the practice admitting as asked. */
async function appointmentNow() {
  useE2eServerEnv()
  const { db } = await import('../../app/utils/db.server.ts')
  await db.practice.update({ where: { id: 'practice' }, data: { videoAutoAdmit: !ADMIT } })
  return telehealthSessionNow({ patient: PATIENT, psychologist: PSYCHOLOGIST })
}

// In every page: the moment the first frame of the other party's video is shown (epoch ms).
const FIRST_REMOTE_FRAME = () => {
  const page = window as unknown as { firstRemoteFrameAt: number | null }
  page.firstRemoteFrameAt = null
  const watched = new WeakSet<HTMLVideoElement>()
  new MutationObserver(() => {
    const video = document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]')
    if (!video || watched.has(video)) return
    watched.add(video)
    video.requestVideoFrameCallback(() => {
      page.firstRemoteFrameAt ??= performance.timeOrigin + performance.now()
    })
  }).observe(document, { childList: true, subtree: true })
}

const firstRemoteFrame = (page: Page) =>
  page.waitForFunction(
    () => (window as unknown as { firstRemoteFrameAt: number | null }).firstRemoteFrameAt,
    null,
    {
      timeout: STEP_TIMEOUT_MS,
    },
  )

async function personAt(browser: Browser, email: string, address: string) {
  const context = await browser.newContext({ baseURL: E2E_BASE_URL })
  await context.addInitScript(FIRST_REMOTE_FRAME)
  const page = await context.newPage()
  page.setDefaultTimeout(STEP_TIMEOUT_MS)
  await signInAs(page, email)
  await page.goto(address)
  return page
}

/** One visit: the psychologist starts, the patient joins; ms from Join to each side's first remote frame. */
async function oneRun(browser: Browser, appointmentId: string) {
  const psychologist = await personAt(
    browser,
    PSYCHOLOGIST,
    `/clinician/appointments/${appointmentId}/session`,
  )
  const patient = await personAt(browser, PATIENT, `/patient/appointments/${appointmentId}/session`)
  try {
    await psychologist.getByRole('button', { name: 'Start session' }).click()
    const join = patient.getByRole('button', { name: 'Join video session' })
    await expect(join).toBeEnabled({ timeout: STEP_TIMEOUT_MS })
    const clickedAt = Date.now()
    await join.click()
    if (ADMIT) await psychologist.getByRole('button', { name: 'Admit' }).click()
    const [patientSees, psychologistSees] = await Promise.all([
      firstRemoteFrame(patient).then((at) => at.jsonValue() as Promise<number>),
      firstRemoteFrame(psychologist).then((at) => at.jsonValue() as Promise<number>),
    ])
    return { patientSees: patientSees - clickedAt, psychologistSees: psychologistSees - clickedAt }
  } finally {
    // Closing the pages leaves the room, as closing the tab would.
    await Promise.all([patient.context().close(), psychologist.context().close()])
  }
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p + 0.5))]!
}
const summary = (values: number[]) =>
  `median ${percentile(values, 0.5)} ms, p95 ${percentile(values, 0.95)} ms, min ${Math.min(...values)} ms, max ${Math.max(...values)} ms`

let browser: Browser | undefined
try {
  await waitForServer()
  const appointmentId = await appointmentNow()
  const launchOptions = playwrightConfig.use?.launchOptions ?? {}
  browser = await chromium.launch({
    ...launchOptions,
    args: [...(launchOptions.args ?? []), ...FAKE_MEDIA_ARGS],
  })
  const runs: { patientSees: number; psychologistSees: number }[] = []
  for (let run = 1; run <= RUNS; run++) {
    const result = await oneRun(browser, appointmentId)
    runs.push(result)
    console.log(
      `run ${run}: patient sees the psychologist ${result.patientSees} ms, psychologist sees the patient ${result.psychologistSees} ms`,
    )
  }
  console.log(
    `\nJoin to the other party's video playing, ${RUNS} runs${ADMIT ? ' (admitted by the psychologist)' : ' (auto-admit)'}:`,
  )
  console.log(`  patient sees the psychologist: ${summary(runs.map((run) => run.patientSees))}`)
  console.log(`  psychologist sees the patient: ${summary(runs.map((run) => run.psychologistSees))}`)
} catch (error) {
  console.error(error)
  process.exitCode = 1
} finally {
  await browser?.close()
  server.kill('SIGTERM')
  await serverExited
  process.exit()
}
