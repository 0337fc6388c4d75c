import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, type ShouldRevalidateFunction, useActionData, useLoaderData } from '@remix-run/react'
import { Card, PageHeader } from '~/components/area-shell.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { linkClass, Notice } from '~/components/forms.tsx'
import {
  AddendumForm,
  BackToAppointment,
  DraftForm,
  EnteredInErrorForm,
  InErrorList,
  SessionFactsList,
  SignedNote,
  StartNoteForm,
} from '~/components/records/note-page.tsx'
import { accessFrom } from '~/domain/audit/audit.server.ts'
import { draftFromForm, NOTE_TEMPLATE_LABELS, noteActionSchema } from '~/domain/records/notes.ts'
import {
  addAddendum,
  assertCurrentNote,
  markEnteredInError,
  noteSession,
  noteWorkspace,
  saveDraft,
  signNote,
  startNote,
} from '~/domain/records/notes.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { handleAction, orNotFound } from '~/utils/action.server.ts'
import { redirectWithNotice } from '~/utils/notice.server.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'
import { formatZonedTime } from '~/utils/time.ts'

const POLICY = ROUTE_POLICIES['clinician+/appointments_.$appointmentId.note.tsx']

// Clinical content: never kept by a browser or proxy cache.
const NO_STORE = { 'Cache-Control': 'private, no-store' }

export const meta: MetaFunction = () => [{ title: 'Session note · Haven' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  const workspace = await orNotFound(noteWorkspace(params.appointmentId ?? '', user, accessFrom(request)))
  return data(workspace, { headers: NO_STORE })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const appointmentId = params.appointmentId ?? ''
  const here = `/clinician/appointments/${appointmentId}/note`
  const access = accessFrom(request)
  return handleAction(request, {
    policy: POLICY,
    // Not theirs (or not a session whose note they may read): 404, whatever the form holds.
    load: (actor) => orNotFound(noteSession(appointmentId, actor)),
    schema: noteActionSchema,
    perform: async (input, actor, _submission, session) => {
      if (input.intent !== 'start') assertCurrentNote(session, input.noteId)
      switch (input.intent) {
        case 'start':
          await startNote(appointmentId, input.template, actor, access)
          return redirectWithNotice(here, `${NOTE_TEMPLATE_LABELS[input.template]} note started.`)
        case 'save': {
          const saved = await saveDraft(input.noteId, draftFromForm(session.template, input), actor, access)
          if (input.autosave)
            return data({ saved: { ...saved, timeZone: session.timeZone } }, { headers: NO_STORE })
          return redirectWithNotice(here, 'Draft saved.')
        }
        case 'sign':
          await signNote(input.noteId, draftFromForm(session.template, input), actor, access)
          return redirectWithNotice(here, 'Note signed and locked.')
        case 'addendum':
          await addAddendum(input.noteId, input.text, actor, access)
          return redirectWithNotice(here, 'Addendum added.')
        case 'entered-in-error':
          await markEnteredInError(input.noteId, input.reason, actor, access)
          return redirectWithNotice(here, 'Note marked entered in error. It is kept, out of normal views.')
      }
    },
  })
}

// A draft saving itself changes nothing else on the page: no need to read (and audit) it again.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get('autosave') === '1' ? false : defaultShouldRevalidate

export default function SessionNotePage() {
  const { session, rights, note, draftBy, inError } = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  const replyData = reply && 'result' in reply ? reply : undefined
  const timeZone = session.facts.timeZone
  return (
    <div className="space-y-6">
      <PageHeader title={`Session note: ${session.patientName}`}>
        {formatZonedTime(session.facts.startsAt, timeZone)} with {session.psychologistName}.{' '}
        <BackToAppointment appointmentId={session.id} />
      </PageHeader>
      <Card title="Session">
        <SessionFactsList facts={session.facts} />
        {session.facts.attendance === 'not_recorded' && rights.write ? (
          <p className="mt-3">
            <Link to={`/clinician/appointments/${session.id}`} className={linkClass}>
              Record attendance
            </Link>{' '}
            on the appointment; the note fills it in.
          </p>
        ) : null}
      </Card>

      <section
        className="rounded-xl border border-stone-200 bg-white p-5 shadow-sm"
        aria-labelledby="note-heading"
      >
        <h2 id="note-heading" className="text-lg font-semibold text-stone-900">
          {note ? `${NOTE_TEMPLATE_LABELS[note.template]} note` : 'Clinical note'}
          {note?.status === 'draft' ? (
            <span className="ml-2 text-sm font-normal text-amber-800">Draft</span>
          ) : null}
        </h2>
        <div className="mt-4">
          {draftBy ? (
            <Notice>{draftBy} is still writing this note: it can be read once signed.</Notice>
          ) : note === null ? (
            rights.write && session.noteable === null ? (
              <StartNoteForm reply={replyData} />
            ) : (
              <Notice>{session.noteable ?? 'No note has been written for this session yet.'}</Notice>
            )
          ) : note.status === 'draft' ? (
            <DraftForm note={note} reply={replyData} timeZone={timeZone} />
          ) : (
            <div className="space-y-6">
              <SignedNote note={note} timeZone={timeZone} />
              {rights.addend ? <AddendumForm noteId={note.id} reply={replyData} /> : null}
            </div>
          )}
        </div>
      </section>
      {note && rights.write ? <EnteredInErrorForm noteId={note.id} reply={replyData} /> : null}
      <InErrorList notes={inError} timeZone={timeZone} />
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
