import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { PageHeader } from '~/components/area-shell.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { OutcomesSection } from '~/components/outcomes/outcomes-section.tsx'
import { PatientRecord } from '~/components/patient-record.tsx'
import { AccessHistoryCard, PatientNotesCard } from '~/components/records/record-sections.tsx'
import { accessFrom } from '~/domain/audit/audit.server.ts'
import { type SessionUser } from '~/domain/identity/session.server.ts'
import { changeOutcomes } from '~/domain/outcomes/assignments.server.ts'
import { OUTCOME_INTENT_SCHEMAS } from '~/domain/outcomes/forms.ts'
import { outcomesForPatient } from '~/domain/outcomes/results.server.ts'
import { canReadPatient } from '~/domain/patients/access.server.ts'
import { acknowledgeRiskFlag } from '~/domain/patients/risk.server.ts'
import { hasPatientRecord, patientSummary } from '~/domain/patients/summary.server.ts'
import { accessHistory, patientNotes } from '~/domain/records/patient-record.server.ts'
import { DEFAULT_TIME_ZONE } from '~/domain/scheduling/directory.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { handleAction, orNotFound } from '~/utils/action.server.ts'
import { invariantResponse } from '~/utils/invariant.ts'
import { redirectWithNotice } from '~/utils/notice.server.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['clinician+/patients.$patientId.tsx']

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.summary.name ?? 'Patient'} · Haven` },
]

const NOT_FOUND = 'We could not find that patient.'

/** Only a psychologist on the patient's care team; anyone else gets a 404. */
async function requireOwnPatient(user: SessionUser, patientId: string | undefined) {
  invariantResponse(patientId && (await canReadPatient(user, patientId)), NOT_FOUND, 404)
  invariantResponse(await hasPatientRecord(patientId), NOT_FOUND, 404)
  return patientId
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  const patientId = await requireOwnPatient(user, params.patientId)
  const access = accessFrom(request)
  const summary = await patientSummary(patientId, { audience: 'psychologist', viewerId: user.id, access })
  invariantResponse(summary, NOT_FOUND, 404)
  const [notes, history, outcomes] = await Promise.all([
    patientNotes(patientId, user),
    accessHistory(patientId),
    orNotFound(outcomesForPatient(patientId, user, access)),
  ])
  return { summary, notes, history, outcomes }
}

const AcknowledgeSchema = z.object({
  intent: z.literal('acknowledge-flag'),
  flagId: z.string({ error: 'That request was not understood.' }).min(1).max(64),
})

export async function action({ request, params }: ActionFunctionArgs) {
  return handleAction(request, {
    policy: POLICY,
    load: (user) => requireOwnPatient(user, params.patientId),
    schema: z.discriminatedUnion('intent', [AcknowledgeSchema, ...OUTCOME_INTENT_SCHEMAS]),
    perform: async (value, user, _submission, patientId) => {
      const here = new URL(request.url).pathname
      if (value.intent !== 'acknowledge-flag') {
        const done = await changeOutcomes(value, { patientId, actor: user, access: accessFrom(request) })
        return redirectWithNotice(here, done)
      }
      await acknowledgeRiskFlag(value.flagId, patientId, user.id)
      return redirectWithNotice(here, 'Marked as followed up.')
    },
  })
}

export default function ClinicianPatientPage() {
  const { summary, notes, history, outcomes } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <>
      <PageHeader title={summary.name}>{summary.email}</PageHeader>
      <div className="space-y-4">
        <PatientRecord summary={summary} canAcknowledge reply={actionData} />
        <OutcomesSection outcomes={outcomes} reply={actionData} />
        {notes ? (
          <PatientNotesCard
            record={notes}
            notePath={(note) => `/clinician/appointments/${note.appointmentId}/note`}
          />
        ) : null}
        <AccessHistoryCard events={history} timeZone={DEFAULT_TIME_ZONE} />
      </div>
    </>
  )
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusPages={{
        404: {
          title: 'We could not find that patient',
          body: 'You can open the records of patients whose care team you are on. Your patients are listed under Your patients.',
        },
      }}
    />
  )
}
