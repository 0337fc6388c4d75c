import { type AppLoadContext } from '@remix-run/node'
import { hasRole } from '~/domain/identity/permissions.ts'
import { getSessionUser } from '~/utils/auth.server.ts'
import { db } from '~/utils/db.server.ts'
import { standInsEnabled } from '~/utils/standins.server.ts'

// The dev pages (app/routes/dev+/) are in the dev server and the test build only; this guards
// them there (docs/decisions/011-dev-pages-only-in-dev-builds.md).

const notFound = () => new Response('Not Found', { status: 404, statusText: 'Not Found' })

// 127.0.0.0/8 and ::1, the IPv4 ones also as IPv6-mapped addresses.
const loopbackPeer = /^(127\.|::ffff:127\.|::1$)/
// What a browser on this computer sends as Host; any other name may be a DNS-rebinding page.
const loopbackHost = /^(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d{1,5})?$/i
// A proxy in front (nginx on a shared box, a tunnel service) makes everyone look local.
const proxyHeaders = ['forwarded', 'x-forwarded-for', 'x-forwarded-host']

/** Whether a browser on this computer sent the request straight to this server. */
export function isFromThisComputer(request: Request, peerAddress: string | undefined) {
  return (
    !!peerAddress &&
    loopbackPeer.test(peerAddress) &&
    loopbackHost.test(request.headers.get('host') ?? '') &&
    !proxyHeaders.some((header) => request.headers.has(header))
  )
}

/** What a dev page's viewer may see: the recipients in `onlyTo`, or everyone's when undefined. */
export type DevViewer = { onlyTo: string[] | undefined }

/**
 * The first call of every dev page's loader and action: without stand-ins, or from anywhere
 * but this computer, the page doesn't exist. Returns `onlyTo`, the recipients whose messages the
 * viewer may see: a signed-in person who isn't a manager sees only their own (their email, and
 * a patient's SMS to their mobile); signed out (the developer at this computer, and the journeys
 * reading emailed links) or a manager sees all.
 */
export async function requireDevPage({
  request,
  context,
}: {
  request: Request
  context?: AppLoadContext
}): Promise<DevViewer> {
  if (!standInsEnabled() || !isFromThisComputer(request, context?.peerAddress)) throw notFound()
  const user = await getSessionUser(request)
  if (!user || hasRole(user, 'manager')) return { onlyTo: undefined }
  const patient = await db.patientProfile.findUnique({ where: { userId: user.id }, select: { mobile: true } })
  return { onlyTo: patient?.mobile ? [user.email, patient.mobile] : [user.email] }
}
