import { type LoaderFunctionArgs } from '@remix-run/node'
import { feedFor, feedTokenSchema } from '~/domain/scheduling/calendar-feed.server.ts'

// A psychologist's subscribed calendar. Calendar apps poll it without a session, so the
// secret in the address is the only authority: a wrong, replaced or revoked one is a 404.
const PRIVATE = { 'X-Robots-Tag': 'noindex, nofollow', 'Referrer-Policy': 'no-referrer' }

const notFound = () =>
  new Response('Not found', { status: 404, headers: { ...PRIVATE, 'Cache-Control': 'no-store' } })

export async function loader({ params }: LoaderFunctionArgs) {
  const token = feedTokenSchema.safeParse(params.token)
  if (!token.success) return notFound()
  const feed = await feedFor(token.data)
  if (!feed) return notFound()
  return new Response(feed, {
    headers: {
      ...PRIVATE,
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': 'inline; filename="haven-sessions.ics"',
      // Calendar apps poll every few minutes; no shared cache may keep a copy.
      'Cache-Control': 'private, max-age=300',
    },
  })
}
