import { z } from 'zod'
import { summaryContentSchema, summaryEditorPath, WORKSHEET_FIELD } from '~/domain/records/summaries.ts'

// The summary editor's forms, checked by the same schema in the browser and on the server
// (app/routes/clinician+/appointments_.$appointmentId.summary.tsx).

const answer = {
  /** Sent by the editor once its JavaScript runs: answer with data, the page stays. */
  stay: z.literal('1').optional(),
  /** The page the form is on, to come back to without JavaScript. */
  returnTo: z.string().max(300).optional(),
}

const writing = {
  ...answer,
  ...summaryContentSchema.shape,
  /** The version the editor was opened at; 0 before the first save. */
  version: z.coerce.number().int().min(0),
  /** The patient the page showed. */
  patientId: z.string().min(1).max(64),
}

export const summaryFormSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('save'), ...writing, [WORKSHEET_FIELD]: z.file().optional() }),
  z.object({ intent: z.literal('share'), ...writing, [WORKSHEET_FIELD]: z.file().optional() }),
  z.object({
    intent: z.literal('attach'),
    ...writing,
    [WORKSHEET_FIELD]: z.file({ error: 'Choose a worksheet to attach.' }),
  }),
  z.object({ intent: z.literal('remove-worksheet'), ...answer, worksheetId: z.string().min(1).max(64) }),
])

export type SummaryFormIntent = z.infer<typeof summaryFormSchema>['intent']

/**
 * Where a form sent without JavaScript comes back to: the page it was on when that is one of this
 * session's (its note page, say), otherwise the summary's own page.
 */
export function returnPathFor(appointmentId: string, returnTo: string | undefined) {
  const session = `/clinician/appointments/${appointmentId}`
  if (returnTo?.startsWith(session) && /^(\/[a-z-]+)?$/.test(returnTo.slice(session.length))) return returnTo
  return summaryEditorPath(appointmentId)
}
