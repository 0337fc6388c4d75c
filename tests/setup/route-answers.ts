// Calling a route's loader or action in a test as a signed-in person, and reading its answer as
// the browser would: the status, the data, where it redirects and the flash notice it leaves.
import { type ActionFunction, type LoaderFunction } from '@remix-run/node'
import { createSession } from '~/utils/auth.server.ts'
import { db } from '~/utils/db.server.ts'
import { takeNotice } from '~/utils/notice.server.ts'

export const ORIGIN = 'http://localhost:3000'

/** The session cookie of the person with this email, as their browser sends it. */
export async function cookieFor(email: string) {
  const user = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } })
  return (await createSession(user.id, new Request(ORIGIN))).split(';')[0]!
}

export type RouteAnswer = {
  status: number
  /** The action's data (a reply, say), or the text of a thrown Response. */
  body: unknown
  location: string | null
  /** The flash notice the answer leaves for the next page. */
  notice: string | null
}

function isData(value: unknown): value is { data: unknown; init?: { status?: number } } {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { type?: unknown }).type === 'DataWithResponseInit'
  )
}

async function noticeOf(response: Response) {
  const cookie = response.headers.get('Set-Cookie')?.split(';')[0]
  if (!cookie) return null
  const { notice } = await takeNotice(new Request(ORIGIN, { headers: { cookie } }))
  return notice?.message ?? null
}

/** What a loader or action answered, whether it returned or threw. */
export async function answerOf(run: () => unknown): Promise<RouteAnswer> {
  let outcome: unknown
  try {
    outcome = await run()
  } catch (thrown) {
    if (!(thrown instanceof Response) && !isData(thrown)) throw thrown
    outcome = thrown
  }
  if (outcome instanceof Response) {
    const location = outcome.headers.get('Location')
    return {
      status: outcome.status,
      body: location ? null : await outcome.text(),
      location,
      notice: await noticeOf(outcome),
    }
  }
  if (isData(outcome))
    return { status: outcome.init?.status ?? 200, body: outcome.data, location: null, notice: null }
  return { status: 200, body: outcome, location: null, notice: null }
}

/** A form posted to a route's action, as its page would send it. */
export function postForm(
  action: ActionFunction,
  {
    path,
    fields,
    cookie,
    params = {},
  }: {
    path: string
    fields: Record<string, string>
    cookie?: string
    params?: Record<string, string>
  },
) {
  const request = new Request(`${ORIGIN}${path}`, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { origin: ORIGIN, ...(cookie ? { cookie } : {}) },
  })
  return answerOf(() => action({ request, params, context: { cspNonce: '' } }))
}

/** A page's loader, as a signed-in person opening the address. */
export function loadPage(
  loader: LoaderFunction,
  { path, cookie, params = {} }: { path: string; cookie?: string; params?: Record<string, string> },
) {
  const request = new Request(`${ORIGIN}${path}`, { headers: cookie ? { cookie } : {} })
  return answerOf(() => loader({ request, params, context: { cspNonce: '' } }))
}
