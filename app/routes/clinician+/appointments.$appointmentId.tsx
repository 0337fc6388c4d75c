import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { StaffAppointmentPage } from '~/routes/__staff/appointment.tsx'
import { requireUser } from '~/domain/identity/session.server.ts'
import { handleStaffAppointmentAction, loadStaffAppointment } from '~/routes/__staff/appointment.server.ts'

export const meta: MetaFunction = () => [{ title: 'Appointment · Haven' }]

// A psychologist's own appointment: another psychologist's id is simply not found.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: 'psychologist', permission: 'read:appointment:own' })
  return loadStaffAppointment(params.appointmentId ?? '', { psychologistId: user.id })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { role: 'psychologist', permission: 'update:appointment:own' })
  return handleStaffAppointmentAction(request, {
    appointmentId: params.appointmentId ?? '',
    scope: { psychologistId: user.id },
    actorId: user.id,
  })
}

export default function ClinicianAppointment() {
  return <StaffAppointmentPage patientPath="/clinician/patients" backTo="/clinician/calendar" />
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
