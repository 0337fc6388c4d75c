import { getFormProps, getTextareaProps, type SubmissionResult } from '@conform-to/react'
import { useFetcher, useLocation } from '@remix-run/react'
import { type RefObject, useEffect, useRef } from 'react'
import {
  ErrorList,
  FormAlert,
  linkClass,
  Notice,
  ReplyAlert,
  TextareaField,
  useValidatedForm,
  secondaryButtonClass,
  primaryButtonClass,
} from '~/components/forms.tsx'
import { useHydrated } from '~/components/use-hydrated.ts'
import type { SummaryForEditor } from '~/domain/records/summaries.server.ts'
import { SUMMARY_SECTIONS, summaryEditorPath, WORKSHEET_FIELD } from '~/domain/records/summaries.ts'
import { formatZonedTime } from '~/utils/time.ts'
import { summaryFormSchema } from './summary-form.ts'
import { fileSizeText } from './summary-sections.tsx'

/** What the summary route answers a form: Conform's reply, and what happened when it worked. */
export type SummaryReply = { result: SubmissionResult<string[]>; notice?: string } | undefined

const worksheetPath = (appointmentId: string, worksheetId: string) =>
  `${summaryEditorPath(appointmentId)}/worksheets/${worksheetId}`

/** The hidden fields every editor form sends: where to come back to, and (with JavaScript) to stay. */
function AnswerFields() {
  const hydrated = useHydrated()
  const { pathname } = useLocation()
  return (
    <>
      <input type="hidden" name="returnTo" value={pathname} />
      {hydrated ? <input type="hidden" name="stay" value="1" /> : null}
    </>
  )
}

/**
 * The session summary the psychologist shares with the patient, written beside the note: renders
 * `summaryForEditor`'s data on any page. Its forms post to the summary route; with JavaScript they
 * are sent in the background and the page stays, without it the route brings the person back to
 * this page (`reply` is then that route's answer, for its own page).
 */
export function SummaryEditor({ editor, reply }: { editor: SummaryForEditor; reply?: SummaryReply }) {
  return (
    <section aria-labelledby="summary-heading" className="space-y-4">
      <div>
        <h2 id="summary-heading" className="text-lg font-semibold text-stone-900">
          Summary for {editor.patientName}
        </h2>
        <p className="mt-1 text-sm text-stone-600">
          A separate, plain-language summary of the session on{' '}
          {formatZonedTime(editor.startsAt, editor.timeZone)}, which {editor.patientName} reads in their
          portal. It is not part of your clinical note, and they only see it once you share it.
        </p>
        <SharedState editor={editor} />
      </div>
      {/* Without JavaScript, a worksheet's removal is answered here (its form holds only a button). */}
      <ReplyAlert reply={reply} intent="remove-worksheet" />
      {editor.notWritable ? (
        <p className="rounded-md border border-stone-200 bg-stone-50 px-4 py-3 text-sm text-stone-700">
          {editor.notWritable}
        </p>
      ) : (
        <SummaryForm editor={editor} reply={reply} />
      )}
    </section>
  )
}

function SharedState({ editor }: { editor: SummaryForEditor }) {
  if (!editor.publishedAt)
    return editor.version > 0 ? <p className="mt-1 text-sm text-stone-700">Draft: not shared yet.</p> : null
  return (
    <p className="mt-1 text-sm font-medium text-brand-800">
      Shared with {editor.patientName} on {formatZonedTime(editor.publishedAt, editor.timeZone)}
      {editor.correctedAt ? `; corrected ${formatZonedTime(editor.correctedAt, editor.timeZone)}` : ''}.
    </p>
  )
}

function SummaryForm({ editor, reply }: { editor: SummaryForEditor; reply?: SummaryReply }) {
  const fetcher = useFetcher<SummaryReply>()
  const answer = fetcher.data ?? reply
  const ours = answer?.result.initialValue?.intent !== 'remove-worksheet' ? answer : undefined
  const [form, fields] = useValidatedForm(
    `summary-${editor.appointmentId}`,
    summaryFormSchema,
    ours?.result,
    editor.content,
  )
  const busy = fetcher.state !== 'idle'
  const shared = editor.publishedAt !== null
  // A worksheet sent in the background is attached: the picker must not send it again.
  const picker = useRef<HTMLInputElement>(null)
  useEffect(() => {
    if (fetcher.state === 'idle' && fetcher.data?.notice && picker.current) picker.current.value = ''
  }, [fetcher.state, fetcher.data])
  const worksheetErrors = fields[WORKSHEET_FIELD].errors
  return (
    <>
      {ours?.notice ? <Notice>{ours.notice}</Notice> : null}
      <fetcher.Form
        method="post"
        action={summaryEditorPath(editor.appointmentId)}
        encType="multipart/form-data"
        {...getFormProps(form)}
        className="space-y-5"
      >
        <FormAlert id={form.errorId} errors={form.errors} />
        <AnswerFields />
        <input type="hidden" name="version" value={editor.version} />
        <input type="hidden" name="patientId" value={editor.patientId} />
        {SUMMARY_SECTIONS.map(({ key, label, hint }) => (
          <TextareaField
            key={key}
            label={label}
            hint={hint}
            errors={fields[key].errors}
            textareaProps={{ ...getTextareaProps(fields[key]), rows: key === 'covered' ? 6 : 4 }}
          />
        ))}
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-stone-800">Worksheets</legend>
          <WorksheetList editor={editor} shared={shared} />
          {shared ? (
            <p className="text-sm text-stone-600">Worksheets stay as they were shared.</p>
          ) : (
            <WorksheetPicker errors={worksheetErrors} busy={busy} inputRef={picker} />
          )}
        </fieldset>
        <div className="flex flex-wrap gap-3">
          {shared ? (
            <button type="submit" name="intent" value="share" disabled={busy} className={primaryButtonClass}>
              Share correction with patient
            </button>
          ) : (
            <>
              <button
                type="submit"
                name="intent"
                value="save"
                disabled={busy}
                className={secondaryButtonClass}
              >
                Save summary
              </button>
              <button
                type="submit"
                name="intent"
                value="share"
                disabled={busy}
                className={primaryButtonClass}
              >
                Share with patient
              </button>
            </>
          )}
        </div>
        <p className="text-sm text-stone-600">
          {shared
            ? 'A correction replaces what the patient sees, marked as updated, and they are emailed that it changed.'
            : 'Sharing emails the patient that there is something new in their portal; the email holds none of it.'}
        </p>
      </fetcher.Form>
      {shared
        ? null
        : editor.worksheets.map((worksheet) => (
            <RemoveWorksheetForm
              key={worksheet.id}
              appointmentId={editor.appointmentId}
              worksheetId={worksheet.id}
            />
          ))}
    </>
  )
}

function WorksheetPicker({
  errors,
  busy,
  inputRef,
}: {
  errors?: string[]
  busy: boolean
  inputRef: RefObject<HTMLInputElement>
}) {
  const errorId = errors?.length ? 'summary-worksheet-error' : undefined
  return (
    <div>
      <label htmlFor="summary-worksheet" className="block text-sm text-stone-700">
        Attach a worksheet: a PDF, or a PNG or JPEG image, up to 5 MB.
      </label>
      <div className="mt-1 flex flex-wrap items-center gap-3">
        <input
          ref={inputRef}
          id="summary-worksheet"
          type="file"
          name={WORKSHEET_FIELD}
          accept="application/pdf,image/jpeg,image/png"
          aria-describedby={errorId}
          aria-invalid={errorId ? true : undefined}
          className="block text-sm text-stone-700 file:mr-3 file:rounded-md file:border-0 file:bg-brand-100 file:px-3 file:py-2 file:font-medium file:text-brand-800"
        />
        <button type="submit" name="intent" value="attach" disabled={busy} className={secondaryButtonClass}>
          Attach worksheet
        </button>
      </div>
      <ErrorList id={errorId} errors={errors} />
    </div>
  )
}

function WorksheetList({ editor, shared }: { editor: SummaryForEditor; shared: boolean }) {
  if (editor.worksheets.length === 0) return <p className="text-sm text-stone-600">None attached.</p>
  return (
    <ul className="space-y-1 text-sm">
      {shared
        ? null
        : editor.worksheets.map((worksheet) => (
            <li key={worksheet.id} className="flex flex-wrap items-center gap-3">
              <a href={worksheetPath(editor.appointmentId, worksheet.id)} className={linkClass}>
                {worksheet.fileName}
              </a>
              <span className="text-stone-600">{fileSizeText(worksheet.sizeBytes)}</span>
              {shared ? null : (
                // Its own form (after this one): forms do not nest, so the button names it.
                <button
                  type="submit"
                  form={removeFormId(worksheet.id)}
                  className="text-sm font-medium text-red-700 underline underline-offset-4 hover:text-red-800"
                >
                  Remove<span className="sr-only"> {worksheet.fileName}</span>
                </button>
              )}
            </li>
          ))}
    </ul>
  )
}

const removeFormId = (worksheetId: string) => `remove-worksheet-${worksheetId}`

function RemoveWorksheetForm({ appointmentId, worksheetId }: { appointmentId: string; worksheetId: string }) {
  const fetcher = useFetcher<SummaryReply>()
  return (
    <fetcher.Form id={removeFormId(worksheetId)} method="post" action={summaryEditorPath(appointmentId)}>
      <AnswerFields />
      <input type="hidden" name="intent" value="remove-worksheet" />
      <input type="hidden" name="worksheetId" value={worksheetId} />
      <ReplyAlert reply={fetcher.data} />
    </fetcher.Form>
  )
}
