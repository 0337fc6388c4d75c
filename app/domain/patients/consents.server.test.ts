import { afterEach, describe, expect, it, vi } from 'vitest'
import { parsePermission } from '~/domain/identity/permissions.ts'
import { action, loader } from '~/routes/patient+/consents.tsx'
import { requireCurrentConsents } from '~/routes/patient+/__consent-gate.server.ts'
import { getSessionUser } from '~/utils/auth.server.ts'
import { db } from '~/utils/db.server.ts'
import { acceptMessage, SHOWN_VERSIONS_FIELD, updatedWhileReadingMessage } from './consents.ts'
import {
  ConsentDecisionError,
  consentSummary,
  currentPolicies,
  pendingPolicies,
  recordConsentDecisions,
  smsAllowed,
  type ConsentDecision,
} from './consents.server.ts'
import { routeRequest, signedInCookie, thrown } from '../../../tests/setup/route-calls.ts'

async function createPatient(email: string) {
  return db.user.create({
    data: { email, name: 'Sam Rivers', roles: { create: { role: { connect: { name: 'patient' } } } } },
  })
}

function decide(userId: string, decisions: ConsentDecision[]) {
  return db.$transaction((tx) => recordConsentDecisions(tx, { userId, decisions, source: 'consents_page' }))
}

/** Accepts every current required policy and answers SMS as given. */
async function decideAll(userId: string, sms: boolean) {
  const current = await currentPolicies()
  return decide(
    userId,
    current.map((policy) => ({ policyId: policy.id, accepted: policy.required || sms })),
  )
}

async function publish(
  kind: 'privacy' | 'sms',
  version: number,
  effectiveAt = new Date(Date.now() - 60_000),
) {
  return db.policy.create({
    data: {
      kind,
      version,
      title: `Policy ${kind} v${version}`,
      summary: 'What changed.',
      body: 'First paragraph.\n\nSecond paragraph.',
      required: kind !== 'sms',
      effectiveAt,
    },
  })
}

afterEach(async () => {
  // Every test starts from the four seeded first versions. The history refuses row deletes, and
  // its rows hold on to the versions they decided: only a wholesale TRUNCATE clears it.
  await db.$executeRaw`TRUNCATE "ConsentDecision"`
  await db.consentRecord.deleteMany({ where: { policy: { version: { gt: 1 } } } })
  await db.policy.deleteMany({ where: { version: { gt: 1 } } })
})

describe('consents', () => {
  it('asks a new patient about all four policies, in order', async () => {
    const user = await createPatient('new@example.com')
    const pending = await pendingPolicies(user.id)
    expect(pending.map((p) => [p.kind, p.version, p.required, p.acceptedEarlierVersion])).toEqual([
      ['privacy', 1, true, false],
      ['telehealth', 1, true, false],
      ['cancellation', 1, true, false],
      ['sms', 1, false, false],
    ])
    expect(await smsAllowed(user.id)).toBe(false)
  })

  it('has nothing pending once the required ones are accepted and SMS is declined', async () => {
    const user = await createPatient('decided@example.com')
    const before = Date.now()
    const recorded = await decideAll(user.id, false)
    expect(recorded).toEqual([
      { kind: 'privacy', version: 1, accepted: true },
      { kind: 'telehealth', version: 1, accepted: true },
      { kind: 'cancellation', version: 1, accepted: true },
      { kind: 'sms', version: 1, accepted: false },
    ])
    expect(await pendingPolicies(user.id)).toEqual([])
    expect(await smsAllowed(user.id)).toBe(false)

    const summary = await consentSummary(user.id)
    expect(summary.map(({ kind, version, accepted }) => ({ kind, version, accepted }))).toEqual([
      { kind: 'privacy', version: 1, accepted: true },
      { kind: 'telehealth', version: 1, accepted: true },
      { kind: 'cancellation', version: 1, accepted: true },
      { kind: 'sms', version: 1, accepted: false },
    ])
    for (const item of summary) expect(item.decidedAt?.getTime()).toBeGreaterThanOrEqual(before - 1000)
  })

  it('refuses a skipped required consent and saves nothing at all', async () => {
    const user = await createPatient('skipped@example.com')
    const current = await currentPolicies()
    const decisions = current.map((policy) => ({
      policyId: policy.id,
      accepted: policy.kind !== 'telehealth',
    }))

    const refusal = decide(user.id, decisions)
    await expect(refusal).rejects.toThrow(ConsentDecisionError)
    await expect(refusal).rejects.toMatchObject({ field: 'telehealth', message: acceptMessage('telehealth') })

    expect(await db.consentRecord.count({ where: { userId: user.id } })).toBe(0)
    expect(await db.consentDecision.count({ where: { userId: user.id } })).toBe(0)
    expect(await db.auditEvent.count({ where: { entityId: user.id, action: 'consent.recorded' } })).toBe(0)
    expect(await pendingPolicies(user.id)).toHaveLength(4)
  })

  it('writes nothing when the caller’s transaction fails after recording', async () => {
    const user = await createPatient('rolledback@example.com')
    const current = await currentPolicies()
    await expect(
      db.$transaction(async (tx) => {
        await recordConsentDecisions(tx, {
          userId: user.id,
          decisions: current.map((policy) => ({ policyId: policy.id, accepted: true })),
          source: 'intake',
        })
        throw new Error('a later step of the same form failed')
      }),
    ).rejects.toThrow('a later step')
    expect(await db.consentRecord.count({ where: { userId: user.id } })).toBe(0)
    expect(await db.consentDecision.count({ where: { userId: user.id } })).toBe(0)
  })

  it('asks again only about a policy with a new version, and keeps the SMS answer', async () => {
    const user = await createPatient('updated@example.com')
    await decideAll(user.id, false)
    const privacyV1 = await db.policy.findUniqueOrThrow({
      where: { kind_version: { kind: 'privacy', version: 1 } },
    })
    const privacyV2 = await publish('privacy', 2)
    // Published ahead of time: not asked until it takes effect.
    await publish('privacy', 3, new Date(Date.now() + 24 * 60 * 60 * 1000))

    const pending = await pendingPolicies(user.id)
    expect(pending.map((p) => [p.id, p.kind, p.version, p.acceptedEarlierVersion])).toEqual([
      [privacyV2.id, 'privacy', 2, true],
    ])

    // Deciding on the version they were shown, after it was replaced, is refused beside that consent.
    await expect(decide(user.id, [{ policyId: privacyV1.id, accepted: true }])).rejects.toMatchObject({
      field: 'privacy',
      message: updatedWhileReadingMessage('privacy'),
    })

    await decide(user.id, [{ policyId: privacyV2.id, accepted: true }])
    expect(await pendingPolicies(user.id)).toEqual([])
    const summary = await consentSummary(user.id)
    expect(summary.find((item) => item.kind === 'privacy')).toMatchObject({ version: 2, accepted: true })
    expect(summary.find((item) => item.kind === 'sms')).toMatchObject({ version: 1, accepted: false })
  })

  it('allows texting only after a yes to the SMS policy now in force', async () => {
    const user = await createPatient('texts@example.com')
    await decideAll(user.id, true)
    expect(await smsAllowed(user.id)).toBe(true)

    const smsV1 = await db.policy.findUniqueOrThrow({ where: { kind_version: { kind: 'sms', version: 1 } } })
    await decide(user.id, [{ policyId: smsV1.id, accepted: false }])
    expect(await smsAllowed(user.id)).toBe(false)
    await decide(user.id, [{ policyId: smsV1.id, accepted: true }])
    expect(await smsAllowed(user.id)).toBe(true)

    const smsV2 = await publish('sms', 2)
    expect(await smsAllowed(user.id)).toBe(false)
    const pending = await pendingPolicies(user.id)
    // A yes to an earlier version: the page says the policy changed rather than asking from scratch.
    expect(pending.map((p) => [p.id, p.acceptedEarlierVersion])).toEqual([[smsV2.id, true]])
  })

  it('audits kinds, versions and answers, never the policy text', async () => {
    const user = await createPatient('audited@example.com')
    await decideAll(user.id, false)
    const event = await db.auditEvent.findFirstOrThrow({
      where: { action: 'consent.recorded', entityId: user.id },
    })
    expect(event).toMatchObject({ actorId: user.id, entity: 'user' })
    expect(event.detail).toEqual([
      { kind: 'privacy', version: 1, accepted: true },
      { kind: 'telehealth', version: 1, accepted: true },
      { kind: 'cancellation', version: 1, accepted: true },
      { kind: 'sms', version: 1, accepted: false },
    ])
    const detail = JSON.stringify(event.detail)
    for (const policy of await currentPolicies()) {
      expect(detail).not.toContain(policy.body.slice(0, 30))
      expect(detail).not.toContain(policy.title)
    }
  })

  it('keeps one record per person and version, updated when they change their mind', async () => {
    const user = await createPatient('changed@example.com')
    await decideAll(user.id, true)
    await decideAll(user.id, false)
    expect(await db.consentRecord.count({ where: { userId: user.id } })).toBe(4)
  })
})

describe('consent history', () => {
  const smsPolicy = async () => (await currentPolicies()).find((policy) => policy.kind === 'sms')!
  const history = (userId: string) =>
    db.consentDecision.findMany({
      where: { userId, kind: 'sms' },
      orderBy: { decidedAt: 'asc' },
      select: { kind: true, version: true, accepted: true, actorId: true, source: true, decidedAt: true },
    })

  it('keeps every decision: a grant, a withdrawal and a grant again are three rows', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      const user = await createPatient('history@example.com')
      const sms = await smsPolicy()
      const day = 24 * 60 * 60 * 1000
      // Fixed times after the policy took effect, a week apart.
      const times = [1, 8, 15, 22].map((days) => new Date(sms.effectiveAt.getTime() + days * day))
      for (const [index, at] of times.slice(0, 3).entries()) {
        vi.setSystemTime(at)
        await decide(user.id, [{ policyId: sms.id, accepted: index !== 1 }])
      }
      expect(await history(user.id)).toEqual(
        times.slice(0, 3).map((at, index) => ({
          kind: 'sms',
          version: sms.version,
          accepted: index !== 1,
          actorId: user.id,
          source: 'consents_page',
          decidedAt: at,
        })),
      )
      // The current state is the latest decision.
      expect(await smsAllowed(user.id)).toBe(true)
      const record = await db.consentRecord.findUniqueOrThrow({
        where: { userId_policyId: { userId: user.id, policyId: sms.id } },
      })
      expect(record).toMatchObject({ accepted: true, decidedAt: times[2] })

      vi.setSystemTime(times[3]!)
      await decide(user.id, [{ policyId: sms.id, accepted: false }])
      expect(await smsAllowed(user.id)).toBe(false)
      expect((await consentSummary(user.id)).find((item) => item.kind === 'sms')).toMatchObject({
        accepted: false,
        decidedAt: times[3],
      })
      expect(await history(user.id)).toHaveLength(4)
    } finally {
      vi.useRealTimers()
    }
  })

  it('is refused any change or removal by the database itself', async () => {
    const user = await createPatient('appendonly@example.com')
    await decideAll(user.id, true)
    const [row] = await history(user.id)
    expect(row).toBeDefined()
    await expect(
      db.$executeRaw`UPDATE "ConsentDecision" SET "accepted" = false WHERE "userId" = ${user.id}`,
    ).rejects.toThrow(/append-only: UPDATE/)
    await expect(db.$executeRaw`DELETE FROM "ConsentDecision" WHERE "userId" = ${user.id}`).rejects.toThrow(
      /append-only: DELETE/,
    )
    await expect(db.consentDecision.deleteMany({ where: { userId: user.id } })).rejects.toThrow(/append-only/)
    expect(await db.consentDecision.count({ where: { userId: user.id } })).toBe(4)
    expect(await history(user.id)).toEqual([row])
  })
})

const testContext = { cspNonce: 'test-nonce' }

async function signedInPatient(email: string, { intakeSubmitted = true } = {}) {
  const user = await createPatient(email)
  if (intakeSubmitted)
    await db.patientProfile.create({ data: { userId: user.id, intakeSubmittedAt: new Date() } })
  return { user, cookie: await signedInCookie(user.id) }
}

function locationOf(response: unknown) {
  expect(response).toBeInstanceOf(Response)
  return (response as Response).headers.get('location')
}

describe('requireCurrentConsents', () => {
  async function gate(cookie: string, path: string) {
    const request = routeRequest(path, cookie)
    const user = await getSessionUser(request)
    if (!user) throw new Error('not signed in')
    return requireCurrentConsents(request, user)
  }

  it('sends a patient past intake to the consents page, and back afterwards', async () => {
    const { cookie } = await signedInPatient('gated@example.com')
    const response = await thrown(gate(cookie, '/patient/appointments?week=2'))
    expect(locationOf(response)).toBe(
      `/patient/consents?redirectTo=${encodeURIComponent('/patient/appointments?week=2')}`,
    )
  })

  it('never gates the consents page itself', async () => {
    const { cookie } = await signedInPatient('onpage@example.com')
    await expect(gate(cookie, '/patient/consents?redirectTo=%2Fpatient')).resolves.toBeUndefined()
  })

  it('asks whoever may decide on the policies, whatever their role is called', async () => {
    const carer = await db.user.create({
      data: {
        email: 'carer@example.com',
        name: 'Jo Carer',
        roles: {
          create: {
            role: {
              create: {
                name: 'carer',
                description: 'Decides for a patient in their care',
                permissions: {
                  create: [
                    {
                      permission: { connect: { action_entity_access: parsePermission('read:patient:own') } },
                    },
                    {
                      permission: {
                        connect: { action_entity_access: parsePermission('update:patient:own') },
                      },
                    },
                  ],
                },
              },
            },
          },
        },
        patient: { create: { intakeSubmittedAt: new Date() } },
      },
    })
    const cookie = await signedInCookie(carer.id)
    expect(locationOf(await thrown(gate(cookie, '/patient')))).toBe('/patient/consents?redirectTo=%2Fpatient')
  })

  it('leaves alone a patient still in intake, and one with nothing pending', async () => {
    const inIntake = await signedInPatient('intake@example.com', { intakeSubmitted: false })
    await expect(gate(inIntake.cookie, '/patient')).resolves.toBeUndefined()

    const decided = await signedInPatient('uptodate@example.com')
    await decideAll(decided.user.id, false)
    await expect(gate(decided.cookie, '/patient')).resolves.toBeUndefined()
  })
})

describe('/patient/consents', () => {
  function load(cookie: string, search = '') {
    return loader({
      request: routeRequest(`/patient/consents${search}`, cookie),
      params: {},
      context: testContext,
    })
  }

  function submit(cookie: string, fields: Record<string, string>) {
    const body = new FormData()
    for (const [name, value] of Object.entries(fields)) body.set(name, value)
    return action({
      request: routeRequest('/patient/consents', cookie, body),
      params: {},
      context: testContext,
    })
  }

  const ALL_V1 = 'privacy:1 telehealth:1 cancellation:1 sms:1'

  it('shows "Before you continue" to someone deciding for the first time', async () => {
    const { cookie } = await signedInPatient('firsttime@example.com')
    const page = await load(cookie, '?redirectTo=%2Fpatient%2Fbook')
    expect(page).toMatchObject({ updated: false, redirectTo: '/patient/book' })
    expect(page.policies.map((policy) => policy.kind)).toEqual([
      'privacy',
      'telehealth',
      'cancellation',
      'sms',
    ])
  })

  it('shows "We\'ve updated our policies" after a new version, and sends anyone with nothing pending on', async () => {
    const { user, cookie } = await signedInPatient('newversion@example.com')
    await decideAll(user.id, false)
    expect(locationOf(await thrown(load(cookie, '?redirectTo=%2Fpatient%2Fbook')))).toBe('/patient/book')
    expect(locationOf(await thrown(load(cookie, '?redirectTo=%2F%2Fevil.example')))).toBe('/patient')
    expect(locationOf(await thrown(load(cookie, '?redirectTo=%2Fpatient%2Fconsents')))).toBe('/patient')

    await publish('privacy', 2)
    const page = await load(cookie)
    expect(page).toMatchObject({ updated: true, redirectTo: '/patient' })
    expect(page.policies.map((policy) => [policy.kind, policy.version])).toEqual([['privacy', 2]])
  })

  it('sends anyone with nothing pending to their area, never off the site nor to an error', async () => {
    const { user, cookie } = await signedInPatient('redirects@example.com')
    await decideAll(user.id, false)
    for (const attempt of [
      '/\t/evil.example',
      '/patient\r\n/evil.example',
      '/\r/evil.example',
      '/\\evil.example',
    ]) {
      const search = `?redirectTo=${encodeURIComponent(attempt)}`
      expect(locationOf(await thrown(load(cookie, search))), JSON.stringify(attempt)).toBe('/patient')
      expect(locationOf(await submit(cookie, { redirectTo: attempt })), JSON.stringify(attempt)).toBe(
        '/patient',
      )
    }
  })

  it('keeps a skipped required consent beside its checkbox and saves nothing', async () => {
    const { user, cookie } = await signedInPatient('skipform@example.com')
    const reply = await submit(cookie, {
      [SHOWN_VERSIONS_FIELD]: ALL_V1,
      privacy: 'on',
      cancellation: 'on',
      sms: 'yes',
    })
    expect(reply).toMatchObject({
      init: { status: 400 },
      data: { result: { error: { telehealth: [acceptMessage('telehealth')] } } },
    })
    expect(await db.consentRecord.count({ where: { userId: user.id } })).toBe(0)
  })

  it('records the current versions, whatever ids the form might carry, then goes back', async () => {
    const { user, cookie } = await signedInPatient('formok@example.com')
    const response = await submit(cookie, {
      [SHOWN_VERSIONS_FIELD]: ALL_V1,
      redirectTo: '/patient/book?type=initial',
      privacy: 'on',
      telehealth: 'on',
      cancellation: 'accepted',
      sms: 'no',
      policyId: 'policy_privacy_v0',
    })
    expect(locationOf(response)).toBe('/patient/book?type=initial')
    expect(await pendingPolicies(user.id)).toEqual([])
    expect(await smsAllowed(user.id)).toBe(false)
  })

  it('asks again when a policy changed while the page was open', async () => {
    const { user, cookie } = await signedInPatient('stale@example.com')
    await decideAll(user.id, false)
    await publish('privacy', 2)
    const reply = await submit(cookie, { [SHOWN_VERSIONS_FIELD]: 'privacy:1', privacy: 'on' })
    expect(reply).toMatchObject({
      init: { status: 400 },
      data: { result: { error: { privacy: [updatedWhileReadingMessage('privacy')] } } },
    })
    expect(await pendingPolicies(user.id)).toHaveLength(1)
  })

  it('is for patients only', async () => {
    const staff = await db.user.create({
      data: {
        email: 'psych@example.com',
        name: 'Dr Lee',
        roles: { create: { role: { connect: { name: 'psychologist' } } } },
      },
    })
    const cookie = await signedInCookie(staff.id)
    expect(await thrown(load(cookie))).toMatchObject({ status: 403 })
    expect(await thrown(submit(cookie, {}))).toMatchObject({ status: 403 })
  })
})
