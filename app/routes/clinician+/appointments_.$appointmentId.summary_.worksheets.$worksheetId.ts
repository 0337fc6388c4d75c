import { type LoaderFunctionArgs } from '@remix-run/node'
import { accessFrom } from '~/domain/audit/audit.server.ts'
import { NotFoundError } from '~/domain/errors.ts'
import { worksheetForWriter } from '~/domain/records/summaries.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { PRIVATE_NO_STORE, storedFileResponse } from '~/utils/file-response.server.ts'
import { invariantResponse } from '~/utils/invariant.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['clinician+/appointments_.$appointmentId.summary_.worksheets.$worksheetId.ts']

// Resource route: a worksheet attached to a session summary, for the psychologist who writes it.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  try {
    const file = await worksheetForWriter(
      user,
      params.appointmentId ?? '',
      params.worksheetId ?? '',
      accessFrom(request),
    )
    return storedFileResponse(file, 'attachment')
  } catch (error) {
    invariantResponse(!(error instanceof NotFoundError), 'Not found', 404, PRIVATE_NO_STORE)
    throw error
  }
}
