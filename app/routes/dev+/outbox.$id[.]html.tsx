import { type LoaderFunctionArgs } from '@remix-run/node'
import { requireDevPage } from '~/utils/dev-pages.server.ts'
import { getOutboxMessage } from '../../../tests/mocks/outbox.server.ts'
import { invariantResponse } from '~/utils/invariant.ts'

// Dev-only resource route: a recorded email's HTML exactly as sent. 404 unless HAVEN_STANDINS=true,
// the browser is on this computer and the viewer may see it (app/utils/dev-pages.server.ts).

export async function loader(args: LoaderFunctionArgs) {
  const { onlyTo } = await requireDevPage(args)
  const message = await getOutboxMessage(args.params.id ?? '', { to: onlyTo })
  // A text message has no HTML version.
  invariantResponse(message?.channel === 'email', 'Not Found', 404)
  return new Response(message.html, {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      // Email HTML is untrusted content on the app's origin: no scripts, no requests back to the app.
      'Content-Security-Policy':
        "sandbox allow-popups allow-popups-to-escape-sandbox; default-src 'none'; img-src https: data:; style-src 'unsafe-inline'",
      'Cache-Control': 'no-store',
    },
  })
}
