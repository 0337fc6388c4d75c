// Calling a route module's loader or action in a test as a signed-in person, and reading its
// answer as the browser would: the status, the data, where it redirects and the flash notice it
// leaves. The one helper for route tests: tests sign in through it, not by building cookies.
import { randomBytes } from 'node:crypto'
import { type ActionFunction, type LoaderFunction } from '@remix-run/node'
import { afterAll, beforeAll } from 'vitest'
import { parsePermission, type Permission } from '~/domain/identity/permissions.ts'
import { createSession } from '~/utils/auth.server.ts'
import { db } from '~/utils/db.server.ts'
import { type FlashNotice, takeNotice } from '~/utils/notice.server.ts'
import { startStandIns } from '../mocks/index.ts'

export const ORIGIN = 'http://localhost:3000'
/** The load context the server gives every loader and action. */
export const routeContext = { cspNonce: '' }

/** The session cookie of a fresh sign-in, as this person's browser sends it. */
export async function signedInCookie(userId: string) {
  return (await createSession(userId, new Request(`${ORIGIN}/login`))).split(';')[0]!
}

/** The session cookie of a fresh sign-in by the person with this email. */
export async function cookieFor(email: string) {
  const user = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } })
  return signedInCookie(user.id)
}

/** A GET of `path`, or a POST of `form` to it, with the cookie (if any). */
export function routeRequest(path: string, cookie?: string, form?: Record<string, string> | FormData) {
  return new Request(`${ORIGIN}${path}`, {
    method: form ? 'POST' : 'GET',
    headers: cookie ? { cookie } : {},
    body: form instanceof FormData ? form : form ? new URLSearchParams(form) : undefined,
  })
}

/** What a loader or action threw (a Response: a redirect, a 404…); fails if it threw nothing. */
export async function thrown(work: Promise<unknown>) {
  try {
    await work
  } catch (error) {
    return error
  }
  throw new Error('expected it to throw')
}

/** The flash notice a redirect carries, as the page it names would read it; null without one. */
export async function noticeOf(response: Response): Promise<FlashNotice | null> {
  const cookie = response.headers.get('Set-Cookie')?.split(';')[0]
  if (!cookie) return null
  return (await takeNotice(new Request(ORIGIN, { headers: { cookie } }))).notice
}

export type RouteAnswer = {
  status: number
  /** The action's data (a reply, say), or the text of a Response that does not redirect. */
  body: unknown
  location: string | null
  /** The flash notice the answer leaves for the next page. */
  notice: FlashNotice | null
  headers: Headers
}

function isData(value: unknown): value is { data: unknown; init?: ResponseInit } {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { type?: unknown }).type === 'DataWithResponseInit'
  )
}

/** What a loader or action answered, whether it returned or threw, with the status Remix sends. */
export async function answerOf(run: () => unknown): Promise<RouteAnswer> {
  let outcome: unknown
  let threw = false
  try {
    outcome = await run()
  } catch (error) {
    if (!(error instanceof Response) && !isData(error)) throw error
    outcome = error
    threw = true
  }
  if (outcome instanceof Response) {
    const location = outcome.headers.get('Location')
    return {
      status: outcome.status,
      body: location ? null : await outcome.text(),
      location,
      notice: await noticeOf(outcome),
      headers: outcome.headers,
    }
  }
  if (isData(outcome))
    return {
      status: outcome.init?.status ?? (threw ? 500 : 200),
      body: outcome.data,
      location: null,
      notice: null,
      headers: new Headers(outcome.init?.headers),
    }
  return { status: 200, body: outcome, location: null, notice: null, headers: new Headers() }
}

type Call = { path: string; cookie?: string; params?: Record<string, string> }

/** A form posted to a route's action, as its page would send it. */
export function postForm(
  action: ActionFunction,
  { path, fields, cookie, params = {} }: Call & { fields: Record<string, string> | FormData },
) {
  const request = routeRequest(path, cookie, fields)
  return answerOf(() => action({ request, params, context: routeContext }))
}

/** A page's loader, as a person opening the address. */
export function loadPage(loader: LoaderFunction, { path, cookie, params = {} }: Call) {
  const request = routeRequest(path, cookie)
  return answerOf(() => loader({ request, params, context: routeContext }))
}

/** Vendor stand-ins for this test file, with Stripe and Twilio Video stand-in states of its own. */
export function standInsForThisFile() {
  let stop = () => {}
  beforeAll(() => {
    process.env.HAVEN_STRIPE_DIR = `test-${randomBytes(4).toString('hex')}`
    process.env.HAVEN_TWILIO_VIDEO_DIR = `test-${randomBytes(4).toString('hex')}`
    stop = startStandIns()
  })
  afterAll(() => stop())
}

/**
 * Someone whose only role holds exactly these permissions: shows that a guard reads its own
 * permission rather than following the manager's role.
 */
export async function userWithOnly(roleName: string, permissions: Permission[]) {
  const role = await db.role.create({
    data: {
      name: roleName,
      description: `Test role holding ${permissions.join(', ')}`,
      permissions: {
        create: permissions.map((permission) => ({
          permission: { connect: { action_entity_access: parsePermission(permission) } },
        })),
      },
    },
  })
  return db.user.create({
    data: {
      email: `${roleName}@haven.test`,
      name: `A ${roleName}`,
      roles: { create: { roleId: role.id } },
    },
  })
}
