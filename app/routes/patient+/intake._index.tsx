import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { intakeProgress } from '~/domain/patients/intake.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['patient+/intake._index.tsx']

// Resumes the intake where the patient left it.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  const { nextStep } = await intakeProgress(user.id)
  return redirect(`/patient/intake/${nextStep ?? 'review'}`)
}
