import { getFormProps, getSelectProps } from '@conform-to/react'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Card, PageHeader } from '~/components/area-shell.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { ActionForm, FormAlert, replyFor, SelectField, useValidatedForm } from '~/components/forms.tsx'
import { PatientRecord } from '~/components/patient-record.tsx'
import { AccessHistoryCard, PatientNotesCard } from '~/components/records/record-sections.tsx'
import { accessFrom } from '~/domain/audit/audit.server.ts'
import { signOutEverywhere } from '~/domain/identity/staff.server.ts'
import { assignPsychologist, careTeam, unassignPsychologist } from '~/domain/patients/directory.server.ts'
import { acknowledgeRiskFlag } from '~/domain/patients/risk.server.ts'
import { hasPatientRecord, patientSummary } from '~/domain/patients/summary.server.ts'
import { accessHistory, patientNotes } from '~/domain/records/patient-record.server.ts'
import { DEFAULT_TIME_ZONE } from '~/domain/scheduling/directory.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { handleAction } from '~/utils/action.server.ts'
import { invariantResponse } from '~/utils/invariant.ts'
import { redirectWithNotice } from '~/utils/notice.server.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['manager+/patients.$patientId.tsx']

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.summary.name ?? 'Patient'} · Haven` },
]

const NOT_FOUND = 'We could not find that patient.'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  const access = accessFrom(request)
  const summary = params.patientId
    ? await patientSummary(params.patientId, { audience: 'manager', viewerId: user.id, access })
    : null
  invariantResponse(summary, NOT_FOUND, 404)
  const [team, notes, history] = await Promise.all([
    careTeam(summary.patientId),
    patientNotes(summary.patientId, user),
    accessHistory(summary.patientId),
  ])
  return { summary, team, notes, history }
}

const NOT_UNDERSTOOD = 'That request was not understood.'

const AssignSchema = z.object({
  intent: z.literal('assign'),
  psychologistId: z.string({ error: 'Choose a psychologist' }).min(1, 'Choose a psychologist').max(64),
})

const ActionSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('acknowledge-flag'),
    flagId: z.string({ error: NOT_UNDERSTOOD }).min(1).max(64),
  }),
  AssignSchema,
  z.object({
    intent: z.literal('unassign'),
    psychologistId: z.string({ error: NOT_UNDERSTOOD }).min(1).max(64),
  }),
  z.object({ intent: z.literal('sign-out-everywhere') }),
])

const devices = (count: number) => (count === 1 ? '1 device' : `${count} devices`)

export async function action({ request, params }: ActionFunctionArgs) {
  return handleAction(request, {
    policy: POLICY,
    schema: ActionSchema,
    perform: async (input, actor) => {
      const patientId = params.patientId
      // Checked without reading the record: an action is not a view (the page reloads after it).
      invariantResponse(patientId && (await hasPatientRecord(patientId)), NOT_FOUND, 404)
      const done = (notice: string) => redirectWithNotice(new URL(request.url).pathname, notice)
      switch (input.intent) {
        case 'acknowledge-flag':
          await acknowledgeRiskFlag(input.flagId, patientId, actor.id)
          return done('Marked as followed up.')
        case 'assign':
          await assignPsychologist(actor.id, patientId, input.psychologistId)
          return done('Added to the care team.')
        case 'unassign':
          await unassignPsychologist(actor.id, patientId, input.psychologistId)
          return done('Removed from the care team.')
        case 'sign-out-everywhere':
          return done(`Signed out of ${devices(await signOutEverywhere(actor.id, patientId))}.`)
      }
    },
  })
}

type Team = Awaited<ReturnType<typeof loader>>['team']

function AssignForm({ available }: { available: Team['available'] }) {
  const reply = useActionData<typeof action>()
  const [form, fields] = useValidatedForm('assign', AssignSchema, replyFor(reply, 'assign'))
  return (
    <Form method="post" {...getFormProps(form)} className="mt-3 space-y-2">
      <FormAlert id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="assign" />
      <div className="flex flex-wrap items-end gap-2">
        <SelectField
          label="Add a psychologist"
          errors={fields.psychologistId.errors}
          selectProps={getSelectProps(fields.psychologistId)}
        >
          <option value="">Choose…</option>
          {available.map((psychologist) => (
            <option key={psychologist.id} value={psychologist.id}>
              {psychologist.name}
            </option>
          ))}
        </SelectField>
        <button
          type="submit"
          className="rounded-md bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800"
        >
          Add
        </button>
      </div>
    </Form>
  )
}

export default function ManagerPatientPage() {
  const { summary, team, notes, history } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <>
      <PageHeader title={summary.name}>{summary.email}</PageHeader>
      <div className="space-y-4">
        <Card title="Care team">
          {team.assigned.length ? (
            <ul className="space-y-2">
              {team.assigned.map((psychologist) => (
                <li key={psychologist.id} className="flex items-center justify-between gap-3">
                  {psychologist.name}
                  <ActionForm
                    intent="unassign"
                    fields={{ psychologistId: psychologist.id }}
                    row={{ psychologistId: psychologist.id }}
                    reply={actionData}
                  >
                    <button type="submit" className="text-sm font-medium text-stone-700 underline">
                      Remove<span className="sr-only"> {psychologist.name}</span>
                    </button>
                  </ActionForm>
                </li>
              ))}
            </ul>
          ) : (
            <p>No psychologist yet. Only you and other managers can see this record.</p>
          )}
          {/* Remounted when the team changes: a fresh choice, not the one just added. */}
          {team.available.length ? (
            <AssignForm key={team.assigned.map(({ id }) => id).join()} available={team.available} />
          ) : null}
        </Card>
        <PatientRecord summary={summary} canAcknowledge reply={actionData} />
        {notes ? (
          <PatientNotesCard record={notes} notePath={(note) => `/manager/notes/${note.id}`} />
        ) : (
          <Card title="Clinical notes">
            <p>
              Clinical notes are read by the patient’s psychologists. A manager reads them only with the
              permission given to them in person (Practice › Clinical records).
            </p>
          </Card>
        )}
        <AccessHistoryCard events={history} timeZone={DEFAULT_TIME_ZONE} />
        <Card title="Account">
          <ActionForm intent="sign-out-everywhere" reply={actionData}>
            <button
              type="submit"
              className="rounded-md border border-stone-300 px-3 py-1.5 font-medium text-stone-800 hover:bg-stone-100"
            >
              Sign {summary.name} out everywhere
            </button>
          </ActionForm>
        </Card>
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
          body: 'The link may be old. Search for the patient on the Patients page.',
        },
      }}
    />
  )
}
