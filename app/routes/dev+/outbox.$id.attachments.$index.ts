import { type LoaderFunctionArgs } from '@remix-run/node'
import { contentDisposition } from '~/utils/content-disposition.ts'
import { requireDevPage } from '~/utils/dev-pages.server.ts'
import { invariantResponse } from '~/utils/invariant.ts'
import { getOutboxMessage } from '../../../tests/mocks/outbox.server.ts'

// Dev-only resource route: one attachment of a recorded email, downloaded as sent. 404 unless
// HAVEN_STANDINS=true, the browser is on this computer and the viewer may see the email
// (app/utils/dev-pages.server.ts).

export async function loader(args: LoaderFunctionArgs) {
  const { onlyTo } = await requireDevPage(args)
  const message = await getOutboxMessage(args.params.id ?? '', { to: onlyTo })
  const index = args.params.index ?? ''
  const attachment = /^(0|[1-9]\d{0,2})$/.test(index) ? message?.attachments?.[Number(index)] : undefined
  invariantResponse(attachment, 'Not Found', 404)
  const bytes = Buffer.from(attachment.content, 'base64')
  return new Response(bytes, {
    headers: {
      'Content-Type': attachment.contentType,
      'Content-Length': String(bytes.byteLength),
      'Content-Disposition': contentDisposition(attachment.filename, 'attachment'),
      // An attachment is untrusted content on the app's origin: never sniffed, never run.
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "sandbox; default-src 'none'",
      'Cache-Control': 'no-store',
    },
  })
}
