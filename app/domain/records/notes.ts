import { z } from 'zod'

// A clinical note's shape: its templates and sections, the session facts it records, its risk
// assessment, and the exact text that is sealed and, when signed, hashed. Pure: shared by the
// server, the editor and the tests.

export const NOTE_TEMPLATES = ['soap', 'dap', 'free'] as const
export type NoteTemplate = (typeof NOTE_TEMPLATES)[number]

export const NOTE_STATUSES = ['draft', 'signed'] as const
export type NoteStatus = (typeof NOTE_STATUSES)[number]

export const RISK_LEVELS = ['not_assessed', 'none', 'low', 'moderate', 'high'] as const
export type RiskLevel = (typeof RISK_LEVELS)[number]

export const RISK_LEVEL_LABELS: Record<RiskLevel, string> = {
  not_assessed: 'Not assessed',
  none: 'No current risk identified',
  low: 'Low',
  moderate: 'Moderate',
  high: 'High',
}

/** A note assessing risk at this level raises the patient's risk flag, as the intake's safety answer does. */
export const FLAGGED_RISK_LEVELS: readonly RiskLevel[] = ['high']

export type NoteSection = { key: string; label: string; hint: string }

export const NOTE_TEMPLATE_LABELS: Record<NoteTemplate, string> = {
  soap: 'SOAP',
  dap: 'DAP',
  free: 'Free text',
}

export const NOTE_SECTIONS: Record<NoteTemplate, readonly NoteSection[]> = {
  soap: [
    {
      key: 'subjective',
      label: 'Subjective',
      hint: 'What the client reported: concerns, mood, events since last session.',
    },
    {
      key: 'objective',
      label: 'Objective',
      hint: 'What you observed: presentation, affect, behaviour, measures.',
    },
    { key: 'assessment', label: 'Assessment', hint: 'Your clinical impression and progress towards goals.' },
    { key: 'plan', label: 'Plan', hint: 'Next steps, homework, referrals and the next session.' },
  ],
  dap: [
    { key: 'data', label: 'Data', hint: 'What was reported and observed in the session.' },
    { key: 'assessment', label: 'Assessment', hint: 'Your interpretation of the data and progress.' },
    { key: 'plan', label: 'Plan', hint: 'Next steps, homework and the next session.' },
  ],
  free: [{ key: 'text', label: 'Note', hint: 'The session in your own words.' }],
}

export const ATTENDANCE = ['attended', 'did_not_attend', 'not_recorded'] as const
export type Attendance = (typeof ATTENDANCE)[number]

export const ATTENDANCE_LABELS: Record<Attendance, string> = {
  attended: 'Attended',
  did_not_attend: 'Did not attend',
  not_recorded: 'Not recorded yet',
}

/** The session as the note records it, filled in from the appointment (not typed). */
export type SessionFacts = {
  startsAt: string
  endsAt: string
  timeZone: string
  modality: string
  appointmentType: string
  durationMinutes: number
  attendance: Attendance
}

export type NoteContent = {
  facts: SessionFacts
  sections: Record<string, string>
  riskPlan: string
}

/** Generous: a long assessment pasted from elsewhere (100 kB) fits; a runaway paste does not. */
export const MAX_SECTION_CHARACTERS = 200_000
export const MAX_ADDENDUM_CHARACTERS = 100_000
export const MAX_REASON_CHARACTERS = 500

/**
 * The exact text sealed and hashed: keys in a fixed order, so the same content always gives the
 * same hash, and a signed note's hash can be checked on every read.
 */
export function noteContentText(template: NoteTemplate, content: NoteContent): string {
  const sections = Object.fromEntries(
    NOTE_SECTIONS[template].map(({ key }) => [key, content.sections[key] ?? '']),
  )
  const facts = content.facts
  return JSON.stringify({
    facts: {
      startsAt: facts.startsAt,
      endsAt: facts.endsAt,
      timeZone: facts.timeZone,
      modality: facts.modality,
      appointmentType: facts.appointmentType,
      durationMinutes: facts.durationMinutes,
      attendance: facts.attendance,
    },
    sections,
    riskPlan: content.riskPlan,
  })
}

const sessionFactsSchema = z.object({
  startsAt: z.string(),
  endsAt: z.string(),
  timeZone: z.string(),
  modality: z.string(),
  appointmentType: z.string(),
  durationMinutes: z.number().int(),
  attendance: z.enum(ATTENDANCE),
})

const noteContentSchema = z.object({
  facts: sessionFactsSchema,
  sections: z.record(z.string(), z.string()),
  riskPlan: z.string(),
})

/** The unsealed text back as content; a malformed text throws (it was not written by Haven). */
export function parseNoteContent(text: string): NoteContent {
  return noteContentSchema.parse(JSON.parse(text))
}

/** Whether a draft has anything written in it (an empty draft may not be signed). */
export function hasWriting(template: NoteTemplate, content: NoteContent) {
  return NOTE_SECTIONS[template].some(({ key }) => (content.sections[key] ?? '').trim().length > 0)
}

// Control characters other than tab and line breaks: invisible, and refused by XML and HTML.
const CONTROL_CHARACTERS = /[^\P{Cc}\t\n]/gu

/** Pasted text keeps its words, not its control characters (other than line breaks and tabs). */
export function cleanText(text: string) {
  return text.replace(/\r\n?/g, '\n').replace(CONTROL_CHARACTERS, '')
}

const ALL_SECTION_KEYS = [
  ...new Set(Object.values(NOTE_SECTIONS).flatMap((sections) => sections.map(({ key }) => key))),
]

const sectionText = z
  .string()
  .max(
    MAX_SECTION_CHARACTERS,
    `A section holds at most ${MAX_SECTION_CHARACTERS.toLocaleString('en-AU')} characters`,
  )
  .default('')
  .transform(cleanText)

const noteId = z.string({ error: 'This form is missing its note: reload the page' }).min(1).max(100)

const sectionFields = Object.fromEntries(
  ALL_SECTION_KEYS.map((key) => [`section_${key}`, sectionText]),
) as Record<`section_${string}`, typeof sectionText>

const draftFields = {
  noteId,
  version: z.coerce.number({ error: 'This form is missing its version: reload the page' }).int().min(1),
  riskLevel: z.enum(RISK_LEVELS, { error: 'Choose a risk level' }).default('not_assessed'),
  riskPlan: sectionText,
  ...sectionFields,
}

/** The note page's forms, discriminated on intent. */
export const noteActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('start'), template: z.enum(NOTE_TEMPLATES, { error: 'Choose a template' }) }),
  z.object({ intent: z.literal('save'), autosave: z.literal('1').optional(), ...draftFields }),
  z.object({ intent: z.literal('sign'), ...draftFields }),
  z.object({
    intent: z.literal('addendum'),
    noteId,
    text: z
      .string({ error: 'Write the addendum first' })
      .trim()
      .min(1, 'Write the addendum first')
      .max(
        MAX_ADDENDUM_CHARACTERS,
        `An addendum holds at most ${MAX_ADDENDUM_CHARACTERS.toLocaleString('en-AU')} characters`,
      )
      .transform(cleanText),
  }),
  z.object({
    intent: z.literal('entered-in-error'),
    noteId,
    reason: z
      .string({ error: 'Say why this note is in error' })
      .trim()
      .min(1, 'Say why this note is in error')
      .max(MAX_REASON_CHARACTERS, `At most ${MAX_REASON_CHARACTERS} characters`),
  }),
])

/** A draft form's values as the domain takes them: the template's sections by key. */
export function draftFromForm(template: NoteTemplate, value: Record<string, unknown>) {
  return {
    sections: Object.fromEntries(
      NOTE_SECTIONS[template].map(({ key }) => [key, String(value[`section_${key}`] ?? '')]),
    ),
    riskLevel: value.riskLevel as RiskLevel,
    riskPlan: String(value.riskPlan ?? ''),
    version: Number(value.version),
  }
}
