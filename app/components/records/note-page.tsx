import { getFormProps, useForm } from '@conform-to/react'
import { Form, Link, useFetcher } from '@remix-run/react'
import { type ReactNode, useEffect, useRef, useState } from 'react'
import { Card } from '~/components/area-shell.tsx'
import {
  type ActionReplyData,
  ActionForm,
  FormAlert,
  linkClass,
  primaryButtonClass,
  replyFor,
  secondaryButtonClass,
} from '~/components/forms.tsx'
import { MODALITY_LABELS } from '~/domain/scheduling/directory.ts'
import {
  ATTENDANCE_LABELS,
  NOTE_SECTIONS,
  NOTE_TEMPLATE_LABELS,
  NOTE_TEMPLATES,
  RISK_LEVEL_LABELS,
  RISK_LEVELS,
  type NoteTemplate,
  type SessionFacts,
} from '~/domain/records/notes.ts'
import { type NoteView } from '~/domain/records/notes.server.ts'
import { formatClockTime, formatZonedTime } from '~/utils/time.ts'

const textareaClass =
  'mt-1 block w-full rounded-md border border-stone-300 px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:ring-brand-600'

/** How long typing must pause before a draft saves itself. */
const AUTOSAVE_DELAY_MS = 1_500

export function SessionFactsList({ facts }: { facts: SessionFacts }) {
  const rows: [string, ReactNode][] = [
    ['When', formatZonedTime(facts.startsAt, facts.timeZone)],
    ['Session', facts.appointmentType],
    ['Where', MODALITY_LABELS[facts.modality as keyof typeof MODALITY_LABELS] ?? facts.modality],
    ['Length', `${facts.durationMinutes} minutes`],
    ['Attendance', ATTENDANCE_LABELS[facts.attendance]],
  ]
  return (
    <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="font-medium text-stone-600">{label}</dt>
          <dd className="text-stone-900">{value}</dd>
        </div>
      ))}
    </dl>
  )
}

/** Written text as it was typed: escaped by React, line breaks kept. */
export function WrittenText({ text }: { text: string }) {
  return text.trim() ? (
    <p className="break-words whitespace-pre-wrap text-stone-900">{text}</p>
  ) : (
    <p className="text-stone-500 italic">Nothing written.</p>
  )
}

export function StartNoteForm({ reply }: { reply: ActionReplyData }) {
  return (
    <ActionForm intent="start" reply={reply} className="space-y-4">
      <fieldset>
        <legend className="text-sm font-medium text-stone-800">Template</legend>
        <div className="mt-2 flex flex-wrap gap-2">
          {NOTE_TEMPLATES.map((template) => (
            <label
              key={template}
              className="flex min-h-11 cursor-pointer items-center gap-2 rounded-md border border-stone-300 bg-white px-3 py-2 text-sm has-checked:border-brand-600 has-checked:bg-brand-50"
            >
              <input
                type="radio"
                name="template"
                value={template}
                defaultChecked={template === 'soap'}
                className="size-4 accent-brand-700"
              />
              {NOTE_TEMPLATE_LABELS[template]}
            </label>
          ))}
        </div>
      </fieldset>
      <button type="submit" className={primaryButtonClass}>
        Start note
      </button>
    </ActionForm>
  )
}

type SaveAnswer = { saved?: { version: number; savedAt: string; timeZone: string } } & Partial<
  NonNullable<ActionReplyData>
>

/**
 * The draft: saves itself as the psychologist types (with JavaScript), and on Save (without).
 * Sign saves what is on screen and locks it.
 */
export function DraftForm({
  note,
  reply,
  timeZone,
}: {
  note: NoteView
  reply: ActionReplyData
  timeZone: string
}) {
  const [form] = useForm({ lastResult: replyFor(reply, 'save') ?? replyFor(reply, 'sign') })
  const autosave = useFetcher<SaveAnswer>()
  const formRef = useRef<HTMLFormElement>(null)
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)
  // Typed but not yet sent: the autosave waits for a pause in typing.
  const [waiting, setWaiting] = useState(false)
  useEffect(() => () => clearTimeout(timer.current), [])

  const answer = autosave.state === 'idle' ? autosave.data : undefined
  // Versions only grow: the loader's after a reload, the autosave's answer in between.
  const version = Math.max(note.version, answer?.saved?.version ?? 0)
  const status = waiting
    ? 'Unsaved changes'
    : autosave.state !== 'idle'
      ? 'Saving…'
      : answer?.saved
        ? `Draft saved at ${formatClockTime(answer.saved.savedAt, timeZone)}`
        : answer?.result?.error
          ? Object.values(answer.result.error).flat().join(' ') || 'The draft could not be saved.'
          : ''

  function scheduleSave() {
    clearTimeout(timer.current)
    setWaiting(true)
    timer.current = setTimeout(() => {
      setWaiting(false)
      const data = new FormData(formRef.current!)
      data.set('intent', 'save')
      data.set('autosave', '1')
      autosave.submit(data, { method: 'post' })
    }, AUTOSAVE_DELAY_MS)
  }

  const busy = autosave.state !== 'idle'
  const errors = Object.values(form.allErrors).flat()
  return (
    <Form
      method="post"
      {...getFormProps(form)}
      ref={formRef}
      onChange={scheduleSave}
      onSubmit={() => clearTimeout(timer.current)}
      className="space-y-5"
    >
      <FormAlert id={form.errorId} errors={errors} />
      <input type="hidden" name="noteId" value={note.id} />
      <input type="hidden" name="version" value={version} />
      {NOTE_SECTIONS[note.template].map((section) => (
        <div key={section.key}>
          <label htmlFor={`section-${section.key}`} className="text-sm font-medium text-stone-800">
            {section.label}
          </label>
          <p id={`section-${section.key}-hint`} className="text-sm text-stone-600">
            {section.hint}
          </p>
          <textarea
            id={`section-${section.key}`}
            name={`section_${section.key}`}
            aria-describedby={`section-${section.key}-hint`}
            defaultValue={note.content.sections[section.key] ?? ''}
            rows={note.template === 'free' ? 14 : 6}
            className={textareaClass}
          />
        </div>
      ))}
      <RiskFields riskLevel={note.riskLevel} riskPlan={note.content.riskPlan} />
      <div className="flex flex-wrap items-center gap-3 border-t border-stone-200 pt-4">
        <button type="submit" name="intent" value="save" disabled={busy} className={secondaryButtonClass}>
          Save draft
        </button>
        <button type="submit" name="intent" value="sign" disabled={busy} className={primaryButtonClass}>
          Sign and lock
        </button>
        <p role="status" className="text-sm text-stone-600">
          {status}
        </p>
      </div>
      <p className="text-sm text-stone-600">
        Signing records your name, the time and a fingerprint of the note, and locks it: later changes are
        addenda, shown under it.
      </p>
    </Form>
  )
}

function RiskFields({ riskLevel, riskPlan }: { riskLevel: string; riskPlan: string }) {
  return (
    <fieldset className="space-y-3 rounded-lg border border-stone-200 p-4">
      <legend className="px-1 text-sm font-semibold text-stone-900">Risk assessment</legend>
      <div>
        <label htmlFor="risk-level" className="text-sm font-medium text-stone-800">
          Risk level
        </label>
        <select
          id="risk-level"
          name="riskLevel"
          defaultValue={riskLevel}
          className="mt-1 block rounded-md border border-stone-300 px-3 py-2 text-sm"
        >
          {RISK_LEVELS.map((level) => (
            <option key={level} value={level}>
              {RISK_LEVEL_LABELS[level]}
            </option>
          ))}
        </select>
        <p className="mt-1 text-sm text-stone-600">
          High raises the patient’s risk flag for the care team, as a risk answer at intake does.
        </p>
      </div>
      <div>
        <label htmlFor="risk-plan" className="text-sm font-medium text-stone-800">
          Risk and safety plan
        </label>
        <textarea id="risk-plan" name="riskPlan" defaultValue={riskPlan} rows={3} className={textareaClass} />
      </div>
    </fieldset>
  )
}

/** A signed note as written, its signature, and its addenda under it. */
export function SignedNote({ note, timeZone }: { note: NoteView; timeZone: string }) {
  return (
    <article className="space-y-4">
      {NOTE_SECTIONS[note.template].map((section) => (
        <section key={section.key}>
          <h3 className="text-sm font-semibold text-stone-700">{section.label}</h3>
          <WrittenText text={note.content.sections[section.key] ?? ''} />
        </section>
      ))}
      <section>
        <h3 className="text-sm font-semibold text-stone-700">Risk assessment</h3>
        <p className="text-stone-900">{RISK_LEVEL_LABELS[note.riskLevel]}</p>
        {note.content.riskPlan.trim() ? <WrittenText text={note.content.riskPlan} /> : null}
      </section>
      <p className="border-t border-stone-200 pt-3 text-sm text-stone-600">
        Signed by {note.signedBy} on {formatZonedTime(note.signedAt!, timeZone)}. Locked.{' '}
        <span className="font-mono text-xs" title="SHA-256 of the signed content">
          Fingerprint {note.contentHash?.slice(0, 16)}
        </span>
      </p>
      {note.addenda.length > 0 ? (
        <section aria-labelledby="addenda-heading" className="space-y-3">
          <h3 id="addenda-heading" className="text-base font-semibold text-stone-900">
            Addenda
          </h3>
          <ol className="space-y-3">
            {note.addenda.map((addendum) => (
              <li key={addendum.id} className="rounded-md border-l-4 border-brand-200 bg-stone-50 px-4 py-3">
                <p className="text-sm text-stone-600">
                  {addendum.author}, {formatZonedTime(addendum.createdAt, timeZone)}
                </p>
                <WrittenText text={addendum.text} />
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </article>
  )
}

export function AddendumForm({ noteId, reply }: { noteId: string; reply: ActionReplyData }) {
  return (
    <ActionForm intent="addendum" fields={{ noteId }} reply={reply} className="space-y-3">
      <label htmlFor="addendum-text" className="text-sm font-medium text-stone-800">
        Add an addendum
      </label>
      <p className="text-sm text-stone-600">
        A correction or later information: signed with your name and the time, shown under the note.
      </p>
      <textarea id="addendum-text" name="text" rows={4} required className={textareaClass} />
      <button type="submit" className={primaryButtonClass}>
        Add addendum
      </button>
    </ActionForm>
  )
}

export function EnteredInErrorForm({ noteId, reply }: { noteId: string; reply: ActionReplyData }) {
  return (
    <details
      className="rounded-lg border border-stone-200 bg-white p-4"
      open={Boolean(replyFor(reply, 'entered-in-error'))}
    >
      <summary className="cursor-pointer text-sm font-medium text-stone-800">
        Written on the wrong patient?
      </summary>
      <ActionForm intent="entered-in-error" fields={{ noteId }} reply={reply} className="mt-3 space-y-3">
        <p className="text-sm text-stone-600">
          Notes are never deleted. Marking this one entered in error keeps it, with your reason, out of normal
          views; you can then write this session’s note again.
        </p>
        <label htmlFor="error-reason" className="text-sm font-medium text-stone-800">
          Reason
        </label>
        <input
          id="error-reason"
          name="reason"
          required
          maxLength={500}
          className="block w-full rounded-md border border-stone-300 px-3 py-2 text-sm"
        />
        <button
          type="submit"
          className="rounded-md border border-red-300 bg-white px-4 py-2 text-sm font-medium text-red-800 hover:bg-red-50"
        >
          Mark entered in error
        </button>
      </ActionForm>
    </details>
  )
}

export function InErrorList({
  notes,
  timeZone,
}: {
  notes: { id: string; enteredInErrorAt: string; reason: string; by: string; template: NoteTemplate }[]
  timeZone: string
}) {
  if (notes.length === 0) return null
  return (
    <Card title="Entered in error">
      <ul className="space-y-2 text-sm text-stone-700">
        {notes.map((note) => (
          <li key={note.id}>
            {NOTE_TEMPLATE_LABELS[note.template]} note marked by {note.by} on{' '}
            {formatZonedTime(note.enteredInErrorAt, timeZone)}: {note.reason}
          </li>
        ))}
      </ul>
    </Card>
  )
}

export function BackToAppointment({ appointmentId }: { appointmentId: string }) {
  return (
    <Link to={`/clinician/appointments/${appointmentId}`} className={linkClass}>
      Back to the appointment
    </Link>
  )
}
