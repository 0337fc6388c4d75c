import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { FileNotFoundError, readPatientFile } from '~/domain/patients/files.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { PRIVATE_NO_STORE, storedFileResponse } from '~/utils/file-response.server.ts'
import { invariantResponse } from '~/utils/invariant.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['_resources+/files.$fileId.tsx']

// Resource route: an uploaded patient file (a referral letter), for those allowed to see the patient.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  try {
    return storedFileResponse(await readPatientFile(user, params.fileId ?? ''), 'inline')
  } catch (error) {
    invariantResponse(!(error instanceof FileNotFoundError), 'Not found', 404, PRIVATE_NO_STORE)
    throw error
  }
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAccess(request, POLICY.action)
  return new Response('Method not allowed', { status: 405, headers: { Allow: 'GET, HEAD' } })
}
