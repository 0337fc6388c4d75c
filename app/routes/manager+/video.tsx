import { getFormProps, getInputProps } from '@conform-to/react'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { PageHeader } from '~/components/area-shell.tsx'
import { GeneralErrorBoundary } from '~/components/error-boundary.tsx'
import {
  ErrorList,
  FormAlert,
  primaryButtonClass,
  replyFor,
  useValidatedForm,
  WholeNumberFields,
} from '~/components/forms.tsx'
import { hasPermission } from '~/domain/identity/permissions.ts'
import { videoSettingsSchema } from '~/domain/telehealth/settings.ts'
import { readVideoSettings, updateVideoSettings } from '~/domain/telehealth/settings.server.ts'
import { ROUTE_POLICIES } from '~/routes/__policy.ts'
import { handleAction } from '~/utils/action.server.ts'
import { redirectWithNotice } from '~/utils/notice.server.ts'
import { requireAccess } from '~/utils/route-guard.server.ts'

const POLICY = ROUTE_POLICIES['manager+/video.tsx']

export const meta: MetaFunction = () => [{ title: 'Video sessions · Haven' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccess(request, POLICY.loader)
  return { settings: await readVideoSettings(), canChange: hasPermission(user, 'update:video-settings:any') }
}

export async function action({ request }: ActionFunctionArgs) {
  return handleAction(request, {
    policy: POLICY,
    schema: videoSettingsSchema,
    perform: async (input, actor) => {
      await updateVideoSettings(input, actor.id)
      return redirectWithNotice('/manager/video', 'Video session settings saved.')
    },
  })
}

const MINUTES = [
  {
    name: 'videoJoinOpensMinutes',
    label: 'Joining opens (minutes before the start)',
    hint: 'The patient can check their camera and wait from then.',
    max: 60,
  },
  {
    name: 'videoJoinClosesMinutes',
    label: 'Joining closes (minutes after the booked end)',
    hint: 'Time to rejoin after a dropped connection, or to run a little over.',
    max: 120,
  },
] as const

export default function VideoSettingsPage() {
  const { settings, canChange } = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  const [form, fields] = useValidatedForm(
    'video-settings',
    videoSettingsSchema,
    replyFor(reply, 'save-video-settings'),
    settings,
  )
  return (
    <div className="space-y-6">
      <PageHeader title="Video sessions">
        Telehealth sessions run in Haven on Twilio Video: media stays in Australia, nothing is recorded.
      </PageHeader>
      <Form
        method="post"
        {...getFormProps(form)}
        className="max-w-2xl rounded-xl border border-stone-200 bg-white p-5 shadow-sm"
      >
        <fieldset disabled={!canChange} className="space-y-4">
          <legend className="text-lg font-semibold text-stone-900">When patients can join</legend>
          <FormAlert id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="save-video-settings" />
          <WholeNumberFields settings={MINUTES} fields={fields} />
          <div>
            <label className="flex items-center gap-2 text-sm font-medium text-stone-800">
              <input
                {...getInputProps(fields.videoAutoAdmit, { type: 'checkbox' })}
                className="size-4 accent-brand-700"
              />
              Let patients straight in (no waiting room)
            </label>
            <p className="mt-1 text-sm text-stone-600">
              Off: the patient waits until their psychologist lets them in.
            </p>
            <ErrorList id={fields.videoAutoAdmit.errorId} errors={fields.videoAutoAdmit.errors} />
          </div>
          {canChange ? (
            <button type="submit" className={primaryButtonClass}>
              Save video settings
            </button>
          ) : (
            <p className="text-sm text-stone-600">Only the practice manager can change these.</p>
          )}
        </fieldset>
      </Form>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
