import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { PageHeader } from '~/components/area-shell.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { linkClass } from '~/components/forms.tsx'
import { SummaryEditor, type SummaryReply } from '~/components/records/summary-editor.tsx'
import { returnPathFor, summaryFormSchema } from '~/components/records/summary-form.ts'
import { accessFrom } from '~/domain/audit/audit.server.ts'
import { MAX_UPLOAD_BYTES, uploadProblemMessage } from '~/domain/patients/files.server.ts'
import {
  removeWorksheet,
  summaryForEditor,
  writersSession,
  writeSummary,
} from '~/domain/records/summaries.server.ts'
import { WORKSHEET_FIELD } from '~/domain/records/summaries.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { handleAction, orNotFound } from '~/utils/action.server.ts'
import { MAX_FORM_BYTES } from '~/utils/form-data.server.ts'
import { redirectWithNotice } from '~/utils/notice.server.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['clinician+/appointments_.$appointmentId.summary.tsx']

export const meta: MetaFunction = () => [{ title: 'Session summary · Haven' }]

// The summary shared with the patient, for the session's psychologist: another's session is not found.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  return orNotFound(summaryForEditor(params.appointmentId ?? '', user, accessFrom(request)))
}

async function uploadIn(payload: Record<string, unknown>) {
  const file = payload[WORKSHEET_FIELD]
  if (!(file instanceof File) || file.size === 0) return undefined
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }
}

const NOTICES = {
  save: 'Summary saved. The patient does not see it until you share it.',
  attach: 'Worksheet attached. The patient does not see it until you share the summary.',
  share: 'Summary shared. The patient has been emailed that it is in their portal.',
  correction: 'Correction shared. The patient sees the summary marked as updated.',
  'remove-worksheet': 'Worksheet removed.',
} as const

export async function action({ request, params }: ActionFunctionArgs) {
  const appointmentId = params.appointmentId ?? ''
  try {
    return await handleAction(request, {
      policy: POLICY,
      // Another psychologist's session is not found, whatever the form holds.
      load: (user) => writersSession(user, appointmentId),
      schema: summaryFormSchema,
      maxBytes: MAX_UPLOAD_BYTES + MAX_FORM_BYTES,
      perform: async (value, user, submission) => {
        const access = accessFrom(request)
        let done: keyof typeof NOTICES = value.intent
        if (value.intent === 'remove-worksheet') {
          await removeWorksheet({ appointmentId, user, worksheetId: value.worksheetId, access })
        } else {
          const written = await writeSummary({
            intent: value.intent === 'share' ? 'share' : 'save',
            appointmentId,
            user,
            version: value.version,
            patientId: value.patientId,
            content: { covered: value.covered, practise: value.practise, resources: value.resources },
            worksheet: await uploadIn(submission.payload),
            access,
          })
          if (written.corrected) done = 'correction'
        }
        // With JavaScript the editor stays where it is, on whichever page shows it.
        if (value.stay) return data<SummaryReply>({ result: submission.reply(), notice: NOTICES[done] })
        return redirectWithNotice(returnPathFor(appointmentId, value.returnTo), NOTICES[done])
      },
    })
  } catch (error) {
    // Too large to read at all: the worksheet is what made it so.
    if (error instanceof Response && error.status === 413) {
      return data<SummaryReply>(
        {
          result: {
            status: 'error',
            error: { [WORKSHEET_FIELD]: [uploadProblemMessage('worksheet', 'too_large')] },
          },
        },
        { status: 413 },
      )
    }
    throw error
  }
}

export default function SessionSummaryPage() {
  const editor = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  return (
    <div className="max-w-3xl">
      <PageHeader title="Session summary">
        <Link to={`/clinician/appointments/${editor.appointmentId}`} className={linkClass}>
          Back to the appointment
        </Link>
      </PageHeader>
      <SummaryEditor editor={editor} reply={reply} />
    </div>
  )
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusPages={{
        404: {
          title: 'We could not find that session',
          body: 'Summaries are written by the psychologist who saw the patient. Your sessions are in your calendar.',
        },
        413: {
          title: 'That worksheet is too large',
          body: 'Attach worksheets of up to 5 MB: a PDF, or a PNG or JPEG image.',
        },
      }}
    />
  )
}
