import { createCookie, redirect } from '@remix-run/node'
import { z } from 'zod'
import { getEnv } from './env.server.ts'

/**
 * A one-time notice after a form succeeds ("Appointment cancelled."), carried by a signed
 * cookie across the redirect and shown by the page it was meant for, on the server, so it works
 * without JavaScript. The root loader reads it once and clears it: a reload does not show it
 * again. It replaces notices in the URL (`?saved=…`), which a reload, a bookmark or a shared
 * link would repeat.
 */
const noticeSchema = z.object({ message: z.string().max(500), path: z.string().max(2048) })
export type FlashNotice = z.infer<typeof noticeSchema>

let cookie: ReturnType<typeof createCookie> | undefined
function noticeCookie() {
  const env = getEnv()
  cookie ??= createCookie('__haven_notice', {
    httpOnly: true,
    sameSite: 'lax',
    secure: env.NODE_ENV === 'production',
    path: '/',
    secrets: [env.SESSION_SECRET],
    // Long enough for the redirect to be followed, short enough not to surprise anyone later.
    maxAge: 60,
  })
  return cookie
}

/** Redirect to a page of this site and show `message` there once. */
export async function redirectWithNotice(to: string, message: string, init: ResponseInit = {}) {
  const path = new URL(to, 'http://haven.invalid').pathname
  const headers = new Headers(init.headers)
  headers.append('Set-Cookie', await noticeCookie().serialize({ message, path } satisfies FlashNotice))
  return redirect(to, { ...init, headers })
}

/** The notice waiting for this request, if any, and the header that clears it. */
export async function takeNotice(
  request: Request,
): Promise<{ notice: FlashNotice | null; headers?: Headers }> {
  const value: unknown = await noticeCookie().parse(request.headers.get('cookie'))
  if (value === null || value === undefined) return { notice: null }
  const parsed = noticeSchema.safeParse(value)
  const headers = new Headers({ 'Set-Cookie': await noticeCookie().serialize('', { maxAge: 0 }) })
  return { notice: parsed.success ? parsed.data : null, headers }
}
