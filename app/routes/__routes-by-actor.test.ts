// Every route as six people, through Remix's own request handler: each loader as a page and as
// single-fetch data, each intent posted as a bare form. What each person may do is derived from
// the route's row of app/routes/__policy.ts, their permissions as stored, and whose record the
// address names (patient A's, throughout). Nothing of A's may reach anyone not entitled to it,
// and a refused write changes nothing. New routes are covered by their policy row.
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startCheckout } from '~/domain/billing/payments.server.ts'
import { hasPermission, hasRole, homePathFor, parsePermission } from '~/domain/identity/permissions.ts'
import { type SessionUser } from '~/domain/identity/session.server.ts'
import { unsubscribeToken } from '~/domain/notify/unsubscribe.server.ts'
import { assignQuestionnaire } from '~/domain/outcomes/assignments.server.ts'
import { storePatientFile } from '~/domain/patients/files.server.ts'
import { writeSummary } from '~/domain/records/summaries.server.ts'
import { signNote, startNote } from '~/domain/records/notes.server.ts'
import { formatMedicareNumber } from '~/domain/patients/medicare.ts'
import { formatAustralianPhone } from '~/domain/patients/phone.ts'
import { availableSlots } from '~/domain/scheduling/availability.server.ts'
import { bookAppointment } from '~/domain/scheduling/booking.server.ts'
import { issueCalendarFeed } from '~/domain/scheduling/calendar-feed.server.ts'
import { type Access, type RoutePolicy, type WebhookVendor } from '~/utils/access.ts'
import { getSessionUser } from '~/utils/auth.server.ts'
import { CLIENT_IP_HEADER } from '~/utils/client-ip.server.ts'
import { db } from '~/utils/db.server.ts'
import { seedDemoPractice } from '../../prisma/seed.ts'
import { recordOutboxMessage } from '../../tests/mocks/outbox.server.ts'
import { databaseSnapshot } from '../../tests/setup/database-snapshot.ts'
import { stubDeployedEnv } from '../../tests/setup/deployed-env.ts'
import { startRequestHandler } from '../../tests/setup/request-handler.ts'
import { ORIGIN, signedInCookie, standInsForThisFile } from '../../tests/setup/route-calls.ts'
import { routeEntries, routeUrl, type RouteEntry } from '../../tests/setup/route-manifest.ts'
import { ROUTE_POLICIES } from './__policy.ts'

/** A visitor on the internet (TEST-NET-3), as server.ts hands Remix the connecting address. */
const REMOTE_PEER = '203.0.113.7'
const LOOPBACK_PEER = '127.0.0.1'
const REPORT = path.resolve('test-results/routes-by-actor.json')

const ROUTES = routeEntries()
const POLICIES: Record<string, RoutePolicy> = ROUTE_POLICIES

// A: Charlotte Singh, Hannah Kowalski's patient. B: Dr Okafor's patient. P2 cares for neither.
const PEOPLE = {
  A: 'patient3@haven.test',
  B: 'patient2@haven.test',
  P1: 'hannah.kowalski@haven.test',
  P2: 'daniel.tran@haven.test',
  manager: 'manager@haven.test',
} as const
type Person = keyof typeof PEOPLE
type ActorName = 'anonymous' | Person
type Actor = { name: ActorName; user: SessionUser | null }
const ACTOR_NAMES: ActorName[] = ['anonymous', 'A', 'B', 'P1', 'P2', 'manager']

/** URL parameters that name one of A's records. */
const RECORD_PARAMS = new Set([
  'appointmentId',
  'invoiceId',
  'patientId',
  'fileId',
  'linkId',
  'worksheetId',
  'noteId',
  'assignmentId',
])

/**
 * Pages that answer everyone allowed to see them with a redirect, by design, and where to.
 * Anything else allowed must answer 2xx.
 */
const REDIRECTS: Record<string, { why: string; to: string; byIndexPage?: boolean }> = {
  '_auth+/logout.tsx': { why: 'signing out is a form; the address itself goes home', to: '/' },
  'patient+/intake._index.tsx': { why: 'to the next intake step', to: '/patient/intake/' },
  'patient+/intake.tsx': {
    why: "its address is its index page's too, which sends the patient on to the next step",
    to: '/patient/intake/',
    // Asked for its own data alone (`_routes`), the layout answers it.
    byIndexPage: true,
  },
  'patient+/consents.tsx': {
    why: 'nothing awaits a decision: back to where the patient was going',
    to: '/patient',
  },
}

/** Routes whose loader answers everyone the same non-2xx status, by design. */
const FIXED_STATUS: Record<string, { why: string; status: number }> = {
  '_public+/$.tsx': { why: 'the not-found page', status: 404 },
  'webhooks+/stripe.ts': { why: 'webhooks are POST only', status: 405 },
  'webhooks+/halaxy.$event.ts': { why: 'webhooks are POST only', status: 405 },
  'webhooks+/twilio.status.ts': { why: 'webhooks are POST only', status: 405 },
  'webhooks+/twilio.inbound.ts': { why: 'webhooks are POST only', status: 405 },
  'webhooks+/twilio.video.ts': { why: 'webhooks are POST only', status: 405 },
}

/** What each vendor's webhook answers a post without its signature, as that vendor expects. */
const UNSIGNED_STATUS: Record<WebhookVendor, number> = { stripe: 400, halaxy: 401, twilio: 403 }

/** Actions that answer everyone they let in the same status whatever the record, by design. */
const FIXED_ACTION_STATUS: Record<string, { why: string; status: number }> = {
  '_public+/$.tsx': { why: 'the not-found page', status: 404 },
  '_resources+/files.$fileId.tsx': { why: 'files are read, never posted to', status: 405 },
}

/**
 * Addresses whose secret is the credential, not the session: whoever holds P1's calendar-feed
 * address reads P1's calendar (initials and times; see calendar-feed.server.ts). Tried with the
 * secret as everyone (all allowed, the answer is P1's), and with a wrong one (404, scanned).
 */
const CAPABILITIES: Record<string, { why: string; param: string; wrong: string }> = {
  '_resources+/calendar-feed.$token[.]ics.ts': {
    why: "the feed's secret address is P1's credential",
    param: 'token',
    wrong: 'x'.repeat(43),
  },
}

type Verdict = 'allowed' | 'sign-in' | 'elsewhere' | 'refused' | 'not-theirs' | 'no-page' | 'unsigned'
type Reply = { status: number; location: string | null; text: string }
/** One of A's details; `unshown` for a stored form no page shows, scanned for all the same. */
type Marker = { label: string; value: string; unshown?: boolean }

const world = {} as {
  actors: Actor[]
  /** Whose own A's records are: A, and the psychologist caring for A (their caseload and calendar). */
  owners: Set<string>
  params: Record<string, string>
  search: Record<string, string>
  markers: Marker[]
}
const report = { requests: 0, leaks: [] as string[], refusedPosts: 0, shownToEntitled: new Set<string>() }
let server: Awaited<ReturnType<typeof startRequestHandler>>

function homeOf(actor: Actor) {
  return actor.user ? homePathFor(actor.user) : null
}

standInsForThisFile()

beforeAll(async () => {
  server = await startRequestHandler()
  await seedDemoPractice(db)

  const ids = { anonymous: null } as Record<ActorName, string | null>
  for (const [name, email] of Object.entries(PEOPLE)) {
    ids[name as Person] = (await db.user.findUniqueOrThrow({ where: { email } })).id
  }
  const A = ids.A!
  const P1 = ids.P1!

  // A's next session with P1, booked as the booking page books it, and one held awaiting payment.
  const profile = await db.psychologistProfile.findUniqueOrThrow({ where: { userId: P1 } })
  const type = await db.appointmentType.findFirstOrThrow({ where: { name: 'Standard session' } })
  const [booked, held, free] = await availableSlots(profile, { durationMinutes: type.durationMinutes })
  const book = (slot: typeof booked, holdMinutes?: number) =>
    bookAppointment({
      patientId: A,
      slug: profile.slug!,
      appointmentTypeId: type.id,
      locationId: slot!.locationId,
      start: slot!.start,
      requestKey: randomUUID(),
      holdMinutes,
    })
  const appointment = await book(booked)
  const checkout = await startCheckout({ appointmentId: (await book(held, 60)).id, patientId: A })
  const invoice = await db.invoice.findUniqueOrThrow({ where: { appointmentId: appointment.id } })
  // Booking notes the appointment for Halaxy.
  const link = await db.halaxyLink.findFirstOrThrow({ where: { havenId: appointment.id } })
  const fileName = 'Singh GP referral 2026.pdf'
  const fileId = await db.$transaction(async (tx) => {
    const id = await storePatientFile(tx, {
      patientId: A,
      uploadedById: A,
      purpose: 'referral_letter',
      file: { name: fileName, bytes: new TextEncoder().encode('%PDF-1.4\n%%EOF\n') },
    })
    await tx.referral.updateMany({ where: { patientId: A }, data: { letterFileId: id } })
    return id
  })
  const feed = await issueCalendarFeed(P1, { replace: false })
  // The summary P1 shared from that session, with a worksheet: its words and file name are A's too.
  const summaryText = 'Sentinel summary: the slow breath before sleep'
  const worksheetName = 'Singh sleep diary.pdf'
  const p1 = await getSessionUser(new Request(ORIGIN, { headers: { cookie: await signedInCookie(P1) } }))
  await writeSummary({
    intent: 'share',
    appointmentId: appointment.id,
    user: p1!,
    version: 0,
    patientId: A,
    content: { covered: summaryText, practise: '', resources: '' },
    worksheet: { name: worksheetName, bytes: new TextEncoder().encode('%PDF-1.4\n%%EOF\n') },
    access: { ipAddress: null, path: '/route-test' },
    now: appointment.endsAt,
  })
  const worksheet = await db.storedFile.findFirstOrThrow({
    where: { summary: { appointmentId: appointment.id } },
  })
  // P1's signed note of that session: its words are for P1 alone (never A, never a manager).
  const noteText = 'Sentinel note: rumination eased with behavioural activation'
  const noteAccess = { ipAddress: null, path: '/route-test' }
  const noteId = await startNote(appointment.id, 'free', p1!, noteAccess, appointment.startsAt)
  await signNote(
    noteId,
    { version: 1, sections: { text: noteText }, riskLevel: 'none', riskPlan: '' },
    p1!,
    noteAccess,
    appointment.startsAt,
  )
  // A PHQ-9 P1 asked A to complete (P1 is on A's care team).
  const questionnaire = await assignQuestionnaire({
    patientId: A,
    actor: p1!,
    access: { ipAddress: null, path: '/clinician/patients' },
    questionnaire: 'phq9',
    schedule: 'once',
  })
  const user = await db.user.findUniqueOrThrow({ where: { id: A }, include: { patient: true } })
  const mail = await recordOutboxMessage({
    to: [user.email],
    from: 'Haven <hello@haven.test>',
    subject: 'Your session is booked',
    html: `<p>Hi ${user.name}, your session is booked.</p>`,
    text: `Hi ${user.name}, your session is booked.`,
    idempotencyKey: null,
    attachments: [
      {
        filename: 'haven-session.ics',
        contentType: 'text/calendar',
        content: Buffer.from(`SUMMARY:Session for ${user.name}`).toString('base64'),
      },
    ],
  })

  const actors: Actor[] = []
  for (const name of ACTOR_NAMES) {
    const id = ids[name]
    const cookie = id ? await signedInCookie(id) : undefined
    const request = new Request(ORIGIN, { headers: cookie ? { cookie } : {} })
    actors.push({ name, user: id ? await getSessionUser(request) : null })
  }
  const { mobile, medicareNumber } = user.patient!
  Object.assign(world, {
    actors,
    owners: new Set([appointment.patientId, appointment.psychologistId]),
    params: {
      slug: profile.slug!,
      appointmentId: appointment.id,
      invoiceId: invoice.id,
      patientId: A,
      fileId,
      worksheetId: worksheet.id,
      noteId,
      linkId: link.id,
      assignmentId: questionnaire.id,
      // The step that shows A's Medicare card.
      step: 'medicare',
      event: 'appointment-created',
      token: new URL(feed.url).pathname.replace(/^\/calendar-feed\/|\.ics$/g, ''),
      id: mail.id,
      index: '0',
      sessionId: new URL(checkout.url).pathname.split('/').at(-1)!,
      '*': 'nowhere',
    },
    search: {
      '_public+/book.$slug.tsx': new URLSearchParams({
        type: type.id,
        location: free!.locationId,
        start: free!.start.toISOString(),
        tz: 'Australia/Sydney',
      }).toString(),
      // A's reminder-email link: anyone holding it sees the question, and nothing of A's.
      '_public+/unsubscribe.tsx': new URLSearchParams({ token: unsubscribeToken(A, 'email') }).toString(),
    },
    markers: [
      { label: 'name', value: user.name },
      { label: 'email', value: user.email },
      { label: 'mobile as stored', value: mobile!, unshown: true },
      { label: 'mobile as shown', value: formatAustralianPhone(mobile!) },
      { label: 'Medicare number', value: medicareNumber! },
      { label: 'Medicare number as shown', value: formatMedicareNumber(medicareNumber!) },
      { label: 'appointment id', value: appointment.id },
      { label: 'invoice number', value: invoice.number },
      { label: 'file name', value: fileName },
      { label: 'session summary', value: summaryText },
      { label: 'worksheet name', value: worksheetName },
      { label: 'clinical note', value: noteText },
    ],
  })
}, 120_000)

afterAll(async () => {
  await server?.close()
})

// One session per person for reading; a post gets its own, and afterwards every session may be
// gone (signing out, a manager signing a patient out everywhere), so the next read starts anew.
const readingSessions = new Map<string, string>()
async function cookieFor(userId: string, method: 'GET' | 'POST') {
  if (method === 'POST') {
    readingSessions.clear()
    return signedInCookie(userId)
  }
  const cookie = readingSessions.get(userId) ?? (await signedInCookie(userId))
  readingSessions.set(userId, cookie)
  return cookie
}

/** One request through the handler, as server.ts would pass it on. */
async function send(
  actor: Actor,
  method: 'GET' | 'POST',
  url: string,
  { form, peer = REMOTE_PEER }: { form?: URLSearchParams; peer?: string } = {},
): Promise<Reply> {
  const headers = new Headers({ host: new URL(ORIGIN).host, [CLIENT_IP_HEADER]: peer })
  if (actor.user) headers.set('cookie', await cookieFor(actor.user.id, method))
  if (form) {
    headers.set('origin', ORIGIN)
    headers.set('content-type', 'application/x-www-form-urlencoded')
  }
  const response = await server.handle(new Request(`${ORIGIN}${url}`, { method, headers, body: form }), {
    cspNonce: 'route-test-nonce',
    peerAddress: peer,
  })
  report.requests += 1
  // Headers too: a file's name travels in Content-Disposition.
  const headerText = [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n')
  return {
    status: response.status,
    location: response.headers.get('location'),
    text: `${headerText}\n${await response.text()}`,
  }
}

/** The single-fetch address of a page (what the browser asks on client navigation). */
function dataUrl(url: string) {
  const [pathname, search] = url.split('?') as [string, string | undefined]
  return `${pathname === '/' ? '/_root' : pathname.replace(/\/$/, '')}.data${search ? `?${search}` : ''}`
}

function withSearch(url: string, search: string | undefined) {
  if (!search) return url
  return `${url}${url.includes('?') ? '&' : '?'}${search}`
}

/** A redirect, as a page (3xx) or as single-fetch data (202 with the target in Location). */
function redirectOf(reply: Reply) {
  return reply.location !== null && ((reply.status >= 300 && reply.status < 400) || reply.status === 202)
    ? reply.location
    : null
}

/** May see A's record: an owner, or anyone allowed to read every patient (canReadPatient's rule). */
function entitled(actor: Actor) {
  return (
    actor.user !== null && (world.owners.has(actor.user.id) || hasPermission(actor.user, 'read:patient:any'))
  )
}

function verdictFor(access: Access, actor: Actor, route: RouteEntry): Verdict {
  const namesARecord = route.params.some((name) => RECORD_PARAMS.has(name))
  switch (access.kind) {
    case 'public':
      return 'allowed'
    case 'signed-out':
      return actor.user ? 'elsewhere' : 'allowed'
    case 'dev':
      return 'no-page'
    case 'webhook':
      return 'unsigned'
    case 'signed-in':
      if (!actor.user) return 'sign-in'
      return !namesARecord || entitled(actor) ? 'allowed' : 'not-theirs'
    case 'permission': {
      if (!actor.user) return 'sign-in'
      if (!hasPermission(actor.user, access.permission)) return 'refused'
      const own = parsePermission(access.permission).access === 'own'
      return own && namesARecord && !world.owners.has(actor.user.id) ? 'not-theirs' : 'allowed'
    }
  }
}

/** What is wrong with a reply, if anything, given the verdict. */
function problemWith(reply: Reply, verdict: Verdict, { file, actor, method, url }: Context): string | null {
  const to = redirectOf(reply)
  const got = to ? `${reply.status} → ${to}` : String(reply.status)
  switch (verdict) {
    case 'not-theirs':
    case 'allowed': {
      const fixed = method === 'POST' ? FIXED_ACTION_STATUS[file] : undefined
      if (fixed)
        return reply.status === fixed.status ? null : `expected ${fixed.status} (${fixed.why}), got ${got}`
      if (verdict === 'not-theirs')
        return [403, 404].includes(reply.status) && !to ? null : `expected 403 or 404, got ${got}`
      if (method === 'POST') {
        // A form's own answers (action.server.ts): refused, conflict, too many requests.
        const fine =
          to !== null ||
          (reply.status >= 200 && reply.status < 300) ||
          [400, 409, 422, 429].includes(reply.status)
        return fine ? null : `expected 2xx, 3xx or a validation answer, got ${got}`
      }
      const always = FIXED_STATUS[file]
      if (always)
        return reply.status === always.status ? null : `expected ${always.status} (${always.why}), got ${got}`
      const expected = REDIRECTS[file]
      const alone = new URL(url, ORIGIN).searchParams.has('_routes')
      const redirect = expected && !(expected.byIndexPage && alone) ? expected.to : null
      if (redirect !== null)
        return to?.startsWith(redirect) ? null : `expected a redirect to ${redirect}…, got ${got}`
      return !to && reply.status >= 200 && reply.status < 300 ? null : `expected 2xx, got ${got}`
    }
    case 'sign-in':
      return to?.startsWith('/login') ? null : `expected a redirect to /login, got ${got}`
    case 'elsewhere': {
      const home = homeOf(actor)
      return to === home ? null : `expected a redirect to ${home} (their own area), got ${got}`
    }
    case 'refused':
      return [403, 404].includes(reply.status) && !to ? null : `expected 403 or 404, got ${got}`
    case 'no-page':
      return reply.status === 404 ? null : `expected 404, got ${got}`
    case 'unsigned': {
      const access = POLICIES[file]?.action
      const expected = access?.kind === 'webhook' ? UNSIGNED_STATUS[access.vendor] : undefined
      return reply.status === expected ? null : `expected ${expected} (no signature), got ${got}`
    }
  }
}

/** A's details in a reply; ids the address itself carries aside (they are the asker's own words). */
function markersIn(reply: Reply, url: string) {
  return world.markers
    .filter(({ value }) => !url.includes(value) && !url.includes(encodeURIComponent(value)))
    .filter(({ value }) =>
      new RegExp(`(?<![\\w-])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`).test(reply.text),
    )
    .map(({ label }) => label)
}

type Context = { file: string; actor: Actor; method: 'GET' | 'POST'; url: string }

/** Sends one request and returns what is wrong with the answer (status, leaks), if anything. */
async function check(
  route: RouteEntry,
  actor: Actor,
  verdict: Verdict,
  method: 'GET' | 'POST',
  url: string,
  { form, scan = true, peer }: { form?: URLSearchParams; scan?: boolean; peer?: string } = {},
) {
  const reply = await send(actor, method, url, { form, peer })
  const where = `${actor.name} ${method} ${url}${form ? ` ${form}` : ''}`
  const problems: string[] = []
  const problem = problemWith(reply, verdict, { file: route.file, actor, method, url })
  if (problem) problems.push(`${where}: ${verdict}: ${problem}`)
  if (reply.status >= 500) problems.push(`${where}: a server error`)
  // A sees their own record; P1 and the manager may see it where they are let in.
  const mayShowA = actor.name === 'A' || (verdict === 'allowed' && entitled(actor))
  if (mayShowA) for (const label of markersIn(reply, url)) report.shownToEntitled.add(label)
  if (scan && !mayShowA) {
    const leaks = markersIn(reply, url)
    for (const leak of leaks) report.leaks.push(`${where}: A's ${leak}`)
    if (leaks.length > 0) problems.push(`${where}: shows A's ${leaks.join(', ')}`)
  }
  return problems
}

/** Each person's requests side by side (they wait on the database, not on each other), in order. */
async function byEachActor(actors: Actor[], run: (actor: Actor) => Promise<string[]>) {
  return (await Promise.all(actors.map(run))).flat()
}

/** A page's single-fetch data with only its own loader run: its guard alone, no layout's before it. */
function leafDataUrl(route: RouteEntry, url: string) {
  return withSearch(dataUrl(url), new URLSearchParams({ _routes: route.id }).toString())
}

function urlOf(route: RouteEntry, params = world.params) {
  return withSearch(routeUrl(route, params), world.search[route.file])
}

function policyOf(route: RouteEntry) {
  const policy = POLICIES[route.file]
  // app/routes/__policy.test.ts names the missing row; without one nothing here can be derived.
  if (!policy) throw new Error(`app/routes/__policy.ts has no row for ${route.file}`)
  return policy
}

describe('every loader, as a page and as data', () => {
  it.each(ROUTES.map((route) => [route.file, route] as const))('%s', async (_file, route) => {
    const policy = policyOf(route)
    const capability = CAPABILITIES[route.file]
    // A page without a loader is its component alone: anyone may see it.
    const access: Access = policy.loader ?? { kind: 'public' }
    const url = urlOf(route)
    const scan = !capability
    const problems = await byEachActor(world.actors, async (actor) => {
      const verdict = verdictFor(access, actor, route)
      const found: string[] = []
      // Inside a layout, its own loader alone too: the layout's guard must not be its only one.
      const addresses = [url, dataUrl(url), ...(route.layouts.length > 0 ? [leafDataUrl(route, url)] : [])]
      for (const address of addresses) {
        found.push(...(await check(route, actor, verdict, 'GET', address, { scan })))
      }
      if (capability) {
        const wrong = urlOf(route, { ...world.params, [capability.param]: capability.wrong })
        found.push(...(await check(route, actor, 'no-page', 'GET', wrong)))
      }
      return found
    })
    expect(problems).toEqual([])
  })
})

// After every loader: allowed posts change the world (P1 replaces the feed's secret, the manager
// signs A out everywhere, patients submit intake again).
const FORM_ROUTES = ROUTES.filter((route) => POLICIES[route.file]?.action ?? POLICIES[route.file]?.intents)

describe('every intent, posted bare as a page and as data', () => {
  it.each(FORM_ROUTES.map((route) => [route.file, route] as const))('%s', async (_file, route) => {
    const policy = policyOf(route)
    const sends: { access: Access; form: URLSearchParams }[] = policy.intents
      ? Object.entries(policy.intents).map(([intent, access]) => ({
          access,
          form: new URLSearchParams({ intent }),
        }))
      : [{ access: policy.action!, form: new URLSearchParams() }]
    const url = routeUrl(route, world.params) + (route.index ? '?index' : '')
    const attempts = world.actors.flatMap((actor) =>
      sends.flatMap(({ access, form }) =>
        [url, dataUrl(url)].map((address) => ({
          actor,
          form,
          address,
          verdict: verdictFor(access, actor, route),
        })),
      ),
    )
    const refused = attempts.filter(({ verdict }) => verdict !== 'allowed')
    // Refused writes first, all against one snapshot (so side by side); then the allowed ones,
    // one after another, as they may write.
    const before = await databaseSnapshot()
    const problems = await byEachActor(world.actors, async (actor) => {
      const found: string[] = []
      for (const { form, address, verdict } of refused.filter((attempt) => attempt.actor === actor)) {
        found.push(...(await check(route, actor, verdict, 'POST', address, { form })))
      }
      return found
    })
    report.refusedPosts += refused.length
    expect(await databaseSnapshot(), 'a refused post changed the database').toEqual(before)
    for (const { actor, form, address, verdict } of attempts.filter(({ verdict }) => verdict === 'allowed')) {
      problems.push(...(await check(route, actor, verdict, 'POST', address, { form })))
    }
    expect(problems).toEqual([])
  })
})

describe('the dev pages', () => {
  const DEV_ROUTES = ROUTES.filter((route) => POLICIES[route.file]?.loader?.kind === 'dev')

  it('are not there without stand-ins, even from this computer', async () => {
    const problems: string[] = []
    stubDeployedEnv()
    await server.rereadEnv()
    try {
      for (const route of DEV_ROUTES) {
        for (const actor of world.actors) {
          const url = urlOf(route)
          for (const address of [url, dataUrl(url)]) {
            problems.push(...(await check(route, actor, 'no-page', 'GET', address, { peer: LOOPBACK_PEER })))
          }
        }
      }
    } finally {
      vi.unstubAllEnvs()
      await server.rereadEnv()
    }
    expect(problems).toEqual([])
  })

  it("from this computer, show A's mail only to A, the manager and the developer (signed out)", async () => {
    const problems: string[] = []
    for (const route of DEV_ROUTES.filter(({ file }) => file.startsWith('dev+/outbox'))) {
      for (const actor of world.actors) {
        const url = urlOf(route)
        // app/utils/dev-pages.server.ts: signed out (the developer) or a manager sees all mail.
        const seesAll = actor.user === null || hasRole(actor.user, 'manager')
        const verdict: Verdict = actor.name === 'A' || seesAll ? 'allowed' : 'no-page'
        // The list is there for everyone; only the messages it holds differ.
        const listVerdict = route.params.length === 0 ? 'allowed' : verdict
        const reply = await send(actor, 'GET', url, { peer: LOOPBACK_PEER })
        const problem = problemWith(reply, listVerdict, { file: route.file, actor, method: 'GET', url })
        if (problem) problems.push(`${actor.name} GET ${url} from this computer: ${problem}`)
        if (verdict !== 'allowed' && markersIn(reply, url).length > 0) {
          problems.push(`${actor.name} GET ${url} from this computer: shows A's mail`)
          report.leaks.push(`${actor.name} GET ${url} from this computer`)
        }
      }
    }
    expect(problems).toEqual([])
  })
})

it('reports routes × actors tried and leaks found', () => {
  const summary = {
    routes: ROUTES.length,
    actors: ACTOR_NAMES.length,
    requests: report.requests,
    refusedPosts: report.refusedPosts,
    leaks: report.leaks.length,
  }
  fs.mkdirSync(path.dirname(REPORT), { recursive: true })
  fs.writeFileSync(REPORT, `${JSON.stringify({ ...summary, leakDetails: report.leaks })}\n`)
  expect(summary.leaks).toBe(0)
  // Each marker is something a page really shows (to A, P1 or the manager), so not finding it
  // elsewhere means something.
  const neverShown = world.markers.filter(
    ({ label, unshown }) => !unshown && !report.shownToEntitled.has(label),
  )
  expect(neverShown.map(({ label }) => label)).toEqual([])
})
