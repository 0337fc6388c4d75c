// For tests that call a route module's loader or action directly, as a signed-in person.
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll } from 'vitest'
import { createSession } from '~/utils/auth.server.ts'
import { takeNotice } from '~/utils/notice.server.ts'
import { startStandIns } from '../mocks/index.ts'

export const APP = 'http://localhost:3000'
/** The load context the server gives every loader and action. */
export const routeContext = { cspNonce: '' }

/** The cookie of a new session for this person. */
export async function sessionCookie(userId: string) {
  return (await createSession(userId, new Request(`${APP}/login`))).split(';')[0]!
}

/** A form posted to `path` with this cookie. */
export function postForm(path: string, cookie: string, body: Record<string, string> | FormData) {
  return new Request(`${APP}${path}`, {
    method: 'POST',
    headers: { cookie },
    body: body instanceof FormData ? body : new URLSearchParams(body),
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
export async function noticeOf(response: Response) {
  const cookie = response.headers.get('Set-Cookie')?.split(';')[0]
  if (!cookie) return null
  return (await takeNotice(new Request(APP, { headers: { cookie } }))).notice
}

/** Vendor stand-ins for this test file, with a Stripe stand-in state of its own. */
export function standInsForThisFile() {
  let stop = () => {}
  beforeAll(() => {
    process.env.HAVEN_STRIPE_DIR = `test-${randomBytes(4).toString('hex')}`
    stop = startStandIns()
  })
  afterAll(() => stop())
}
