// The intake's forms through their route actions, signed in as the patient: each answers
// through the action pipeline (a redirect, with a flash notice where the page says "saved"),
// and a refusal is the form's reply with its status.
import { describe, expect, it } from 'vitest'
import { SHOWN_VERSIONS_FIELD } from '~/domain/patients/consents.ts'
import { pendingPolicies } from '~/domain/patients/consents.server.ts'
import { INTAKE_STEPS } from '~/domain/patients/intake.ts'
import { db } from '~/utils/db.server.ts'
import {
  ORIGIN,
  noticeOf,
  routeRequest,
  routeContext as context,
  signedInCookie,
  thrown,
} from '../../../tests/setup/route-calls.ts'
import { action as saveStep } from './intake.$step.tsx'
import { action as saveConsents } from './intake.consents.tsx'
import { action as submitReview } from './intake.review.tsx'

let patients = 0
async function signedInPatient() {
  const user = await db.user.create({
    data: {
      email: `intake-${++patients}@example.com`,
      name: 'Sam Rivers',
      roles: { create: { role: { connect: { name: 'patient' } } } },
    },
  })
  return { userId: user.id, cookie: await signedInCookie(user.id) }
}

const CONTACTS = {
  intent: 'save',
  emergencyName: 'Alex Rivers',
  emergencyRelationship: 'Partner',
  emergencyPhone: '0498 765 432',
}

const REFERRAL = {
  intent: 'save',
  referrerType: 'gp_mhtp',
  referrerName: 'Dr Priya Shah',
  referrerProviderNumber: '2123456A',
  referralDate: '2025-06-02',
  sessionsReferred: '6',
}

function referralForm(letter: File) {
  const body = new FormData()
  for (const [name, value] of Object.entries(REFERRAL)) body.append(name, value)
  body.append('referralLetter', letter)
  return body
}

describe('an intake step', () => {
  it('goes on to the next step, with no notice', async () => {
    const { userId, cookie } = await signedInPatient()
    const response = (await saveStep({
      request: routeRequest('/patient/intake/contacts', cookie, CONTACTS),
      params: { step: 'contacts' },
      context,
    })) as Response
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/patient/intake/medicare')
    expect(await noticeOf(response)).toBeNull()
    const profile = await db.patientProfile.findUniqueOrThrow({ where: { userId } })
    expect(profile.emergencyName).toBe('Alex Rivers')
  })

  it('corrected from the profile, goes back there and says it is saved, once', async () => {
    const { userId, cookie } = await signedInPatient()
    const response = (await saveStep({
      request: routeRequest('/patient/intake/contacts', cookie, { ...CONTACTS, from: 'profile' }),
      params: { step: 'contacts' },
      context,
    })) as Response
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/patient/profile')
    expect(await noticeOf(response)).toEqual({ message: 'Your changes are saved.', path: '/patient/profile' })
    const profile = await db.patientProfile.findUniqueOrThrow({ where: { userId } })
    expect(profile.emergencyRelationship).toBe('Partner')
  })

  it('refuses a letter that is not a PDF, JPEG or PNG beside its field, and saves nothing', async () => {
    const { userId, cookie } = await signedInPatient()
    const reply = await saveStep({
      request: routeRequest(
        '/patient/intake/referral',
        cookie,
        referralForm(new File(['just text'], 'letter.pdf', { type: 'application/pdf' })),
      ),
      params: { step: 'referral' },
      context,
    })
    expect(reply).toMatchObject({
      init: { status: 400 },
      data: { result: { error: { referralLetter: [expect.stringMatching(/doesn't look like a PDF/)] } } },
    })
    expect(await db.referral.count({ where: { patientId: userId } })).toBe(0)
    expect(await db.storedFile.count({ where: { patientId: userId } })).toBe(0)
  })

  it('answers a letter too large to read beside its field', async () => {
    const { userId, cookie } = await signedInPatient()
    const huge = new File([new Uint8Array(7 * 1024 * 1024)], 'huge.pdf', { type: 'application/pdf' })
    // As bytes, as a browser sends it: the server stops reading part-way.
    const multipart = new Response(referralForm(huge))
    const request = new Request(`${ORIGIN}/patient/intake/referral`, {
      method: 'POST',
      headers: { cookie, 'content-type': multipart.headers.get('content-type')! },
      body: await multipart.arrayBuffer(),
    })
    const reply = await saveStep({
      request,
      params: { step: 'referral' },
      context,
    })
    expect(reply).toMatchObject({
      init: { status: 413 },
      data: { result: { error: { referralLetter: [expect.stringMatching(/larger than 5 MB/)] } } },
    })
    expect(await db.referral.count({ where: { patientId: userId } })).toBe(0)
  })

  it('is not found for a step the intake does not have', async () => {
    const { cookie } = await signedInPatient()
    const answer = await thrown(
      saveStep({
        request: routeRequest('/patient/intake/nope', cookie, CONTACTS),
        params: { step: 'nope' },
        context,
      }),
    )
    expect(answer).toMatchObject({ status: 404 })
  })
})

describe('the agreements step', () => {
  const SHOWN = 'privacy:1 telehealth:1 cancellation:1 sms:1'

  it('records the decisions and goes on to the review', async () => {
    const { userId, cookie } = await signedInPatient()
    const response = (await saveConsents({
      request: routeRequest('/patient/intake/consents', cookie, {
        intent: 'consent',
        [SHOWN_VERSIONS_FIELD]: SHOWN,
        privacy: 'on',
        telehealth: 'on',
        cancellation: 'on',
        sms: 'no',
      }),
      params: {},
      context,
    })) as Response
    expect(response.headers.get('location')).toBe('/patient/intake/review')
    expect(await pendingPolicies(userId)).toEqual([])
  })

  it('keeps a skipped required consent beside its checkbox and records nothing', async () => {
    const { userId, cookie } = await signedInPatient()
    const reply = await saveConsents({
      request: routeRequest('/patient/intake/consents', cookie, {
        intent: 'consent',
        [SHOWN_VERSIONS_FIELD]: SHOWN,
        privacy: 'on',
        cancellation: 'on',
        sms: 'yes',
      }),
      params: {},
      context,
    })
    expect(reply).toMatchObject({
      init: { status: 400 },
      data: { result: { error: { telehealth: [expect.stringMatching(/telehealth consent/)] } } },
    })
    expect(await db.consentRecord.count({ where: { userId } })).toBe(0)
  })
})

describe('sending the intake', () => {
  const submit = (cookie: string) =>
    submitReview({
      request: routeRequest('/patient/intake/review', cookie, { intent: 'submit' }),
      params: {},
      context,
    })

  it('sends a finished intake and says so on the overview, once', async () => {
    const { userId, cookie } = await signedInPatient()
    await db.patientProfile.create({ data: { userId, intakeSteps: INTAKE_STEPS.map((step) => step.key) } })
    const response = (await submit(cookie)) as Response
    expect(response.headers.get('location')).toBe('/patient')
    expect(await noticeOf(response)).toEqual({
      message: 'Thank you. Your intake has been sent to the practice.',
      path: '/patient',
    })
    const profile = await db.patientProfile.findUniqueOrThrow({ where: { userId } })
    expect(profile.intakeSubmittedAt).not.toBeNull()
  })

  it('refuses an unfinished one from an out-of-date page with 409, sending nothing', async () => {
    const { userId, cookie } = await signedInPatient()
    await db.patientProfile.create({ data: { userId, intakeSteps: ['about'] } })
    expect(await submit(cookie)).toMatchObject({
      init: { status: 409 },
      data: { result: { error: { '': ['Some steps of the intake are not finished yet.'] } } },
    })
    const profile = await db.patientProfile.findUniqueOrThrow({ where: { userId } })
    expect(profile.intakeSubmittedAt).toBeNull()
  })
})
