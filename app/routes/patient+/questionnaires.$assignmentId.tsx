import { getFormProps } from '@conform-to/react'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { linkClass, SubmitButton, useValidatedForm } from '~/components/forms.tsx'
import { ErrorSummary, QuestionnaireFields } from '~/components/outcomes/questionnaire-fields.tsx'
import { accessFrom } from '~/domain/audit/audit.server.ts'
import { QUESTIONNAIRES } from '~/domain/outcomes/catalogue.ts'
import {
  answersInOrder,
  answersSchema,
  type QuestionnaireDefinition,
} from '~/domain/outcomes/questionnaires.ts'
import {
  completeQuestionnaire,
  patientAssignment,
  questionnaireToComplete,
} from '~/domain/outcomes/responses.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { handleAction, orNotFound } from '~/utils/action.server.ts'
import { redirectWithNotice } from '~/utils/notice.server.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'
import { formatZonedTime } from '~/utils/time.ts'

const POLICY = ROUTE_POLICIES['patient+/questionnaires.$assignmentId.tsx']

const OUT_OF_DATE = 'This page is out of date. Open your questionnaires again.'

type Submitted = { intent: 'submit'; occasion: string } & { [item: string]: unknown }

/** The answers, and which occasion the form was shown for (so sending it twice saves once). */
function submitSchema(definition: Pick<QuestionnaireDefinition, 'items' | 'options'>) {
  return answersSchema(definition).extend({
    intent: z.literal('submit'),
    occasion: z.string({ error: OUT_OF_DATE }).min(1, OUT_OF_DATE).max(64, OUT_OF_DATE),
  }) as unknown as z.ZodType<Submitted, Record<string, unknown>>
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.questionnaire.name ?? 'Questionnaire'} · Haven` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  return orNotFound(questionnaireToComplete(user.id, params.assignmentId ?? ''))
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleAction(request, {
    policy: POLICY,
    load: (user) => patientAssignment(user.id, params.assignmentId),
    schema: (_user, assignment) => submitSchema(QUESTIONNAIRES[assignment.questionnaire]),
    perform: async ({ intent: _intent, occasion, ...answers }, user, _submission, assignment) => {
      const definition = QUESTIONNAIRES[assignment.questionnaire]
      const result = await completeQuestionnaire({
        patientId: user.id,
        assignmentId: assignment.id,
        occasion,
        answers: answersInOrder(definition, answers as Record<string, number>),
        access: accessFrom(request),
      })
      if (result.outcome === 'already') {
        return redirectWithNotice('/patient/questionnaires', 'We already have these answers. Thank you.')
      }
      return redirectWithNotice(
        `/patient/questionnaires${result.crisis ? '?support=1' : ''}`,
        'Thank you. Your answers are with your psychologist, who will go through them with you.',
      )
    },
  })
}

export default function QuestionnairePage() {
  const { questionnaire, due, lastCompletedAt } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useValidatedForm(
    `questionnaire-${questionnaire.id}`,
    submitSchema(questionnaire),
    actionData?.result,
  )
  return (
    <div className="max-w-2xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-stone-900">{questionnaire.name}</h1>
        <p className="mt-1 text-stone-600">{questionnaire.title}</p>
      </div>
      {due ? (
        <Form method="post" {...getFormProps(form)} className="space-y-6">
          <ErrorSummary
            items={questionnaire.items}
            fields={fields as never}
            formErrors={[...(form.errors ?? []), ...(fields.occasion?.errors ?? [])]}
          />
          <div className="space-y-2 text-stone-700">
            {due.session ? (
              <p>
                For your session on {formatZonedTime(due.session.startsAt, due.session.timeZone)}. It takes a
                few minutes.
              </p>
            ) : null}
            <p>{questionnaire.instructions}</p>
            <p className="text-sm text-stone-600">
              Answer every question ({questionnaire.items.length} in all). Your psychologist reads your
              answers; if you need help now, call Lifeline on 13 11 14, or 000 in an emergency.
            </p>
          </div>
          <input type="hidden" name="intent" value="submit" />
          <input type="hidden" name="occasion" value={due.key} />
          <QuestionnaireFields
            items={questionnaire.items}
            options={questionnaire.options}
            fields={fields as never}
          />
          <div className="sm:w-56">
            <SubmitButton pendingText="Sending…">Submit answers</SubmitButton>
          </div>
        </Form>
      ) : (
        <div
          role="status"
          className="rounded-xl border border-stone-200 bg-white p-5 text-stone-700 shadow-sm"
        >
          <p>
            {lastCompletedAt
              ? 'Thank you: you have completed this. There is nothing to do here now.'
              : 'There is nothing to complete here right now. We will email you when it is time.'}
          </p>
          <p className="mt-3">
            <Link to="/patient/questionnaires" className={linkClass}>
              Back to your questionnaires
            </Link>
          </p>
        </div>
      )}
    </div>
  )
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusPages={{
        404: {
          title: 'We could not find that questionnaire',
          body: 'The link may be old. Your questionnaires page lists everything your psychologist has asked you to complete.',
        },
      }}
    />
  )
}
