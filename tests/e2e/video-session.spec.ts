// The video session end to end, in two Chromium contexts with the fake camera and microphone:
// the patient checks their devices and waits, the psychologist starts and lets them in, each
// sees the other's video playing, the psychologist ends it and the appointment shows who joined
// and for how long (from the stand-in's signed room callbacks). Another patient cannot get in.
import { type Browser, type Page } from '@playwright/test'
import { expect, test } from './fake-media.ts'
import { signInAs } from './sign-in.ts'
import { telehealthSessionNow } from './video.ts'

const PATIENT = 'patient9@haven.test'
const PSYCHOLOGIST = 'hannah.kowalski@haven.test'

async function personAt(browser: Browser, email: string, path: string) {
  const page = await (await browser.newContext()).newPage()
  await signInAs(page, email)
  await page.goto(path)
  return page
}

/** The other party's video has a size and its decoded frames keep rising. */
async function expectOtherVideoPlaying(page: Page) {
  const remote = page.getByTestId('remote-video')
  const frames = () =>
    remote.evaluate((video: HTMLVideoElement) => ({
      width: video.videoWidth,
      frames: video.getVideoPlaybackQuality().totalVideoFrames,
    }))
  await expect.poll(async () => (await frames()).width, { timeout: 20_000 }).toBeGreaterThan(0)
  const before = (await frames()).frames
  await expect.poll(async () => (await frames()).frames).toBeGreaterThan(before + 5)
}

test('a patient waits, is let in, and patient and psychologist see each other until the session ends', async ({
  browser,
}) => {
  test.slow()
  const id = await telehealthSessionNow({ patient: PATIENT, psychologist: PSYCHOLOGIST })

  const patient = await personAt(browser, PATIENT, '/patient/appointments')
  // Its own session's link (the patient may have others on the list).
  await patient
    .locator(`a[href="/patient/appointments/${id}/session"]`, { hasText: 'Join video session' })
    .click()
  await expect(patient).toHaveURL(`/patient/appointments/${id}/session`)
  await expect(patient.getByRole('heading', { name: 'Check your camera and sound' })).toBeVisible()
  await patient.getByRole('button', { name: 'Join video session' }).click()
  await expect(patient.getByRole('heading', { name: 'Hannah Kowalski will let you in' })).toBeVisible()

  const psychologist = await personAt(browser, PSYCHOLOGIST, `/clinician/appointments/${id}`)
  await psychologist.getByRole('link', { name: 'Start session' }).click()
  await psychologist.getByRole('button', { name: 'Start session' }).click()
  await psychologist.getByRole('button', { name: 'Admit' }).click()

  await expectOtherVideoPlaying(patient)
  await expectOtherVideoPlaying(psychologist)

  // Someone else's session is simply not there, even with its address.
  const stranger = await personAt(browser, 'patient10@haven.test', `/patient/appointments/${id}/session`)
  await expect(stranger.getByRole('heading', { name: 'We could not find that page' })).toBeVisible()
  await expect(stranger.getByTestId('remote-video')).toHaveCount(0)

  await psychologist.getByRole('button', { name: 'End session' }).click()
  await psychologist.getByRole('button', { name: 'Yes, end the session' }).click()
  await expect(psychologist).toHaveURL(`/clinician/appointments/${id}/note`)
  await expect(
    psychologist.getByText('Session ended. Write your note here; attendance is recorded on the appointment.'),
  ).toBeVisible()
  await psychologist.getByRole('link', { name: 'Back to the appointment' }).click()
  const timeline = psychologist.getByRole('list', { name: 'Who joined the video session' })
  await expect(async () => {
    await psychologist.reload()
    await expect(timeline.getByText(/^Patient joined .+, left .+/)).toBeVisible({ timeout: 1_000 })
    await expect(timeline.getByText(/^Psychologist joined .+, left .+/)).toBeVisible({ timeout: 1_000 })
  }).toPass({ timeout: 20_000 })
  await expect(psychologist.getByText(/^Suggested: attended/)).toBeVisible()
})
