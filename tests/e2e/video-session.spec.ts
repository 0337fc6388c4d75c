// The video session end to end, in two Chromium contexts with the fake camera and microphone:
// the patient checks their devices and waits, the psychologist starts and lets them in, each
// sees the other's video playing, the psychologist ends it and the appointment shows who joined
// and for how long (from the stand-in's signed room callbacks). Another patient cannot get in.
// Then the clinical record of that session: the psychologist writes, signs and amends a SOAP note
// and shares a summary, which the patient reads (with JavaScript off too); the patient completes
// a PHQ-9 the psychologist asked for, and it shows on the psychologist's chart. A manager cannot
// open the note.
import { type Browser, type Page } from '@playwright/test'
import { expect, test } from './fake-media.ts'
import { signInAs } from './sign-in.ts'
import { noteIdOf, telehealthSessionNow } from './video.ts'

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
  await writeSignAndShare(psychologist)
  await psychologist.getByRole('link', { name: 'Back to the appointment' }).click()
  await expect(psychologist).toHaveURL(`/clinician/appointments/${id}`)
  const timeline = psychologist.getByRole('list', { name: 'Who joined the video session' })
  await expect(async () => {
    await psychologist.reload()
    await expect(timeline.getByText(/^Patient joined .+, left .+/)).toBeVisible({ timeout: 1_000 })
    await expect(timeline.getByText(/^Psychologist joined .+, left .+/)).toBeVisible({ timeout: 1_000 })
  }).toPass({ timeout: 20_000 })
  await expect(psychologist.getByText(/^Suggested: attended/)).toBeVisible()

  // The patient reads the summary in their portal, with JavaScript and without.
  await patient.goto('/patient/appointments')
  await patient.locator(`a[href="/patient/appointments/${id}/summary"]`).click()
  await expect(patient.getByRole('heading', { name: 'Notes from your session' })).toBeVisible()
  await expect(patient.getByText(SUMMARY_COVERED)).toBeVisible()
  const withoutScript = await (await browser.newContext({ javaScriptEnabled: false })).newPage()
  await signInAs(withoutScript, PATIENT)
  await withoutScript.goto(`/patient/appointments/${id}/summary`)
  await expect(withoutScript.getByText(SUMMARY_COVERED)).toBeVisible()
  // Never the clinical note itself.
  await expect(withoutScript.getByText(NOTE_SUBJECTIVE)).toHaveCount(0)

  // A PHQ-9, asked for by the psychologist, completed by the patient with JavaScript off.
  await psychologist.locator('dd a[href^="/clinician/patients/"]').click()
  await expect(psychologist).toHaveURL(/\/clinician\/patients\/[^/]+$/)
  const patientPage = psychologist.url()
  await psychologist
    .getByLabel('Ask the patient to complete')
    .selectOption({ label: 'Patient Health Questionnaire (PHQ-9)' })
  await psychologist.getByLabel('Once').check()
  await psychologist.getByRole('button', { name: 'Ask the patient' }).click()
  await expect(psychologist.getByText('The patient is asked to complete the PHQ-9.')).toBeVisible()
  await withoutScript.goto('/patient/questionnaires')
  await withoutScript.getByRole('link', { name: 'Start the PHQ-9' }).click()
  await expect(withoutScript.getByRole('heading', { name: 'PHQ-9', level: 1 })).toBeVisible()
  const items = withoutScript.getByRole('group')
  await expect(items).toHaveCount(9)
  for (let item = 0; item < 9; item++) {
    // Several days for each problem (a total of 8, mild), and not at all for the ninth (no risk).
    await items
      .nth(item)
      .getByLabel(item === 8 ? 'Not at all' : 'Several days')
      .check()
  }
  await withoutScript.getByRole('button', { name: 'Submit answers' }).click()
  await expect(withoutScript.getByRole('heading', { name: 'PHQ-9', level: 1 })).toHaveCount(0)

  await psychologist.goto(patientPage)
  const chart = psychologist.getByRole('table', { name: /PHQ-9/ })
  await expect(chart.getByRole('row').filter({ hasText: 'Mild' })).toContainText('8')

  // The manager runs the practice, not the notes.
  const manager = await personAt(browser, 'manager@haven.test', `/manager/notes/${await noteIdOf(id)}`)
  await expect(manager.getByRole('heading', { name: 'Clinical notes are not open to you' })).toBeVisible()
  await expect(manager.getByText(NOTE_SUBJECTIVE)).toHaveCount(0)
})

const NOTE_SUBJECTIVE = 'Sleeping better; <b>work</b> stress continues 🙂'
const SUMMARY_COVERED = 'We talked about your sleep routine and worry time.'

/** After the session: a SOAP note written (saving itself), signed, amended; a summary shared. */
async function writeSignAndShare(psychologist: Page) {
  await psychologist.getByRole('button', { name: 'Start note' }).click()
  await expect(psychologist.getByText('SOAP note started.')).toBeVisible()
  await psychologist.getByLabel('Subjective', { exact: true }).fill(NOTE_SUBJECTIVE)
  await psychologist.getByLabel('Objective', { exact: true }).fill('Calm and engaged.')
  await psychologist.getByLabel('Assessment', { exact: true }).fill('Improving.')
  await psychologist.getByLabel('Plan', { exact: true }).fill('Thought records; review in two weeks.')
  await expect(psychologist.getByText(/^Draft saved at /)).toBeVisible()
  await psychologist.getByRole('button', { name: 'Sign and lock' }).click()
  await expect(psychologist.getByText('Note signed and locked.')).toBeVisible()
  // Shown as it was typed: markup is text.
  await expect(psychologist.getByText(NOTE_SUBJECTIVE)).toBeVisible()
  await psychologist.getByLabel('Add an addendum').fill('Phoned on Friday: sleep holding.')
  await psychologist.getByRole('button', { name: 'Add addendum' }).click()
  await expect(psychologist.getByText('Addendum added.')).toBeVisible()
  await expect(psychologist.getByText('Phoned on Friday: sleep holding.')).toBeVisible()

  await psychologist.getByLabel('What we covered').fill(SUMMARY_COVERED)
  await psychologist.getByLabel('What to practise').fill('Worry time at 6 pm, ten minutes a day.')
  await psychologist.getByRole('button', { name: 'Share with patient' }).click()
  await expect(psychologist.getByText(/^Shared with .+ on /)).toBeVisible()
}
