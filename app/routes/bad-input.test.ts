// Every route module with an action, found by looking (so a new route is covered without
// touching this file), is sent bodies that are not forms, and a form holding a NUL, as an
// anonymous visitor and as a signed-in person of the route's role. None may answer 5xx, and
// the database must be exactly as it was.
import { randomUUID } from 'node:crypto'
import { type ActionFunction } from '@remix-run/node'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { availableSlots } from '~/domain/scheduling/availability.server.ts'
import { bookAppointment } from '~/domain/scheduling/booking.server.ts'
import { db } from '~/utils/db.server.ts'
import { seedDemoPractice } from '../../prisma/seed.ts'
import { databaseSnapshot } from '../../tests/setup/database-snapshot.ts'
import {
  answerOf,
  ORIGIN,
  postForm,
  routeContext as context,
  routeRequest,
  signedInCookie,
} from '../../tests/setup/route-calls.ts'
import { routeEntries, routeUrl, type RouteEntry } from '../../tests/setup/route-manifest.ts'
import { action as calendarAction, loader as calendarLoader } from './clinician+/calendar.tsx'
import { action as intakeStepAction } from './patient+/intake.$step.tsx'

type RouteModule = { action?: ActionFunction }

const routeModules = import.meta.glob<RouteModule>(['./**/*.{ts,tsx}', '!./**/*.test.{ts,tsx}'])
const ROUTES = routeEntries()

const BODIES: { name: string; contentType: string | null; body: string }[] = [
  { name: 'JSON', contentType: 'application/json', body: '{"intent":"cancel","email":"a@b.test"}' },
  { name: 'plain text', contentType: 'text/plain;charset=UTF-8', body: 'intent=cancel' },
  { name: 'no content type', contentType: null, body: 'intent=cancel' },
  { name: 'broken multipart', contentType: 'multipart/form-data; boundary=xyz', body: '--xyz\r\ngarbage' },
  {
    name: 'a form holding a NUL',
    contentType: 'application/x-www-form-urlencoded',
    body: 'intent=cancel%00&email=a%00%40b.test&name=A%00&reason=x%00&password=p%00',
  },
]

function postTo(path: string, { contentType, body }: (typeof BODIES)[number], cookie?: string) {
  const request = new Request(`${ORIGIN}${path}`, {
    method: 'POST',
    body,
    headers: {
      origin: ORIGIN,
      ...(contentType ? { 'content-type': contentType } : {}),
      ...(cookie ? { cookie } : {}),
    },
  })
  if (!contentType) request.headers.delete('content-type')
  return request
}

// Refused, sent to sign in, not allowed, not found, or (sign-out) done without reading the body.
const ANSWERS_TO_BAD_INPUT = [302, 400, 401, 403, 404, 405, 413]

let userIds: Record<'patient' | 'psychologist' | 'manager', string>
let params: Record<string, string>

beforeAll(async () => {
  await seedDemoPractice(db)
  const idOf = async (email: string) => (await db.user.findUniqueOrThrow({ where: { email } })).id
  userIds = {
    patient: await idOf('patient7@haven.test'),
    psychologist: await idOf('hannah.kowalski@haven.test'),
    manager: await idOf('manager@haven.test'),
  }
  const slug = 'hannah-kowalski'
  const profile = await db.psychologistProfile.findFirstOrThrow({ where: { slug } })
  const type = await db.appointmentType.findFirstOrThrow({ where: { name: 'Standard session' } })
  const [slot] = await availableSlots(profile, { durationMinutes: type.durationMinutes })
  const appointment = await bookAppointment({
    patientId: userIds.patient,
    slug,
    appointmentTypeId: type.id,
    locationId: slot!.locationId,
    start: slot!.start,
    requestKey: randomUUID(),
  })
  const invoice = await db.invoice.findFirst({
    where: { appointmentId: appointment.id },
    select: { id: true },
  })
  // Booking notes the appointment for Halaxy.
  const link = await db.halaxyLink.findFirstOrThrow({
    where: { havenId: appointment.id },
    select: { id: true },
  })
  // Real records where the route looks one up, so the body is read rather than a 404 given first.
  params = {
    slug,
    appointmentId: appointment.id,
    patientId: userIds.patient,
    invoiceId: invoice?.id ?? 'no-invoice',
    step: 'about',
    event: 'appointment-created',
    linkId: link.id,
    sessionId: 'no-session',
    fileId: 'no-file',
    assignmentId: 'no-assignment',
    token: 'no-token',
    '*': 'nowhere',
  }
})

/** Who signs in for a route: the role its area is for; public pages are tried signed out only. */
function roleFor(file: string) {
  if (/^(patient\+\/|_public\+\/book\.|_resources\+\/files\.)/.test(file)) return 'patient' as const
  if (file.startsWith('clinician+/')) return 'psychologist' as const
  if (file.startsWith('manager+/')) return 'manager' as const
  return null
}

const ACTION_ROUTES: [string, RouteEntry, ActionFunction][] = []
for (const route of ROUTES) {
  const { action } = await routeModules[`./${route.file}`]!()
  if (action) ACTION_ROUTES.push([route.file, route, action])
}

it('finds the route modules with an action', () => {
  // 34 when this was written; the check is that discovery works, not an exact count.
  expect(ACTION_ROUTES.length).toBeGreaterThanOrEqual(30)
})

describe.each(ACTION_ROUTES)('%s', (file, route, action) => {
  it('answers a body that is not a form, or holds a NUL, without a server error and changes nothing', async () => {
    const before = await databaseSnapshot()
    const role = roleFor(file)
    const routeParams = Object.fromEntries(route.params.map((name) => [name, params[name]!]))
    for (const actor of role ? [null, role] : [null]) {
      for (const body of BODIES) {
        const cookie = actor ? await signedInCookie(userIds[actor]) : undefined
        const request = postTo(routeUrl(route, params), body, cookie)
        const { status } = await answerOf(() => action({ request, params: routeParams, context }))
        expect(ANSWERS_TO_BAD_INPUT, `as ${actor ?? 'anonymous'} with ${body.name}`).toContain(status)
      }
    }
    expect(await databaseSnapshot()).toEqual(before)
  })
})

const signedIn = (role: keyof typeof userIds) => signedInCookie(userIds[role])

describe('the referral step', () => {
  const REFERRAL = {
    referrerType: 'gp_mhtp',
    referrerName: 'Dr Priya Shah',
    referrerProviderNumber: '2123456A',
    referralDate: '2025-06-02',
    sessionsReferred: '6',
  }
  const PDF = '%PDF-1.4\n%%EOF\n'

  async function postReferral(fields: FormData | Record<string, string>) {
    const { status } = await postForm(intakeStepAction, {
      path: '/patient/intake/referral',
      cookie: await signedIn('patient'),
      fields,
      params: { step: 'referral' },
    })
    return status
  }

  it('keeps a letter whose name holds a semicolon and an equals sign', async () => {
    const body = new FormData()
    for (const [name, value] of Object.entries(REFERRAL)) body.append(name, value)
    body.append('referralLetter', new File([PDF], 'Smith; GP letter=final.pdf', { type: 'application/pdf' }))
    expect(await postReferral(body)).toBe(302)
    const referral = await db.referral.findFirstOrThrow({
      where: { patientId: userIds.patient },
      select: { letter: { select: { fileName: true } } },
    })
    expect(referral.letter?.fileName).toBe('Smith; GP letter=final.pdf')
  })

  it('reads a URL-encoded form (no letter) as a form: its field errors, and nothing saved', async () => {
    const before = await databaseSnapshot()
    expect(await postReferral({ ...REFERRAL, referrerProviderNumber: 'nope' })).toBe(400)
    expect(await databaseSnapshot()).toEqual(before)
  })
})

it('refuses a NUL in an otherwise good form before it reaches the database', async () => {
  const before = await databaseSnapshot()
  const answer = await postForm(intakeStepAction, {
    path: '/patient/intake/about',
    cookie: await signedIn('patient'),
    params: { step: 'about' },
    fields: {
      legalFirstName: 'Ari',
      legalLastName: 'Pat\0ient',
      dateOfBirth: '1990-04-12',
      gender: 'woman',
      addressLine: '1 George St',
      suburb: 'Sydney',
      state: 'NSW',
      postcode: '2000',
      mobile: '0412 345 678',
    },
  })
  expect(answer.status).toBe(400)
  expect(await databaseSnapshot()).toEqual(before)
})

describe('the clinician calendar', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('shows today for a day view whose date is not a date', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2027-03-10T01:00:00Z')) // midday in Sydney
    for (const date of ['x', '2027-02-30', '']) {
      const request = routeRequest(
        `/clinician/calendar?view=day&date=${date}`,
        await signedIn('psychologist'),
      )
      const view = await calendarLoader({ request, params: {}, context })
      expect(view).toMatchObject({ view: 'day', date: '2027-03-10' })
    }
  })

  it('answers a time-off block whose date is not a date with its field error', async () => {
    const before = await databaseSnapshot()
    const answer = await postForm(calendarAction, {
      path: '/clinician/calendar?view=day&date=x',
      cookie: await signedIn('psychologist'),
      fields: { intent: 'block', date: 'x', allDay: 'on' },
    })
    expect(answer).toMatchObject({
      status: 400,
      body: { result: { error: { date: ['Enter a date like 2026-12-03'] } } },
    })
    expect(await databaseSnapshot()).toEqual(before)
  })
})
