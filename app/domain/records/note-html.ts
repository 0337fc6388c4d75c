import { formatZonedTime } from '~/utils/time.ts'
import {
  ATTENDANCE_LABELS,
  NOTE_SECTIONS,
  NOTE_TEMPLATE_LABELS,
  type NoteContent,
  type NoteTemplate,
  RISK_LEVEL_LABELS,
  type RiskLevel,
} from './notes.ts'

// A signed note (or an addendum) as the HTML document Halaxy stores (a DocumentReference's
// attachment). Everything written is escaped: a note is text, never markup.

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

export function escapeHtml(text: string) {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character]!)
}

function paragraphs(text: string) {
  if (!text.trim()) return '<p><em>Nothing written.</em></p>'
  return text
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('\n')
}

function page(title: string, body: string) {
  return `<!doctype html>\n<html lang="en-AU"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>\n${body}\n</body></html>`
}

export type SignedNoteDocument = {
  template: NoteTemplate
  riskLevel: RiskLevel
  content: NoteContent
  author: string
  signedAt: Date
}

/** The title Halaxy lists: the date and template, no clinical content. */
export function noteTitle(note: { template: NoteTemplate; content: NoteContent }) {
  const day = formatZonedTime(note.content.facts.startsAt, note.content.facts.timeZone)
  return `Session note ${day} (${NOTE_TEMPLATE_LABELS[note.template]})`
}

export function renderNoteHtml(note: SignedNoteDocument) {
  const facts = note.content.facts
  const title = noteTitle(note)
  const sections = NOTE_SECTIONS[note.template]
    .map(({ key, label }) => `<h2>${escapeHtml(label)}</h2>\n${paragraphs(note.content.sections[key] ?? '')}`)
    .join('\n')
  return page(
    title,
    [
      `<h1>${escapeHtml(title)}</h1>`,
      `<p>${escapeHtml(facts.appointmentType)}, ${facts.durationMinutes} minutes, ${escapeHtml(facts.modality === 'telehealth' ? 'telehealth (video)' : 'in person')}. ${escapeHtml(ATTENDANCE_LABELS[facts.attendance])}.</p>`,
      sections,
      `<h2>Risk assessment</h2>\n<p>${escapeHtml(RISK_LEVEL_LABELS[note.riskLevel])}</p>\n${note.content.riskPlan.trim() ? paragraphs(note.content.riskPlan) : ''}`,
      `<p>Signed by ${escapeHtml(note.author)}, ${escapeHtml(formatZonedTime(note.signedAt, facts.timeZone))}.</p>`,
    ].join('\n'),
  )
}

export type AddendumDocument = {
  text: string
  author: string
  createdAt: Date
  note: { template: NoteTemplate; content: NoteContent }
}

export function addendumTitle(addendum: AddendumDocument) {
  const facts = addendum.note.content.facts
  return `Addendum to session note ${formatZonedTime(facts.startsAt, facts.timeZone)}`
}

export function renderAddendumHtml(addendum: AddendumDocument) {
  const title = addendumTitle(addendum)
  return page(
    title,
    [
      `<h1>${escapeHtml(title)}</h1>`,
      paragraphs(addendum.text),
      `<p>Added by ${escapeHtml(addendum.author)}, ${escapeHtml(formatZonedTime(addendum.createdAt, addendum.note.content.facts.timeZone))}.</p>`,
    ].join('\n'),
  )
}
