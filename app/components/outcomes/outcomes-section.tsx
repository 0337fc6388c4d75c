import { getFormProps, getSelectProps } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { useId } from 'react'
import {
  ActionForm,
  type ActionReplyData,
  FormAlert,
  RadioGroup,
  replyFor,
  SelectField,
  useValidatedForm,
  secondaryButtonClass,
} from '~/components/forms.tsx'
import { QUESTIONNAIRES } from '~/domain/outcomes/catalogue.ts'
import { assignQuestionnaireSchema } from '~/domain/outcomes/forms.ts'
import { type QuestionnaireId } from '~/domain/outcomes/questionnaires.ts'
import { type PatientOutcomes } from '~/domain/outcomes/results.server.ts'
import { ASSIGNMENT_SCHEDULES, SCHEDULE_LABELS } from '~/domain/outcomes/schedule.ts'
import { formatShortDate } from '~/utils/time.ts'
import { QuestionnaireResults } from './results-chart.tsx'

function AskedList({ outcomes, reply }: { outcomes: PatientOutcomes; reply: ActionReplyData }) {
  if (outcomes.assignments.length === 0) {
    return <p className="text-sm text-stone-600">No questionnaire is asked of this patient at the moment.</p>
  }
  return (
    <ul className="space-y-2 text-sm">
      {outcomes.assignments.map((assignment) => {
        const { name } = QUESTIONNAIRES[assignment.questionnaire]
        const state = assignment.dueNow
          ? 'Waiting for the patient'
          : assignment.lastCompletedAt
            ? `Last completed ${formatShortDate(assignment.lastCompletedAt, outcomes.timeZone)}`
            : 'Asked before the next session'
        return (
          <li key={assignment.id} className="flex flex-wrap items-center justify-between gap-3">
            <span>
              <strong>{name}</strong>, {assignment.schedule.toLowerCase()}: asked{' '}
              {formatShortDate(assignment.assignedAt, outcomes.timeZone)} by {assignment.assignedBy}. {state}.
            </span>
            <ActionForm
              intent="stop-questionnaire"
              fields={{ assignmentId: assignment.id }}
              row={{ assignmentId: assignment.id }}
              reply={reply}
              className="print:hidden"
            >
              <button type="submit" className={secondaryButtonClass}>
                Stop asking<span className="sr-only"> for the {name}</span>
              </button>
            </ActionForm>
          </li>
        )
      })}
    </ul>
  )
}

function AssignForm({ assignable, reply }: { assignable: QuestionnaireId[]; reply: ActionReplyData }) {
  const [form, fields] = useValidatedForm(
    'assign-questionnaire',
    assignQuestionnaireSchema,
    replyFor(reply, 'assign-questionnaire'),
    { schedule: 'once' },
  )
  if (assignable.length === 0) return null
  return (
    <Form
      method="post"
      {...getFormProps(form)}
      className="space-y-3 border-t border-stone-100 pt-4 print:hidden"
    >
      <FormAlert id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="assign-questionnaire" />
      <SelectField
        label="Ask the patient to complete"
        errors={fields.questionnaire.errors}
        selectProps={getSelectProps(fields.questionnaire)}
      >
        <option value="">Choose a questionnaire</option>
        {assignable.map((id) => (
          <option key={id} value={id}>
            {QUESTIONNAIRES[id].title}
          </option>
        ))}
      </SelectField>
      <RadioGroup
        legend="When"
        hint="Before every session: from 3 days before each session. The patient is emailed (and texted, if they agreed to texts) without the questionnaire's name."
        name={fields.schedule.name}
        options={ASSIGNMENT_SCHEDULES.map((schedule) => ({
          value: schedule,
          label: SCHEDULE_LABELS[schedule],
        }))}
        defaultValue={
          typeof fields.schedule.initialValue === 'string' ? fields.schedule.initialValue : undefined
        }
        errors={fields.schedule.errors}
        columns
      />
      <button type="submit" className={secondaryButtonClass}>
        Ask the patient
      </button>
    </Form>
  )
}

/**
 * The outcome measures on a patient's page: what the patient is asked to complete (and the forms
 * to ask or stop), then each questionnaire's results charted over time with their table.
 */
export function OutcomesSection({ outcomes, reply }: { outcomes: PatientOutcomes; reply: ActionReplyData }) {
  const headingId = useId()
  return (
    <section
      aria-labelledby={headingId}
      className="space-y-4 rounded-xl border border-stone-200 bg-white p-5 shadow-sm print:border-0 print:shadow-none"
    >
      <h2 id={headingId} className="text-base font-semibold text-stone-900">
        Outcome measures
      </h2>
      <AskedList outcomes={outcomes} reply={reply} />
      <AssignForm assignable={outcomes.assignable} reply={reply} />
      {outcomes.series.length === 0 ? (
        <p className="border-t border-stone-100 pt-4 text-sm text-stone-600">No results yet.</p>
      ) : (
        outcomes.series.map((series) => (
          <div key={series.questionnaire} className="border-t border-stone-100 pt-4">
            <QuestionnaireResults
              definition={QUESTIONNAIRES[series.questionnaire]}
              points={series.points}
              timeZone={outcomes.timeZone}
            />
          </div>
        ))
      )}
    </section>
  )
}
