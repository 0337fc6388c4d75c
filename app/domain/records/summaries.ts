import { z } from 'zod'

// A session summary's shape: the plain-language sections a psychologist shares with the patient.
// Pure: shared by the server, the editor, the patient's page and the tests.

export const SUMMARY_SECTIONS = [
  {
    key: 'covered',
    label: 'What we covered',
    hint: 'The main things you talked about, in words the patient will recognise.',
  },
  {
    key: 'practise',
    label: 'What to practise',
    hint: 'Anything to try or notice before the next session.',
  },
  {
    key: 'resources',
    label: 'Resources',
    hint: 'Reading, apps, websites or services that may help.',
  },
] as const

export type SummarySectionKey = (typeof SUMMARY_SECTIONS)[number]['key']
export type SummaryContent = Record<SummarySectionKey, string>

/**
 * Per section. A long session's summary is a page or two; 100,000 characters is far beyond any
 * honest one while keeping the three within a form's 1 MB.
 */
export const SUMMARY_SECTION_MAX_CHARACTERS = 100_000

/** The worksheet file field of the editor's form. */
export const WORKSHEET_FIELD = 'worksheet'

const section = z
  .string()
  .max(SUMMARY_SECTION_MAX_CHARACTERS, 'This is too long to share: keep it under 100,000 characters.')
  .default('')

export const summaryContentSchema = z.strictObject({
  covered: section,
  practise: section,
  resources: section,
})

export const EMPTY_SUMMARY: SummaryContent = { covered: '', practise: '', resources: '' }

/** The exact text that is sealed: the sections as JSON, in a fixed order. */
export function summaryContentText(content: SummaryContent) {
  return JSON.stringify({
    covered: content.covered,
    practise: content.practise,
    resources: content.resources,
  })
}

/** The sealed text back as content; anything else stored there is a bug, so it throws. */
export function parseSummaryContent(text: string): SummaryContent {
  return summaryContentSchema.parse(JSON.parse(text))
}

export function hasSummaryWriting(content: SummaryContent) {
  return SUMMARY_SECTIONS.some(({ key }) => content[key].trim() !== '')
}

/** Where the patient reads a session's summary (the email links here). */
export const summaryPath = (appointmentId: string) => `/patient/appointments/${appointmentId}/summary`

/** Where the psychologist writes it: the editor's forms post here. */
export const summaryEditorPath = (appointmentId: string) => `/clinician/appointments/${appointmentId}/summary`
