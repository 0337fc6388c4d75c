// The loopback video port in two Chromium contexts with the fake camera, signalled through the
// e2e server's /dev/video/signal with real access tokens: each side's video reaches the other
// and keeps playing, camera off is shown as such, and the same person joining from a second
// tab ends the first with Twilio's 53205, network levels are measured, and a lost signalling
// server is reconnected. (The session pages' journey covers the whole visit.)
import { type Browser, type Page } from '@playwright/test'
import { expect, test } from './fake-media.ts'
import {
  join,
  openLoopback,
  preflight,
  remoteVideo,
  newRoom,
  roomState,
  setVideoEnabled,
  tokenFor,
} from './loopback-harness.ts'

async function person(browser: Browser) {
  const page = await (await browser.newContext()).newPage()
  await openLoopback(page)
  return page
}

/** The remote video has a size and its frame count keeps rising. */
async function expectPlaying(page: Page) {
  await expect.poll(async () => (await remoteVideo(page)).width, { timeout: 15_000 }).toBeGreaterThan(0)
  const before = (await remoteVideo(page)).frames
  await expect
    .poll(async () => (await remoteVideo(page)).frames, { timeout: 5_000 })
    .toBeGreaterThan(before + 5)
}

/** A psychologist and a patient in a new room, the patient seeing the psychologist's video. */
async function inARoom(browser: Browser) {
  const room = await newRoom()
  const psychologist = await person(browser)
  const patient = await person(browser)
  await join(psychologist, tokenFor('p-psychologist', room), room)
  await join(patient, tokenFor('p-patient', room), room)
  await expectPlaying(patient)
  return { room, psychologist, patient }
}

test('two people see each other, and camera off shows as off', async ({ browser }) => {
  const { psychologist, patient } = await inARoom(browser)
  await expectPlaying(psychologist)
  // Measured from getStats every 2 s: this computer's own link is at least "fair" both ways.
  await expect
    .poll(async () => (await roomState(patient)).remoteQuality, { timeout: 10_000 })
    .toBeGreaterThanOrEqual(3)
  await expect.poll(async () => (await roomState(psychologist)).localQuality).toBeGreaterThanOrEqual(3)

  await setVideoEnabled(psychologist, false)
  await expect.poll(async () => (await roomState(patient)).switchedOff).toBe(true)
  await setVideoEnabled(psychologist, true)
  await expect.poll(async () => (await roomState(patient)).switchedOff).toBe(false)
  await expectPlaying(patient)
})

test('the same person joining from a second tab ends the first with 53205', async ({ browser }) => {
  const { room, psychologist, patient: firstTab } = await inARoom(browser)
  await expectPlaying(psychologist)

  const secondTab = await person(browser)
  await join(secondTab, tokenFor('p-patient', room), room)

  await expect.poll(async () => (await roomState(firstTab)).disconnected).toMatchObject({ code: 53205 })
  await expectPlaying(secondTab)
  await expect.poll(async () => (await roomState(psychologist)).participants).toBe(1)
  await expectPlaying(psychologist)
})

test('the network test connects two peers in the page and reports the round trip', async ({ browser }) => {
  const page = await person(browser)
  const result = await preflight(page)
  expect(result).toMatchObject({ ok: true, quality: 'excellent' })
  expect(result.ok && result.roundTripMs).toBeGreaterThanOrEqual(0)
})

test('losing the signalling server reconnects by itself, and the call goes on', async ({ browser }) => {
  const { psychologist, patient } = await inARoom(browser)

  await patient.route('**/dev/video/signal', (route) => route.abort('connectionfailed'))
  // A message ends the patient's waiting poll, so its next one meets the dead server.
  await setVideoEnabled(psychologist, false)
  await expect.poll(async () => (await roomState(patient)).connection).toEqual(['reconnecting 53001'])

  await patient.unroute('**/dev/video/signal')
  await expect
    .poll(async () => (await roomState(patient)).connection, { timeout: 15_000 })
    .toEqual(['reconnecting 53001', 'reconnected'])
  await setVideoEnabled(psychologist, true)
  await expect.poll(async () => (await roomState(patient)).switchedOff).toBe(false)
  await expectPlaying(patient)
})
