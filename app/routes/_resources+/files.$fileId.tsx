import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { readPatientFile } from '~/domain/patients/files.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { storedFileResponse } from '~/routes/__files/stored-file.server.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['_resources+/files.$fileId.tsx']

// Resource route: an uploaded patient file (a referral letter), for those allowed to see the patient.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  return storedFileResponse(readPatientFile(user, params.fileId ?? ''), 'inline')
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAccess(request, POLICY.action)
  return new Response('Method not allowed', { status: 405, headers: { Allow: 'GET, HEAD' } })
}
