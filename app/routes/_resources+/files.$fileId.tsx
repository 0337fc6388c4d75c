import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { FileNotFoundError, readPatientFile } from '~/domain/patients/files.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { contentDisposition } from '~/utils/content-disposition.ts'
import { invariantResponse } from '~/utils/invariant.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['_resources+/files.$fileId.tsx']

// Resource route: an uploaded patient file (a referral letter), for those allowed to see the patient.

// Uploaded bytes are untrusted: no scripts, no requests, no access to our origin.
const CONTENT_SECURITY_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  try {
    const file = await readPatientFile(user, params.fileId ?? '')
    return new Response(file.content, {
      headers: {
        'Content-Type': file.mimeType,
        'Content-Length': String(file.sizeBytes),
        'Content-Disposition': contentDisposition(file.fileName, 'inline'),
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      },
    })
  } catch (error) {
    invariantResponse(!(error instanceof FileNotFoundError), 'Not found', 404, {
      'Cache-Control': 'private, no-store',
    })
    throw error
  }
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAccess(request, POLICY.action)
  return new Response('Method not allowed', { status: 405, headers: { Allow: 'GET, HEAD' } })
}
