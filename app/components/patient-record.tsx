import { Link } from '@remix-run/react'
import { Card } from '~/components/area-shell.tsx'
import { ActionForm, type ActionReplyData, linkClass } from '~/components/forms.tsx'
import { formatDateTime, K10History, SummarySections } from '~/components/patient-summary.tsx'
import { type IntakeStatus } from '~/domain/patients/directory.server.ts'
import { INTAKE_STEPS } from '~/domain/patients/intake.ts'
import { type PatientSummary } from '~/domain/patients/summary.server.ts'

const INTAKE_LABELS: Record<IntakeStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  submitted: 'Submitted',
}

type PatientRow = {
  id: string
  name: string
  email: string
  intake: IntakeStatus
  stepsDone: number
  stepsTotal: number
  openFlags: number
}

function FlagBadge({ count }: { count: number }) {
  if (count === 0) return null
  return (
    <span className="ml-2 inline-flex items-center rounded bg-red-100 px-1.5 py-0.5 text-xs font-semibold text-red-800">
      Flagged for follow-up{count > 1 ? ` (${count})` : ''}
    </span>
  )
}

export function PatientsTable({ patients, basePath }: { patients: PatientRow[]; basePath: string }) {
  if (patients.length === 0) return <p className="text-stone-700">No patients found.</p>
  return (
    <div className="overflow-x-auto rounded-xl border border-stone-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-stone-200 text-sm">
        <caption className="sr-only">Patients</caption>
        <thead className="bg-stone-50 text-left text-stone-600">
          <tr>
            <th scope="col" className="px-4 py-3 font-medium">
              Name
            </th>
            <th scope="col" className="px-4 py-3 font-medium">
              Email
            </th>
            <th scope="col" className="px-4 py-3 font-medium">
              Intake
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-stone-100">
          {patients.map((patient) => (
            <tr key={patient.id}>
              <th scope="row" className="px-4 py-3 text-left font-medium">
                <Link to={`${basePath}/${patient.id}`} className={linkClass}>
                  {patient.name}
                </Link>
                <FlagBadge count={patient.openFlags} />
              </th>
              <td className="px-4 py-3 text-stone-700">{patient.email}</td>
              <td className="px-4 py-3 text-stone-700">
                {INTAKE_LABELS[patient.intake]}
                {patient.intake === 'in_progress'
                  ? ` (${patient.stepsDone} of ${patient.stepsTotal} steps)`
                  : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** A patient's record as staff see it: flags first, then K10 history (if theirs to see) and the intake. */
export function PatientRecord({
  summary,
  canAcknowledge,
  reply,
}: {
  summary: PatientSummary
  canAcknowledge: boolean
  /** The page's action reply: a refused "followed up" shows beside its flag. */
  reply?: ActionReplyData
}) {
  const openFlags = summary.flags.filter((flag) => !flag.acknowledgedAt)
  return (
    <div className="space-y-4">
      {summary.flags.length > 0 ? (
        <section
          aria-labelledby="risk-flags"
          className={`rounded-xl border p-5 ${openFlags.length ? 'border-red-300 bg-red-50' : 'border-stone-200 bg-white'}`}
        >
          <h2 id="risk-flags" className="text-base font-semibold text-stone-900">
            {openFlags.length ? 'Flagged for follow-up' : 'Earlier flags'}
          </h2>
          <ul className="mt-2 space-y-2 text-sm">
            {summary.flags.map((flag) => (
              <li key={flag.id} className="flex flex-wrap items-center justify-between gap-3">
                <span>
                  <strong>{flag.reason}</strong>, raised {formatDateTime(flag.raisedAt)}
                  {flag.acknowledgedAt
                    ? `; followed up ${formatDateTime(flag.acknowledgedAt)}${flag.acknowledgedBy ? ` by ${flag.acknowledgedBy}` : ''}`
                    : ''}
                </span>
                {!flag.acknowledgedAt && canAcknowledge ? (
                  <ActionForm
                    intent="acknowledge-flag"
                    fields={{ flagId: flag.id }}
                    row={{ flagId: flag.id }}
                    reply={reply}
                  >
                    <button
                      type="submit"
                      className="rounded-md border border-stone-300 bg-white px-3 py-1.5 font-medium text-stone-800 hover:bg-stone-100"
                    >
                      Mark as followed up
                    </button>
                  </ActionForm>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <Card title="Intake">
        <p>
          {summary.intakeSubmittedAt
            ? `Submitted ${formatDateTime(summary.intakeSubmittedAt)}.`
            : `Not submitted yet (${summary.intakeSteps.length} of ${INTAKE_STEPS.length} steps saved).`}
        </p>
      </Card>
      {summary.k10 ? <K10History k10={summary.k10} /> : null}
      <SummarySections sections={summary.sections} letterId={summary.letter?.id} />
    </div>
  )
}
