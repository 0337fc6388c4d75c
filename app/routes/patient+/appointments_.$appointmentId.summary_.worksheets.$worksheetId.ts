import { type LoaderFunctionArgs } from '@remix-run/node'
import { accessFrom } from '~/domain/audit/audit.server.ts'
import { sharedWorksheet } from '~/domain/records/summaries.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { storedFileResponse } from '~/routes/__files/stored-file.server.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['patient+/appointments_.$appointmentId.summary_.worksheets.$worksheetId.ts']

// Resource route: a worksheet of the patient's own shared session summary, as a download.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  return storedFileResponse(
    sharedWorksheet(user.id, params.appointmentId ?? '', params.worksheetId ?? '', accessFrom(request)),
    'attachment',
  )
}
