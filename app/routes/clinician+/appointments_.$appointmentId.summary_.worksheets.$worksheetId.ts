import { type LoaderFunctionArgs } from '@remix-run/node'
import { accessFrom } from '~/domain/audit/audit.server.ts'
import { worksheetForWriter } from '~/domain/records/summaries.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { storedFileResponse } from '~/routes/__files/stored-file.server.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['clinician+/appointments_.$appointmentId.summary_.worksheets.$worksheetId.ts']

// Resource route: a worksheet attached to a session summary, for the psychologist who writes it.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  return storedFileResponse(
    worksheetForWriter(user, params.appointmentId ?? '', params.worksheetId ?? '', accessFrom(request)),
    'attachment',
  )
}
