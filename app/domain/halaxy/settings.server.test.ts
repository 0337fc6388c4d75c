// The manager's Halaxy mappings against the local Halaxy stand-in: Haven's records beside
// Halaxy's own lists, saves checked against a fresh read of those lists, fee prices compared,
// and the saved mappings still shown when Halaxy cannot be reached.
import type * as RemixReact from '@remix-run/react'
import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import HalaxySettingsPage, { action, loader } from '~/routes/manager+/halaxy.tsx'
import { type ActionReply } from '~/utils/action.server.ts'
import { db } from '~/utils/db.server.ts'
import { initEnv } from '~/utils/env.server.ts'
import { seedDemoPractice } from '../../../prisma/seed.ts'
import { defaultSeed, startHalaxyStandIn, type HalaxyStandIn } from '../../../tests/fakes/halaxy/server.ts'
import {
  answerOf,
  cookieFor,
  routeContext as context,
  routeRequest,
  signedInCookie,
  thrown,
  userWithOnly,
} from '../../../tests/setup/route-calls.ts'
import { feeCentsFor } from '../billing/fees.server.ts'
import { HalaxyClient, readHalaxyConfig } from './client.server.ts'
import { feeMappingKey } from './mapping/appointment.ts'
import {
  clearMapping,
  HalaxyListUnavailableError,
  MappingRefusedError,
  mappingPage,
  saveMapping,
} from './settings.server.ts'

// The page renders without a router: plain <form>s and the loader's data, as with JavaScript off.
const rendered = vi.hoisted(() => ({ loaderData: undefined as unknown }))
vi.mock('@remix-run/react', async (importActual) => ({
  ...(await importActual<typeof RemixReact>()),
  Form: (props: Record<string, unknown>) => createElement('form', props),
  useLoaderData: () => rendered.loaderData,
  useActionData: () => undefined,
  useSearchParams: () => [new URLSearchParams()],
}))

let halaxy: HalaxyStandIn
let client: HalaxyClient
let managerId: string
let amelia: string
let hannah: string
let initial: { id: string; feeCents: number }
let ameliaInitialCents: number
let sydney: string
let telehealth: string

const clientFor = (baseUrl: string) =>
  new HalaxyClient({ ...readHalaxyConfig(), baseUrl, timeoutMs: 2_000, maxWaitMs: 5_000 })

beforeAll(async () => {
  await seedDemoPractice(db)
  managerId = (await db.user.findUniqueOrThrow({ where: { email: 'manager@haven.test' } })).id
  amelia = (await db.user.findUniqueOrThrow({ where: { email: 'dr.amelia.nguyen@haven.test' } })).id
  hannah = (await db.user.findUniqueOrThrow({ where: { email: 'hannah.kowalski@haven.test' } })).id
  initial = await db.appointmentType.findFirstOrThrow({ where: { name: 'Initial consultation' } })
  ameliaInitialCents = await feeCentsFor(db, amelia, initial)
  sydney = (await db.location.findUniqueOrThrow({ where: { name: 'Haven Sydney CBD' } })).id
  telehealth = (await db.location.findUniqueOrThrow({ where: { name: 'Telehealth' } })).id

  // Halaxy's fees: one priced as Haven charges Amelia's initial consultation, one $15 more,
  // and one retired (not offered).
  const [template] = defaultSeed().chargeItemDefinitions
  const priced = (id: string, dollars: number | string, status: 'active' | 'retired' = 'active') => ({
    ...template!,
    id,
    status,
    propertyGroup: [
      { priceComponent: [{ type: 'base' as const, amount: { value: dollars as number, currency: 'AUD' } }] },
    ],
  })
  halaxy = await startHalaxyStandIn({
    seed: {
      chargeItemDefinitions: [
        priced('CID-4001', ameliaInitialCents / 100),
        priced('CID-4002', (ameliaInitialCents + 1_500) / 100),
        priced('CID-4009', 100, 'retired'),
      ],
    },
  })
  client = clientFor(halaxy.url)
})

afterAll(async () => {
  await halaxy.stop()
})

const auditsOf = (action: string) => db.auditEvent.findMany({ where: { action }, orderBy: { at: 'asc' } })

describe('the mapping page', () => {
  it("lists Haven's active records and Halaxy's own options", async () => {
    const page = await mappingPage(client)
    expect(page.halaxyError).toBeNull()
    expect(page.psychologists.map((p) => p.name)).toEqual(
      expect.arrayContaining(['Dr Amelia Nguyen', 'Hannah Kowalski']),
    )
    expect(page.locations.map((l) => l.name)).toEqual(['Haven Sydney CBD', 'Telehealth'])
    expect(page.appointmentTypes.map((t) => t.name)).toContain('Initial consultation')
    expect(page.fees).toHaveLength(page.psychologists.length * page.appointmentTypes.length)
    const ameliaInitial = page.fees.find((fee) => fee.havenId === feeMappingKey(amelia, initial.id))
    expect(ameliaInitial).toMatchObject({ feeCents: ameliaInitialCents, mapping: null, priceDiffers: false })

    expect(page.halaxy?.practitionerRoles.map((r) => r.id).sort()).toEqual(['PR-2001', 'PR-2002', 'PR-2003'])
    expect(page.halaxy?.practitionerRoles.find((r) => r.id === 'PR-2001')?.label).toContain('Dr Maya Chen')
    expect(page.halaxy?.clinics).toEqual([{ id: 'CL-1001', label: 'Haven Psychology Fitzroy' }])
    expect(page.halaxy?.services.map((s) => s.label)).toContain('Initial consultation (50 min)')
    // Retired fees are not offered; prices are exact cents, item codes read from the MBS coding.
    expect(page.halaxy?.fees.map((f) => f.id).sort()).toEqual(['CID-4001', 'CID-4002'])
    expect(page.halaxy?.fees.find((f) => f.id === 'CID-4001')).toMatchObject({
      itemCode: '80010',
      priceCents: ameliaInitialCents,
    })
  })
})

describe('saving and clearing', () => {
  it('stores a valid mapping with Halaxy’s label, and audits it by ids only', async () => {
    const saved = await saveMapping(
      client,
      { kind: 'psychologist', havenId: amelia, halaxyId: 'PR-2001' },
      managerId,
    )
    expect(saved).toMatchObject({ halaxyId: 'PR-2001', priceDiffers: false })
    const row = await db.halaxyMapping.findUniqueOrThrow({
      where: { kind_havenId: { kind: 'psychologist', havenId: amelia } },
    })
    expect(row.halaxyId).toBe('PR-2001')
    expect(row.label).toContain('Dr Maya Chen')

    const [event] = await auditsOf('halaxy_mapping.saved')
    expect(event).toMatchObject({ actorId: managerId, entity: 'halaxy_mapping' })
    expect(event!.detail).toEqual({
      kind: 'psychologist',
      havenId: amelia,
      halaxyId: 'PR-2001',
      halaxyResource: 'PractitionerRole',
    })

    const page = await mappingPage(client)
    expect(page.psychologists.find((p) => p.id === amelia)?.mapping).toMatchObject({
      halaxyId: 'PR-2001',
      missingInHalaxy: false,
    })
  })

  it('maps a clinic location and an appointment type, and replaces a mapping on a second save', async () => {
    expect(
      await saveMapping(client, { kind: 'location', havenId: sydney, halaxyId: 'CL-1001' }, managerId),
    ).toMatchObject({ label: 'Haven Psychology Fitzroy' })
    await saveMapping(
      client,
      { kind: 'appointment_type', havenId: initial.id, halaxyId: 'HS-3002' },
      managerId,
    )
    await saveMapping(
      client,
      { kind: 'appointment_type', havenId: initial.id, halaxyId: 'HS-3001' },
      managerId,
    )
    const page = await mappingPage(client)
    expect(page.appointmentTypes.find((t) => t.id === initial.id)?.mapping).toMatchObject({
      halaxyId: 'HS-3001',
      label: 'Initial consultation (50 min)',
    })
    // Telehealth has no Halaxy clinic and may stay unmapped.
    expect(page.locations.find((l) => l.id === telehealth)?.mapping).toBeNull()
  })

  it('refuses a Halaxy id that is not in Halaxy’s list, with a clear message', async () => {
    const refused = saveMapping(
      client,
      { kind: 'psychologist', havenId: hannah, halaxyId: 'PR-9999' },
      managerId,
    )
    await expect(refused).rejects.toBeInstanceOf(MappingRefusedError)
    await expect(refused).rejects.toMatchObject({
      kind: 'refused',
      field: 'halaxyId',
      reason: 'not_in_halaxy',
      message: expect.stringMatching(/Halaxy has no active practitioner role with the id PR-9999/),
    })
    // An id of the wrong kind, and a retired fee, are refused the same way.
    await expect(
      saveMapping(client, { kind: 'psychologist', havenId: hannah, halaxyId: 'HS-3001' }, managerId),
    ).rejects.toMatchObject({ reason: 'not_in_halaxy' })
    await expect(
      saveMapping(
        client,
        { kind: 'fee', havenId: feeMappingKey(hannah, initial.id), halaxyId: 'CID-4009' },
        managerId,
      ),
    ).rejects.toMatchObject({ reason: 'not_in_halaxy' })
    expect(
      await db.halaxyMapping.count({
        where: { havenId: { in: [hannah, feeMappingKey(hannah, initial.id)] } },
      }),
    ).toBe(0)
  })

  it('refuses a Haven record that does not exist', async () => {
    for (const target of [
      { kind: 'psychologist' as const, havenId: 'nobody' },
      { kind: 'appointment_type' as const, havenId: 'no-such-type' },
      { kind: 'fee' as const, havenId: `${amelia}:no-such-type` },
      { kind: 'fee' as const, havenId: amelia },
    ]) {
      await expect(saveMapping(client, { ...target, halaxyId: 'PR-2001' }, managerId)).rejects.toMatchObject({
        kind: 'refused',
        reason: 'haven_record_not_found',
      })
    }
  })

  it('clears a mapping, and says so only when there was one', async () => {
    await saveMapping(client, { kind: 'psychologist', havenId: hannah, halaxyId: 'PR-2002' }, managerId)
    expect(await clearMapping({ kind: 'psychologist', havenId: hannah }, managerId)).toBe(true)
    expect(await clearMapping({ kind: 'psychologist', havenId: hannah }, managerId)).toBe(false)
    expect(
      await db.halaxyMapping.findUnique({
        where: { kind_havenId: { kind: 'psychologist', havenId: hannah } },
      }),
    ).toBeNull()
    expect(await auditsOf('halaxy_mapping.cleared')).toHaveLength(1)
  })
})

describe('fees', () => {
  it('flags a fee whose Halaxy price differs from Haven’s, but saves it', async () => {
    const havenId = feeMappingKey(amelia, initial.id)
    expect(
      await saveMapping(client, { kind: 'fee', havenId, halaxyId: 'CID-4001' }, managerId),
    ).toMatchObject({
      priceDiffers: false,
    })
    const differs = await saveMapping(client, { kind: 'fee', havenId, halaxyId: 'CID-4002' }, managerId)
    expect(differs).toMatchObject({ priceDiffers: true })

    const fee = (await mappingPage(client)).fees.find((row) => row.havenId === havenId)
    expect(fee).toMatchObject({
      feeCents: ameliaInitialCents,
      halaxyPriceCents: ameliaInitialCents + 1_500,
      priceDiffers: true,
      mapping: { halaxyId: 'CID-4002' },
    })
  })
})

describe('when Halaxy cannot be reached', () => {
  it('still shows the saved mappings, with a plain error and no pickers', async () => {
    const unreachable = clientFor('http://127.0.0.1:1/main/')
    const page = await mappingPage(unreachable)
    expect(page.halaxy).toBeNull()
    expect(page.halaxyError).toMatch(/Halaxy could not be reached/)
    expect(page.psychologists.find((p) => p.id === amelia)?.mapping).toMatchObject({
      halaxyId: 'PR-2001',
      missingInHalaxy: false,
    })
    const fee = page.fees.find((row) => row.havenId === feeMappingKey(amelia, initial.id))
    expect(fee?.mapping?.halaxyId).toBe('CID-4002')
    // Without Halaxy's list the price cannot be compared, so nothing is claimed.
    expect(fee?.priceDiffers).toBe(false)
  })

  it('refuses to save (it cannot check the id) and leaves the mapping as it was', async () => {
    const unreachable = clientFor('http://127.0.0.1:1/main/')
    const refused = saveMapping(
      unreachable,
      { kind: 'psychologist', havenId: amelia, halaxyId: 'PR-2003' },
      managerId,
    )
    await expect(refused).rejects.toBeInstanceOf(HalaxyListUnavailableError)
    await expect(refused).rejects.toMatchObject({
      kind: 'unavailable',
      field: 'halaxyId',
      message: expect.stringMatching(/Not saved.*Halaxy could not be reached/),
    })
    const row = await db.halaxyMapping.findUniqueOrThrow({
      where: { kind_havenId: { kind: 'psychologist', havenId: amelia } },
    })
    expect(row.halaxyId).toBe('PR-2001')
  })

  it('clears a mapping without Halaxy', async () => {
    expect(await clearMapping({ kind: 'location', havenId: sydney }, managerId)).toBe(true)
  })

  it('marks a saved mapping Halaxy no longer lists', async () => {
    await db.halaxyMapping.create({
      data: { kind: 'location', havenId: telehealth, halaxyId: 'CL-0404', label: 'Old clinic' },
    })
    const page = await mappingPage(client)
    expect(page.locations.find((l) => l.id === telehealth)?.mapping).toEqual({
      halaxyId: 'CL-0404',
      label: 'Old clinic',
      missingInHalaxy: true,
    })
  })
})

/** The routes read Halaxy's address from the environment, validated once: set it and read it again. */
async function withHalaxyAt<T>(baseUrl: string, run: () => Promise<T>) {
  const before = process.env.HALAXY_BASE_URL
  process.env.HALAXY_BASE_URL = baseUrl
  initEnv()
  try {
    return await run()
  } finally {
    if (before === undefined) delete process.env.HALAXY_BASE_URL
    else process.env.HALAXY_BASE_URL = before
    initEnv()
  }
}

describe('the /manager/halaxy route', () => {
  const path = '/manager/halaxy'
  const load = (cookie: string) => loader({ request: routeRequest(path, cookie), params: {}, context })
  const send = (cookie: string, fields: Record<string, string>) =>
    action({ request: routeRequest(path, cookie, fields), params: {}, context })
  const post = (cookie: string, fields: Record<string, string>) => answerOf(() => send(cookie, fields))

  it('is for managers only, in the loader and the action', async () => {
    const psychologist = await cookieFor('hannah.kowalski@haven.test')
    expect(await thrown(load(psychologist))).toMatchObject({ status: 403 })
    const fields = { intent: 'map', kind: 'psychologist', havenId: hannah, halaxyId: 'PR-2002' }
    expect(await thrown(send(psychologist, fields))).toMatchObject({ status: 403 })
  })

  it('has permissions of its own: the sync monitor’s do not open it, and reading is not changing', async () => {
    const fields = { intent: 'map', kind: 'psychologist', havenId: hannah, halaxyId: 'PR-2002' }
    const operator = await signedInCookie(
      (await userWithOnly('sync-operator', ['read:sync:any', 'update:sync:any'])).id,
    )
    expect(await thrown(load(operator))).toMatchObject({ status: 403 })
    expect(await thrown(send(operator, fields))).toMatchObject({ status: 403 })

    const reader = await signedInCookie(
      (await userWithOnly('halaxy-reader', ['read:halaxy-settings:any'])).id,
    )
    await withHalaxyAt(halaxy.url, async () => {
      const page = await load(reader)
      expect(page.psychologists.map((p) => p.id)).toContain(hannah)
      expect(await thrown(send(reader, fields))).toMatchObject({ status: 403 })
    })
    expect(
      await db.halaxyMapping.findUnique({
        where: { kind_havenId: { kind: 'psychologist', havenId: hannah } },
      }),
    ).toBeNull()
  })

  it('saves from the form, refuses bad input and unknown ids with 400, and never fails when Halaxy is down', async () => {
    const manager = await cookieFor('manager@haven.test')
    const mapHannah = (halaxyId: string) =>
      post(manager, { intent: 'map', kind: 'psychologist', havenId: hannah, halaxyId })
    await withHalaxyAt(halaxy.url, async () => {
      const saved = await mapHannah('PR-2002')
      expect(saved.status).toBe(302)
      expect(saved.location).toBe(`/manager/halaxy#psychologist-${hannah}`)
      expect(saved.notice).toEqual({
        path: '/manager/halaxy',
        message: 'Mapping saved. Haven uses it from the next change it sends to Halaxy.',
      })

      const unknown = await mapHannah('PR-0000')
      expect(unknown.status).toBe(400)
      // The reply names its row, so the page shows it beside that row's choice.
      expect((unknown.body as ActionReply).result).toMatchObject({
        initialValue: { kind: 'psychologist', havenId: hannah },
        error: { halaxyId: [expect.stringMatching(/PR-0000/)] },
      })

      const nonsense = await post(manager, { intent: 'map', kind: 'planet' })
      expect(nonsense.status).toBe(400)
    })
    await withHalaxyAt('http://127.0.0.1:1/main/', async () => {
      const page = await load(manager)
      expect(page.halaxyError).toMatch(/Halaxy could not be reached/)
      expect(page.psychologists.find((p) => p.id === hannah)?.mapping?.halaxyId).toBe('PR-2002')

      const down = await mapHannah('PR-2003')
      expect(down.status).toBe(503)
      // Halaxy said nothing of when to try again.
      expect(down.headers.get('Retry-After')).toBeNull()
      expect((down.body as ActionReply).result.error).toEqual({
        halaxyId: [expect.stringMatching(/Not saved/)],
      })

      const cleared = await mapHannah('')
      expect(cleared.location).toBe(`/manager/halaxy#psychologist-${hannah}`)
      expect(cleared.notice).toMatchObject({ message: 'Mapping removed.' })
    })
  })

  it('answers 503 beside the choice when Halaxy throttles, with the Retry-After it gave, saving nothing', async () => {
    const manager = await cookieFor('manager@haven.test')
    const target = { kind: 'location' as const, havenId: sydney }
    const before = await db.halaxyMapping.findUnique({ where: { kind_havenId: target } })
    await halaxy.faults.set({ kind: '429-burst', match: 'GET PractitionerRole' })
    try {
      const answer = await withHalaxyAt(halaxy.url, () =>
        post(manager, { intent: 'map', ...target, halaxyId: 'CL-1001' }),
      )
      expect(answer.status).toBe(503)
      expect(answer.headers.get('Retry-After')).toBe('1')
      expect((answer.body as ActionReply).result.error).toEqual({
        halaxyId: [expect.stringMatching(/^Not saved: .*Halaxy is busy/)],
      })
    } finally {
      await halaxy.faults.clear()
    }
    expect(await db.halaxyMapping.findUnique({ where: { kind_havenId: target } })).toEqual(before)
  })
})

describe('sending signed notes to Halaxy', () => {
  const path = '/manager/halaxy'
  const post = (cookie: string, fields: Record<string, string>) =>
    answerOf(() => action({ request: routeRequest(path, cookie, fields), params: {}, context }))
  const mirroring = async () =>
    (await db.practice.findUniqueOrThrow({ where: { id: 'practice' } })).halaxyNoteMirroring

  it('is off until the manager turns it on, audited each way; reading the settings is not changing them', async () => {
    expect(await mirroring()).toBe(false)
    const reader = await signedInCookie((await userWithOnly('notes-reader', ['read:halaxy-settings:any'])).id)
    expect((await post(reader, { intent: 'note-mirroring', enabled: 'on' })).status).toBe(403)
    const manager = await cookieFor('manager@haven.test')
    expect(await post(manager, { intent: 'note-mirroring', enabled: 'on' })).toMatchObject({
      status: 302,
      location: '/manager/halaxy#notes',
      notice: { message: 'Signed notes and addenda will be sent to Halaxy from now on.' },
    })
    expect(await mirroring()).toBe(true)
    expect(await post(manager, { intent: 'note-mirroring', enabled: 'off' })).toMatchObject({
      notice: { message: 'Notes are no longer sent to Halaxy. Those already sent stay there.' },
    })
    expect(await mirroring()).toBe(false)
    expect((await post(manager, { intent: 'note-mirroring', enabled: 'maybe' })).status).toBe(400)
    expect(
      await db.auditEvent.findMany({
        where: { action: { startsWith: 'halaxy.note_mirroring' } },
        orderBy: { at: 'asc' },
        select: { action: true, entity: true },
      }),
    ).toEqual([
      { action: 'halaxy.note_mirroring_on', entity: 'practice' },
      { action: 'halaxy.note_mirroring_off', entity: 'practice' },
    ])
  })
})

describe('the page', () => {
  const render = async (page: Awaited<ReturnType<typeof mappingPage>>, noteMirroring = false) => {
    rendered.loaderData = { ...page, noteMirroring }
    return renderToString(createElement(HalaxySettingsPage))
  }

  it("renders each row as a plain post form with Halaxy's options, and flags a differing fee", async () => {
    const html = await render(await mappingPage(client))
    expect(html).toContain('<form method="post"')
    expect(html).toContain('name="intent" value="map"')
    expect(html).toContain('Not mapped')
    expect(html).toContain('Initial consultation (50 min)')
    expect(html).toMatch(/Halaxy&#x27;s price is \$\d/)
    expect(html).toContain('What Haven needs in Halaxy')
    expect(html).toContain('Settings › Reminders')
    expect(html).toContain('Sending signed notes to Halaxy is off.')
    expect(html).toContain('name="intent" value="note-mirroring"')
    expect(html).toContain('name="enabled" value="on"')
  })

  it('offers to stop sending notes once it is on', async () => {
    const html = await render(await mappingPage(client), true)
    expect(html).toContain('Sending signed notes to Halaxy is on.')
    expect(html).toContain('name="enabled" value="off"')
  })

  it('says plainly when Halaxy is down and still shows the saved mappings', async () => {
    const html = await render(await mappingPage(clientFor('http://127.0.0.1:1/main/')))
    expect(html).toContain('Halaxy could not be reached')
    expect(html).toContain('Mapped to')
  })
})
