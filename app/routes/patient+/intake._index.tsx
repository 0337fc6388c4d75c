import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '~/domain/identity/session.server.ts'
import { intakeProgress } from '~/domain/patients/intake.server.ts'

// Resumes the intake where the patient left it.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { role: 'patient' })
  const { nextStep } = await intakeProgress(user.id)
  return redirect(`/patient/intake/${nextStep ?? 'review'}`)
}
