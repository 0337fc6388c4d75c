import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { PageHeader } from '~/components/area-shell.tsx'
import { Notice } from '~/components/forms.tsx'
import { PatientRecord } from '~/components/patient-record.tsx'
import { type SessionUser } from '~/domain/identity/session.server.ts'
import { canReadPatient } from '~/domain/patients/access.server.ts'
import { acknowledgeRiskFlag } from '~/domain/patients/risk.server.ts'
import { hasPatientRecord, patientSummary } from '~/domain/patients/summary.server.ts'
import { readFormData } from '~/utils/form-data.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['clinician+/patients.$patientId.tsx']

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.summary.name ?? 'Patient'} · Haven` },
]

/** Only a psychologist on the patient's care team; anyone else gets a 404. */
async function requireOwnPatient(user: SessionUser, patientId: string | undefined) {
  if (!patientId || !(await canReadPatient(user, patientId)) || !(await hasPatientRecord(patientId))) {
    throw new Response('Not found', { status: 404 })
  }
  return patientId
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  const patientId = await requireOwnPatient(user, params.patientId)
  const summary = await patientSummary(patientId, { audience: 'psychologist', viewerId: user.id })
  if (!summary) throw new Response('Not found', { status: 404 })
  return { summary }
}

const AcknowledgeSchema = z.object({
  intent: z.literal('acknowledge-flag'),
  flagId: z.string().min(1).max(64),
})

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireAccess(request, POLICY.intents['acknowledge-flag'])
  const patientId = await requireOwnPatient(user, params.patientId)
  const parsed = AcknowledgeSchema.safeParse(Object.fromEntries(await readFormData(request)))
  if (!parsed.success) return data({ notice: 'That request was not understood.' }, { status: 400 })
  await acknowledgeRiskFlag(parsed.data.flagId, patientId, user.id)
  return { notice: 'Marked as followed up.' }
}

export default function ClinicianPatientPage() {
  const { summary } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <>
      <PageHeader title={summary.name}>{summary.email}</PageHeader>
      {actionData?.notice ? (
        <div className="mb-4">
          <Notice>{actionData.notice}</Notice>
        </div>
      ) : null}
      <PatientRecord summary={summary} canAcknowledge />
    </>
  )
}
