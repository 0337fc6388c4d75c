import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { StaffAppointmentPage } from '~/routes/__staff/appointment.tsx'
import { requireUser } from '~/domain/identity/session.server.ts'
import { handleStaffAppointmentAction, loadStaffAppointment } from '~/routes/__staff/appointment.server.ts'

export const meta: MetaFunction = () => [{ title: 'Appointment · Haven' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, { role: 'manager', permission: 'read:appointment:any' })
  return loadStaffAppointment(params.appointmentId ?? '', {})
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: 'manager', permission: 'update:appointment:any' })
  return handleStaffAppointmentAction(request, {
    appointmentId: params.appointmentId ?? '',
    scope: {},
    actorId: user.id,
  })
}

export default function ManagerAppointment() {
  return <StaffAppointmentPage patientPath="/manager/patients" backTo="/manager/calendar" />
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
