import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Card, PageHeader } from '~/components/area-shell.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import { ActionForm, primaryButtonClass } from '~/components/forms.tsx'
import { accessFrom } from '~/domain/audit/audit.server.ts'
import { hasPermission } from '~/domain/identity/permissions.ts'
import {
  grantNoteReading,
  recordsSettings,
  revokeNoteReading,
  setCareTeamAccess,
} from '~/domain/records/grants.server.ts'
import { DEFAULT_TIME_ZONE } from '~/domain/scheduling/directory.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { handleAction } from '~/utils/action.server.ts'
import { redirectWithNotice } from '~/utils/notice.server.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'
import { formatZonedTime } from '~/utils/time.ts'

const POLICY = ROUTE_POLICIES['manager+/records.tsx']

export const meta: MetaFunction = () => [{ title: 'Clinical records · Haven' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  return { settings: await recordsSettings(), canChange: hasPermission(user, 'update:user:any') }
}

const person = z.string({ error: 'Choose a person' }).min(1, 'Choose a person').max(64)

const schema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('care-team'),
    careTeamAccess: z.enum(['on', 'off'], { error: 'Choose on or off' }),
  }),
  z.object({ intent: z.literal('grant'), userId: person }),
  z.object({ intent: z.literal('revoke'), userId: person }),
])

export async function action({ request }: ActionFunctionArgs) {
  const access = accessFrom(request)
  return handleAction(request, {
    policy: POLICY,
    schema,
    perform: async (input, actor) => {
      const done = (notice: string) => redirectWithNotice('/manager/records', notice)
      switch (input.intent) {
        case 'care-team':
          await setCareTeamAccess(actor.id, input.careTeamAccess === 'on')
          return done(
            input.careTeamAccess === 'on'
              ? 'A patient’s psychologists now read and add to each other’s notes.'
              : 'Each psychologist now reads only the notes of their own sessions.',
          )
        case 'grant':
          await grantNoteReading(actor.id, input.userId, access)
          return done('Allowed to read clinical notes. Every note they open is recorded.')
        case 'revoke':
          await revokeNoteReading(actor.id, input.userId, access)
          return done('No longer allowed to read clinical notes.')
      }
    },
  })
}

export default function RecordsSettingsPage() {
  const { settings, canChange } = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  return (
    <div className="max-w-3xl space-y-6">
      <PageHeader title="Clinical records">
        Who reads psychologists’ notes. Notes are encrypted, signed notes are locked, and every read is
        recorded on the patient’s access history.
      </PageHeader>
      <Card title="Care teams">
        <p>
          {settings.careTeamAccess
            ? 'Psychologists on a patient’s care team read and add addenda to each other’s notes of that patient.'
            : 'Each psychologist reads only the notes of their own sessions.'}
        </p>
        {canChange ? (
          <ActionForm
            intent="care-team"
            fields={{ careTeamAccess: settings.careTeamAccess ? 'off' : 'on' }}
            reply={reply}
            className="mt-3"
          >
            <button type="submit" className={primaryButtonClass}>
              {settings.careTeamAccess
                ? 'Keep notes to their own psychologist'
                : 'Share notes within the care team'}
            </button>
          </ActionForm>
        ) : null}
      </Card>
      <Card title="Allowed to read every note">
        <p>
          Managers do not read clinical notes. Allow a person here only when their work needs it (a clinical
          director, say); the grant, and every note they then open, is recorded.
        </p>
        {settings.readers.length === 0 ? (
          <p className="mt-3">Nobody.</p>
        ) : (
          <ul className="mt-3 space-y-2">
            {settings.readers.map((reader) => (
              <li key={reader.id} className="flex flex-wrap items-center justify-between gap-3">
                <span>
                  {reader.name} ({reader.email}), since {formatZonedTime(reader.grantedAt, DEFAULT_TIME_ZONE)}
                  {reader.grantedBy ? `, allowed by ${reader.grantedBy}` : ''}
                </span>
                {canChange ? (
                  <ActionForm
                    intent="revoke"
                    fields={{ userId: reader.id }}
                    row={{ userId: reader.id }}
                    reply={reply}
                  >
                    <button type="submit" className="text-sm font-medium text-stone-700 underline">
                      Stop<span className="sr-only"> {reader.name} reading notes</span>
                    </button>
                  </ActionForm>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {canChange && settings.candidates.length > 0 ? (
          <ActionForm intent="grant" reply={reply} className="mt-4 flex flex-wrap items-end gap-2">
            <label className="text-sm font-medium text-stone-800">
              Allow
              <select
                name="userId"
                required
                className="mt-1 block rounded-md border border-stone-300 px-3 py-2 text-sm"
              >
                <option value="">Choose…</option>
                {settings.candidates.map((candidate) => (
                  <option key={candidate.id} value={candidate.id}>
                    {candidate.name}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className={primaryButtonClass}>
              Allow to read notes
            </button>
          </ActionForm>
        ) : null}
      </Card>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
