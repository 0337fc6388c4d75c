import { type LoaderFunctionArgs } from '@remix-run/node'
import { patientCalendarFile } from '~/domain/scheduling/ics.server.ts'
import { invariantResponse } from '~/utils/invariant.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['patient+/appointments.$appointmentId[.]ics.ts']

// The appointment as a calendar file, for the patient whose appointment it is.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  const file = await patientCalendarFile(user.id, params.appointmentId ?? '')
  invariantResponse(file, 'We could not find that appointment.', 404)
  return new Response(file, {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': 'attachment; filename="haven-appointment.ics"',
      'Cache-Control': 'private, no-store',
    },
  })
}
