import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { STAFF_APPOINTMENT_STATUS_PAGES, StaffAppointmentPage } from '~/routes/__staff/appointment.tsx'
import { handleStaffAppointmentAction, loadStaffAppointment } from '~/routes/__staff/appointment.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['manager+/appointments.$appointmentId.tsx']

export const meta: MetaFunction = () => [{ title: 'Appointment · Haven' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAccess(request, POLICY.loader)
  return loadStaffAppointment(params.appointmentId ?? '', {})
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleStaffAppointmentAction(request, {
    policy: POLICY,
    appointmentId: params.appointmentId ?? '',
    scopeOf: () => ({}),
  })
}

export default function ManagerAppointment() {
  return <StaffAppointmentPage patientPath="/manager/patients" backTo="/manager/calendar" />
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary statusPages={STAFF_APPOINTMENT_STATUS_PAGES} />
}
