import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Card, PageHeader } from '~/components/area-shell.tsx'
import { Notice } from '~/components/forms.tsx'
import { PatientRecord } from '~/components/patient-record.tsx'
import { signOutEverywhere } from '~/domain/identity/staff.server.ts'
import {
  assignPsychologist,
  careTeam,
  NotAPsychologistError,
  unassignPsychologist,
} from '~/domain/patients/directory.server.ts'
import { acknowledgeRiskFlag } from '~/domain/patients/risk.server.ts'
import { hasPatientRecord, patientSummary } from '~/domain/patients/summary.server.ts'
import { readFormData } from '~/utils/form-data.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['manager+/patients.$patientId.tsx']

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.summary.name ?? 'Patient'} · Haven` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  const summary = params.patientId
    ? await patientSummary(params.patientId, { audience: 'manager', viewerId: user.id })
    : null
  if (!summary) throw new Response('Not found', { status: 404 })
  return { summary, team: await careTeam(summary.patientId) }
}

const ActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('acknowledge-flag'), flagId: z.string().min(1).max(64) }),
  z.object({
    intent: z.literal('assign'),
    psychologistId: z.string().min(1, 'Choose a psychologist').max(64),
  }),
  z.object({ intent: z.literal('unassign'), psychologistId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal('sign-out-everywhere') }),
])

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireAccess(request, POLICY.intents.assign)
  const patientId = params.patientId
  // Checked without reading the record: an action is not a view (the page reloads after it).
  if (!patientId || !(await hasPatientRecord(patientId))) throw new Response('Not found', { status: 404 })
  const parsed = ActionSchema.safeParse(Object.fromEntries(await readFormData(request)))
  if (!parsed.success) return data({ notice: null, error: 'Choose a psychologist first.' }, { status: 400 })
  const input = parsed.data
  switch (input.intent) {
    case 'acknowledge-flag':
      await acknowledgeRiskFlag(input.flagId, patientId, actor.id)
      return { notice: 'Marked as followed up.', error: null }
    case 'assign':
      try {
        await assignPsychologist(actor.id, patientId, input.psychologistId)
      } catch (error) {
        if (error instanceof NotAPsychologistError) {
          return data({ notice: null, error: 'That psychologist is not available.' }, { status: 400 })
        }
        throw error
      }
      return { notice: 'Added to the care team.', error: null }
    case 'unassign':
      await unassignPsychologist(actor.id, patientId, input.psychologistId)
      return { notice: 'Removed from the care team.', error: null }
    case 'sign-out-everywhere': {
      const ended = await signOutEverywhere(actor.id, patientId)
      return { notice: `Signed out of ${ended === 1 ? '1 device' : `${ended} devices`}.`, error: null }
    }
  }
}

export default function ManagerPatientPage() {
  const { summary, team } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <>
      <PageHeader title={summary.name}>{summary.email}</PageHeader>
      <div className="mb-4 space-y-2">
        {actionData?.notice ? <Notice>{actionData.notice}</Notice> : null}
        {actionData?.error ? (
          <p role="alert" className="text-sm text-red-700">
            {actionData.error}
          </p>
        ) : null}
      </div>
      <div className="space-y-4">
        <Card title="Care team">
          {team.assigned.length ? (
            <ul className="space-y-2">
              {team.assigned.map((psychologist) => (
                <li key={psychologist.id} className="flex items-center justify-between gap-3">
                  {psychologist.name}
                  <Form method="post">
                    <input type="hidden" name="intent" value="unassign" />
                    <input type="hidden" name="psychologistId" value={psychologist.id} />
                    <button type="submit" className="text-sm font-medium text-stone-700 underline">
                      Remove<span className="sr-only"> {psychologist.name}</span>
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
          ) : (
            <p>No psychologist yet. Only you and other managers can see this record.</p>
          )}
          {team.available.length ? (
            <Form method="post" className="mt-3 flex flex-wrap items-end gap-2">
              <input type="hidden" name="intent" value="assign" />
              <div>
                <label htmlFor="assign-psychologist" className="block text-sm font-medium text-stone-800">
                  Add a psychologist
                </label>
                <select
                  id="assign-psychologist"
                  name="psychologistId"
                  className="mt-1 rounded-md border border-stone-300 bg-white px-3 py-2"
                >
                  <option value="">Choose…</option>
                  {team.available.map((psychologist) => (
                    <option key={psychologist.id} value={psychologist.id}>
                      {psychologist.name}
                    </option>
                  ))}
                </select>
              </div>
              <button
                type="submit"
                className="rounded-md bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800"
              >
                Add
              </button>
            </Form>
          ) : null}
        </Card>
        <PatientRecord summary={summary} canAcknowledge />
        <Card title="Account">
          <Form method="post">
            <input type="hidden" name="intent" value="sign-out-everywhere" />
            <button
              type="submit"
              className="rounded-md border border-stone-300 px-3 py-1.5 font-medium text-stone-800 hover:bg-stone-100"
            >
              Sign {summary.name} out everywhere
            </button>
          </Form>
        </Card>
      </div>
    </>
  )
}
